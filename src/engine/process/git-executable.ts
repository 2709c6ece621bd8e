import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where the `git` program is: an absolute path found through PATH, resolved once per (PATH, root). A bare
 * `git` would be looked up by the OS, and on Windows that lookup tries the working directory (the
 * workspace) before PATH, so a repository could ship its own `git.exe`. Relative PATH entries ('', '.',
 * 'bin') name the working directory too and are never searched; neither is any entry inside the scanned
 * root (unless that root is a filesystem root). undefined: no git outside the workspace.
 */
export function resolveGitExecutable(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const pathValue = env['PATH'] ?? env['Path'] ?? '';
  const key = `${platform}\0${pathValue}\0${path.resolve(root)}`;
  if (resolved.has(key)) return resolved.get(key);
  const found = searchPath('git', pathValue, root, platform);
  resolved.set(key, found);
  return found;
}

const resolved = new Map<string, string | undefined>();

/** Where `rg` (ripgrep) is, with the same rules as git: an absolute PATH entry outside the workspace. */
export function resolveRipgrepExecutable(root: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  return searchPath('rg', env['PATH'] ?? env['Path'] ?? '', root, platform);
}

/** Where `watchman` is (scan/watchman-journal.ts), with the same rules as git. */
export function resolveWatchmanExecutable(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  return searchPath('watchman', env['PATH'] ?? env['Path'] ?? '', root, platform);
}

/** Whether `file` lies inside `root` (lexically or once symlinks are resolved): never run such a program. */
export function isInsideRoot(file: string, root: string, platform: NodeJS.Platform = process.platform): boolean {
  const roots = realAndLexical(root);
  return realAndLexical(file).some((f) => roots.some((r) => isInside(f, r, platform)));
}

function searchPath(program: string, pathValue: string, root: string, platform: NodeJS.Platform): string | undefined {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const names = platform === 'win32' ? [`${program}.exe`] : [program];
  // A filesystem root as the workspace (`keyward scan --history` from /) would exclude every entry: the
  // threat is a repository's own git, and no repository is a whole filesystem.
  const roots = realAndLexical(root).filter((r) => p.parse(r).root !== r);
  for (const raw of pathValue.split(platform === 'win32' ? ';' : ':')) {
    const dir = platform === 'win32' ? raw.replace(/^"(.*)"$/, '$1') : raw;
    if (dir === '' || !p.isAbsolute(dir)) continue;
    if (realAndLexical(dir).some((d) => roots.some((r) => isInside(d, r, platform)))) continue;
    for (const name of names) {
      const candidate = p.join(dir, name);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/** The path as given and, when it exists, with symlinks resolved (a PATH entry may be a link into the root). */
function realAndLexical(dir: string): string[] {
  const lexical = path.resolve(dir);
  try {
    const real = realpathSync.native(lexical);
    return real === lexical ? [lexical] : [lexical, real];
  } catch {
    return [lexical];
  }
}

function isInside(dir: string, root: string, platform: NodeJS.Platform): boolean {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const fold = (s: string) => (platform === 'win32' || platform === 'darwin' ? s.toLowerCase() : s);
  const rel = p.relative(fold(root), fold(dir));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

function isExecutableFile(candidate: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    if (platform !== 'win32') accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
