import { statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where the editor keeps its own ripgrep (the one its search view runs), from `vscode.env.appRoot`:
 * desktop builds ship `@vscode/ripgrep` (unpacked next to the asar archive when packed), code-server
 * ships `@vscode/ripgrep-universal` with one binary per platform. A workspace cannot have replaced this
 * binary, so workspace scans may use it in untrusted workspaces too (the engine still refuses a binary
 * inside the scanned folder).
 */
export function bundledRipgrepCandidates(appRoot: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string[] {
  const exe = platform === 'win32' ? 'rg.exe' : 'rg';
  return [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${platform}-${arch}`, exe),
  ];
}

/** The first candidate that is a regular file; undefined when the editor has none (then every file is read). */
export function findBundledRipgrep(appRoot: string | undefined, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  if (!appRoot || !path.isAbsolute(appRoot)) return undefined;
  return bundledRipgrepCandidates(appRoot, platform, arch).find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
