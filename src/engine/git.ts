import { execFile } from 'node:child_process';
import { normalizeRelative } from './discovery/paths';
import { silentLogger, type Logger } from './types';

/**
 * What git knows about the workspace, read once per scan. Every git process goes through `runGit`, and only
 * in a trusted workspace: a repository's `.git/config` can name programs that git runs (fsmonitor hooks,
 * filters, …), so opening an untrusted folder must never start git.
 */
export interface GitState {
  /** true: tracked; false: git knows the repository and does not track it; undefined: unknown. */
  isTracked(relPath: string): boolean | undefined;
  /** Whether git tracks at least one file inside this folder (relative, POSIX). Optional for hosts' fakes. */
  hasTrackedUnder?(relDir: string): boolean;
}

/** No git (untrusted workspace, git not installed, not a repository): nothing is known. */
export const UNKNOWN_GIT_STATE: GitState = { isTracked: () => undefined, hasTrackedUnder: () => false };

export type GitErrorCode = 'untrusted' | 'git-missing' | 'not-a-repository' | 'not-tracked' | 'invalid-path' | 'failed';

/** A git operation that did not happen, with a code callers can branch on. Messages never quote file content. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly code: GitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GitOptions {
  readonly trusted: boolean;
  readonly logger?: Logger;
}

/** Runs `git ls-files -z` once and answers from its output. Untrusted, no git or no repository: unknown. */
export async function readGitState(root: string, opts: GitOptions): Promise<GitState> {
  const logger = opts.logger ?? silentLogger;
  if (!opts.trusted) {
    logger.debug('git: not run in an untrusted workspace; files are reported without committed/untracked state');
    return UNKNOWN_GIT_STATE;
  }
  let output: string;
  try {
    output = await runGit(root, ['ls-files', '-z']);
  } catch (error) {
    const code = error instanceof GitError ? error.code : 'failed';
    if (code === 'git-missing') logger.info('git: not installed or not on PATH; committed/untracked state is unknown');
    else if (code === 'not-a-repository') logger.debug('git: the workspace is not a git repository');
    else logger.warn(`git: could not list tracked files (${error instanceof Error ? error.message : code})`);
    return UNKNOWN_GIT_STATE;
  }
  const tracked = new Set<string>();
  const folders = new Set<string>();
  for (const entry of output.split('\0')) {
    if (entry === '') continue;
    tracked.add(entry);
    for (let slash = entry.indexOf('/'); slash >= 0; slash = entry.indexOf('/', slash + 1)) folders.add(entry.slice(0, slash));
  }
  logger.debug(`git: ${tracked.size} tracked files`);
  return {
    isTracked: (relPath) => tracked.has(normalizeRelative(relPath)),
    hasTrackedUnder: (relDir) => folders.has(normalizeRelative(relDir)),
  };
}

/**
 * Stops tracking a file: `git rm --cached`, which removes it from the index only. The working file is never
 * deleted. The path is taken literally (`--literal-pathspecs`), so `a*.pem` cannot untrack `ab.pem`.
 */
export async function untrackFile(root: string, relPath: string, opts: GitOptions): Promise<void> {
  if (!opts.trusted) {
    throw new GitError('untrusted', 'Keyward does not run git in an untrusted workspace. Trust the workspace, or run `git rm --cached` yourself.');
  }
  const path = normalizeRelative(relPath);
  if (path === '' || path.includes('\0') || path.split('/').includes('..') || /^[a-zA-Z]:/.test(path)) {
    throw new GitError('invalid-path', 'The path to untrack must be a file inside the workspace folder.');
  }
  try {
    await runGit(root, ['--literal-pathspecs', 'rm', '--cached', '--quiet', '--', path]);
  } catch (error) {
    if (error instanceof GitError && error.code === 'failed' && /did not match any files/.test(error.message)) {
      throw new GitError('not-tracked', 'git does not track this file (it may already be untracked).', { cause: error });
    }
    throw error;
  }
  opts.logger?.info(`git: stopped tracking ${path} (the file itself was kept)`);
}

/** Environment variables that would point git at another repository or index than the workspace's. */
const REDIRECTING_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES'];

/** Output limit for `ls-files`: 64 MiB of paths is far beyond any real repository. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/** The environment of every git process: no optional locks, no prompts, nothing redirecting it elsewhere. */
export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
  for (const name of REDIRECTING_ENV) delete env[name];
  return env;
}

/** git's arguments with the settings every Keyward git process gets in front. */
export function gitArguments(args: readonly string[]): string[] {
  // core.fsmonitor can name a program git starts on index reads; never let the repository's config run it.
  return ['-c', 'core.fsmonitor=false', ...args];
}

function runGit(root: string, args: readonly string[]): Promise<string> {
  const env = gitEnvironment();
  const fullArgs = gitArguments(args);
  return new Promise((resolve, reject) => {
    execFile('git', fullArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true, timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const errno = (error as NodeJS.ErrnoException).code;
      if (errno === 'ENOENT') {
        reject(new GitError('git-missing', 'git is not installed or not on PATH.', { cause: error }));
        return;
      }
      const detail = firstLine(stderr);
      if (/not a git repository/i.test(stderr)) {
        reject(new GitError('not-a-repository', 'The workspace folder is not inside a git repository.', { cause: error }));
        return;
      }
      reject(new GitError('failed', `git ${args.filter((a) => !a.startsWith('-')).slice(0, 1).join('')} failed${detail ? `: ${detail}` : ''}`, { cause: error }));
    });
  });
}

/** git's first error line (it names paths and states, never file content), bounded in length. */
function firstLine(stderr: string): string {
  const line = stderr.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line.trim();
}
