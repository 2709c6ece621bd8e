import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnGit, waitForGit } from './git-command';
import { GitError } from './git-error';

export { waitForGit } from './git-command';

/**
 * Long-running git processes for the history and staged scans. Their output can be far larger than a
 * buffer should hold (a whole history's raw log, every blob), so it is streamed: callers get NUL-separated
 * tokens or raw chunks as git writes them. Same environment and `-c` settings as every other git call
 * (git-command.ts), and a process that stays silent too long is killed.
 */
export interface GitProcessOptions {
  readonly trusted: boolean;
  /**
   * The index git should read, when it is not the repository's own: git runs pre-commit hooks with
   * GIT_INDEX_FILE pointing at the index the commit will be made from (`git commit -a`, `git commit FILE`).
   */
  readonly indexFile?: string | undefined;
  /** The longest silence allowed before git is killed (default in git-command.ts). */
  readonly timeoutMs?: number | undefined;
}

/** Starts git, or throws `GitError('untrusted')`: a repository's config can name programs git runs. */
export function startGit(root: string, args: readonly string[], opts: GitProcessOptions): ChildProcessWithoutNullStreams {
  if (!opts.trusted) throw untrustedError();
  return spawnGit(root, args, { indexFile: opts.indexFile, timeoutMs: opts.timeoutMs });
}

export function untrustedError(): GitError {
  return new GitError(
    'untrusted',
    'Scanning git history or staged changes needs git, and Keyward does not run git in an untrusted folder. Drop --untrusted (or trust the workspace) to use --history or --staged.',
  );
}

/**
 * Runs git and calls `onToken` for every NUL-terminated token of its stdout (`-z` output, or lines with
 * `separator` '\n'), in order.
 * Resolves when git exits 0; rejects with a GitError otherwise (its first stderr line, which names refs and
 * paths, never file content).
 */
export async function streamGitTokens(
  root: string,
  args: readonly string[],
  opts: GitProcessOptions,
  onToken: (token: string) => void,
  separator = '\0',
): Promise<void> {
  const child = startGit(root, args, opts);
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  let rest = '';
  child.stdout.on('data', (chunk: string) => {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf(separator); end >= 0; end = text.indexOf(separator, start)) {
      onToken(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  });
  await waitForGit(child, args);
  if (rest !== '') onToken(rest);
}

/** Runs git and returns its whole stdout: only for outputs known to be small (one line, one object). */
export async function readGit(root: string, args: readonly string[], opts: GitProcessOptions): Promise<string> {
  const child = startGit(root, args, opts);
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  let out = '';
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await waitForGit(child, args);
  return out;
}
