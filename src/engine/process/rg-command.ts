import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { isInsideRoot } from './git-executable';

/**
 * The one place a ripgrep process is started (git has git-command.ts). The caller names an absolute
 * executable found outside the workspace (PATH, or the editor's own binary); the arguments always begin
 * with `--no-config`, so neither RIPGREP_CONFIG_PATH nor a file the repository controls can add flags
 * (`--follow`, `--pre COMMAND`, ignore files…). ripgrep reads files and lists folders; it never runs a
 * program unless told to with `--pre`, which no Keyward call passes.
 */
export interface RipgrepRun {
  readonly stdout: Buffer;
  readonly stderr: string;
  /** 0: something matched; 1: nothing matched; 2: some file or folder could not be read (output still valid). */
  readonly code: 0 | 1 | 2;
}

/** Flags a caller may never pass: programs (`--pre`), symlink following, configuration, search outside `cwd`. */
const FORBIDDEN = /^(--pre|--pre-glob|-L|--follow|-z|--search-zip|--ignore-file|--type-add)(=|$)/;

/** Output limit: 256 MiB of paths is far beyond any workspace the walk would accept. */
const MAX_OUTPUT = 256 * 1024 * 1024;

export class RipgrepError extends Error {}

export interface RipgrepCallOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Hears standard output as it comes (the whole of it is in the result too). */
  readonly onStdout?: ((chunk: Buffer) => void) | undefined;
}

/**
 * Runs ripgrep to completion in `root` with `input` on its standard input (patterns for `-f -`); killed
 * (RipgrepError) after `timeoutMs` or when `signal` aborts.
 */
export function execRipgrep(executable: string, root: string, args: readonly string[], input: string, options: RipgrepCallOptions): Promise<RipgrepRun> {
  const { timeoutMs, signal } = options;
  if (!path.isAbsolute(executable)) return Promise.reject(new RipgrepError('ripgrep must be named by an absolute path'));
  if (isInsideRoot(executable, root)) return Promise.reject(new RipgrepError('ripgrep inside the workspace is never run'));
  const bad = args.find((arg) => FORBIDDEN.test(arg));
  if (bad !== undefined) return Promise.reject(new RipgrepError(`refused ripgrep flag ${bad}`));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['RIPGREP_CONFIG_PATH'];
  return new Promise((resolve, reject) => {
    const child = execFile(
      executable,
      ripgrepArgv(args),
      {
        cwd: root,
        env,
        encoding: 'buffer',
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        ...(signal ? { signal } : {}),
      },
      (error, stdout, stderr) => {
        const code: unknown = error ? (error as { code?: unknown }).code : 0;
        if (signal?.aborted) reject(new RipgrepError('ripgrep stopped: the scan was cancelled'));
        else if (error && (error as { killed?: boolean }).killed)
          reject(new RipgrepError(`ripgrep did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`));
        else if (code === 0 || code === 1 || code === 2) resolve({ stdout, stderr: stderr.toString('utf8'), code });
        else reject(new RipgrepError(`ripgrep failed (${String(code)})`));
      },
    );
    if (options.onStdout) child.stdout?.on('data', options.onStdout);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** The command line every ripgrep gets: the caller's arguments after `--no-config` (bench/ripgrep.mjs uses it too). */
export function ripgrepArgv(args: readonly string[]): string[] {
  return ['--no-config', ...args];
}
