import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError, gitArguments, gitEnvironment } from '../git';

/**
 * Long-running git processes for the history and staged scans. Their output can be far larger than a
 * buffer should hold (a whole history's raw log, every blob), so it is streamed: callers get NUL-separated
 * tokens or raw chunks as git writes them. Same environment and `-c` settings as every other git call.
 */
export interface GitProcessOptions {
  readonly trusted: boolean;
  /**
   * The index git should read, when it is not the repository's own: git runs pre-commit hooks with
   * GIT_INDEX_FILE pointing at the index the commit will be made from (`git commit -a`, `git commit FILE`).
   */
  readonly indexFile?: string | undefined;
}

/** Starts git, or throws `GitError('untrusted')`: a repository's config can name programs git runs. */
export function startGit(root: string, args: readonly string[], opts: GitProcessOptions): ChildProcessWithoutNullStreams {
  if (!opts.trusted) throw untrustedError();
  const env = gitEnvironment();
  if (opts.indexFile !== undefined) env['GIT_INDEX_FILE'] = opts.indexFile;
  return spawn('git', gitArguments(args), { cwd: root, env, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function untrustedError(): GitError {
  return new GitError('untrusted', 'Scanning git history or staged changes needs git, and Keyward does not run git in an untrusted folder. Drop --untrusted (or trust the workspace) to use --history or --staged.');
}

/**
 * Runs git and calls `onToken` for every NUL-terminated token of its stdout (`-z` output), in order.
 * Resolves when git exits 0; rejects with a GitError otherwise (its first stderr line, which names refs and
 * paths, never file content).
 */
export function streamGitTokens(root: string, args: readonly string[], opts: GitProcessOptions, onToken: (token: string) => void): Promise<void> {
  const child = startGit(root, args, opts);
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  let rest = '';
  child.stdout.on('data', (chunk: string) => {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\0'); end >= 0; end = text.indexOf('\0', start)) {
      onToken(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  });
  return waitForGit(child, args).then(() => {
    if (rest !== '') onToken(rest);
  });
}

/** Runs git and returns its whole stdout: only for outputs known to be small (one line, one object). */
export function readGit(root: string, args: readonly string[], opts: GitProcessOptions): Promise<string> {
  const child = startGit(root, args, opts);
  child.stdin.end();
  child.stdout.setEncoding('utf8');
  let out = '';
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  return waitForGit(child, args).then(() => out);
}

/** Resolves on exit 0; maps a missing git, "not a repository" and other failures to GitError codes. */
export function waitForGit(child: ChildProcessWithoutNullStreams, args: readonly string[]): Promise<void> {
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      reject(error.code === 'ENOENT' ? new GitError('git-missing', 'git is not installed or not on PATH.', { cause: error }) : new GitError('failed', `git could not be started (${error.code ?? error.name})`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      if (code === 0) resolve();
      else if (/not a git repository/i.test(stderr)) reject(new GitError('not-a-repository', 'The folder is not inside a git repository.'));
      else reject(new GitError('failed', `git ${args.find((a) => !a.startsWith('-')) ?? ''} failed${signal ? ` (${signal})` : ''}${firstLine(stderr) ? `: ${firstLine(stderr)}` : ''}`));
    });
  });
}

function firstLine(stderr: string): string {
  const line = (stderr.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
