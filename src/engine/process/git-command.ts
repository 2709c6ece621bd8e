import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from './git-error';
import { resolveGitExecutable } from './git-executable';

/**
 * The one place a git process is described. Every Keyward git call goes through `gitInvocation`, so no
 * call site can forget a setting: a repository's configuration (and the objects it lacks) must never make
 * git run a program, reach a remote, or run forever.
 */
export interface GitCallOptions {
  /** The index git should read instead of the repository's (a pre-commit hook's GIT_INDEX_FILE). */
  readonly indexFile?: string | undefined;
  /**
   * Extra configuration for this call, passed through GIT_CONFIG_KEY_n/VALUE_n: keys from the repository
   * (a filter driver's name) may contain '=', which `-c` would split.
   */
  readonly config?: readonly (readonly [string, string])[] | undefined;
  /** Buffered calls: the whole run; streamed calls: the longest silence. Default 60 s / 120 s. */
  readonly timeoutMs?: number | undefined;
}

export interface GitInvocation {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Transports git knows by name; GIT_ALLOW_PROTOCOL='' below also covers remote helpers of any other name. */
const PROTOCOLS = ['file', 'git', 'ssh', 'http', 'https', 'ext'];

/**
 * `-c` settings in front of every command. Command-line configuration wins over the repository's own:
 * - core.fsmonitor names a program git starts on index reads;
 * - core.hooksPath: hooks run on index writes (post-index-change after `git rm --cached`);
 * - the protocol and ssh settings: in a partial clone git fetches missing objects on demand from the
 *   promisor remote, running `remote.<name>.uploadpack` or `core.sshCommand`; with every transport
 *   refused, no such program starts (GIT_NO_LAZY_FETCH is only honoured by recent git);
 * - safe.bareRepository=explicit: a bare repository inside the workspace is never entered implicitly;
 * - log.showSignature would start gpg for every commit; credential helpers are programs too.
 */
const HARDENING_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.sshCommand=false',
  'protocol.allow=never',
  ...PROTOCOLS.map((name) => `protocol.${name}.allow=never`),
  'safe.bareRepository=explicit',
  'log.showSignature=false',
  'credential.helper=',
];

/** Environment variables that would point git at another repository or index than the workspace's. */
const REDIRECTING_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
];
/** Programs the environment could name for a transport; every transport is refused anyway. */
const PROGRAM_ENV = ['GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF'];

/** The absolute git, the hardened arguments and environment for one call in `root`. */
export function gitInvocation(root: string, args: readonly string[], opts: GitCallOptions = {}): GitInvocation {
  const file = resolveGitExecutable(root);
  if (file === undefined)
    throw new GitError(
      'git-missing',
      'git is not installed or not on PATH (Keyward only runs a git found through an absolute PATH entry outside the workspace).',
    );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_ALLOW_PROTOCOL: '',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
  for (const name of [...REDIRECTING_ENV, ...PROGRAM_ENV]) delete env[name];
  if (opts.indexFile !== undefined) env['GIT_INDEX_FILE'] = opts.indexFile;
  if (opts.config !== undefined && opts.config.length > 0) appendConfigEnv(env, opts.config);
  const hardening = HARDENING_CONFIG.flatMap((setting) => ['-c', setting]);
  return { file, args: ['--no-pager', ...hardening, ...args], env };
}

/** Adds settings after any the caller's environment already has (a hook's inherited GIT_CONFIG_COUNT). */
function appendConfigEnv(env: NodeJS.ProcessEnv, config: readonly (readonly [string, string])[]): void {
  const inherited = Number.parseInt(env['GIT_CONFIG_COUNT'] ?? '0', 10);
  let count = Number.isInteger(inherited) && inherited > 0 ? inherited : 0;
  for (const [key, value] of config) {
    env[`GIT_CONFIG_KEY_${count}`] = key;
    env[`GIT_CONFIG_VALUE_${count}`] = value;
    count++;
  }
  env['GIT_CONFIG_COUNT'] = String(count);
}

/** Output limit of a buffered call: 64 MiB of paths is far beyond any real repository. */
const MAX_OUTPUT = 64 * 1024 * 1024;
const BUFFERED_TIMEOUT_MS = 60_000;
const STREAM_SILENCE_MS = 120_000;

/** Runs git to completion and returns its stdout; killed (GitError 'timeout') after `timeoutMs`. */
export function execGit(root: string, args: readonly string[], opts: GitCallOptions = {}): Promise<string> {
  const call = gitInvocation(root, args, opts);
  const timeout = opts.timeoutMs ?? BUFFERED_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(
      call.file,
      call.args,
      { cwd: root, env: call.env, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true, timeout, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) resolve(stdout);
        else if ((error as NodeJS.ErrnoException).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          reject(new GitError('failed', `git ${commandName(args)} wrote more than ${MAX_OUTPUT / 1024 / 1024} MiB`, { cause: error }));
        else if ((error as { killed?: boolean }).killed && (error as { signal?: string }).signal === 'SIGKILL') reject(timeoutError(args, timeout));
        else reject(gitFailure(args, (error as NodeJS.ErrnoException).code, stderr, undefined, error));
      },
    );
  });
}

/**
 * Starts a streaming git process. It is killed when it stays silent (no output at all) for `timeoutMs`:
 * `waitForGit` then rejects with GitError 'timeout'.
 */
export function spawnGit(root: string, args: readonly string[], opts: GitCallOptions = {}): ChildProcessWithoutNullStreams {
  const call = gitInvocation(root, args, opts);
  const child = spawn(call.file, call.args, { cwd: root, env: call.env, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const silence = opts.timeoutMs ?? STREAM_SILENCE_MS;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut.add(child);
      child.kill('SIGKILL');
    }, silence);
  };
  arm();
  child.stdout.on('data', arm);
  child.stderr.on('data', arm);
  child.once('close', () => clearTimeout(timer));
  child.once('error', () => clearTimeout(timer));
  silenceLimits.set(child, silence);
  return child;
}

const timedOut = new WeakSet<ChildProcessWithoutNullStreams>();
const silenceLimits = new WeakMap<ChildProcessWithoutNullStreams, number>();

/** Resolves on exit 0; maps a missing git, a timeout, "not a repository" and other failures to GitError codes. */
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
      reject(gitFailure(args, error.code, '', undefined, error));
    });
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      if (timedOut.has(child)) reject(timeoutError(args, silenceLimits.get(child) ?? STREAM_SILENCE_MS));
      else if (code === 0) resolve();
      else reject(gitFailure(args, undefined, stderr, signal ?? undefined));
    });
  });
}

function timeoutError(args: readonly string[], ms: number): GitError {
  return new GitError('timeout', `git ${commandName(args)} did not answer within ${Math.round(ms / 1000)} s and was stopped`);
}

function gitFailure(args: readonly string[], errno: string | number | undefined, stderr: string, signal: string | undefined, cause?: unknown): GitError {
  const options = cause === undefined ? undefined : { cause };
  if (errno === 'ENOENT') return new GitError('git-missing', 'git is not installed or not on PATH.', options);
  if (typeof errno === 'string' && stderr === '') return new GitError('failed', `git could not be started (${errno})`, options);
  if (/not a git repository/i.test(stderr)) return new GitError('not-a-repository', 'The folder is not inside a git repository.', options);
  const detail = firstLine(stderr);
  return new GitError('failed', `git ${commandName(args)} failed${signal ? ` (${signal})` : ''}${detail ? `: ${detail}` : ''}`, options);
}

function commandName(args: readonly string[]): string {
  return args.find((a) => !a.startsWith('-')) ?? '';
}

/** git's first error line (it names paths and states, never file content), bounded in length. */
function firstLine(stderr: string): string {
  const line = (stderr.split(/\r?\n/).find((l) => l.trim() !== '' && !/^warning: lazy fetching disabled/.test(l)) ?? '').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The paths of a `-z` listing (NUL-terminated entries), without the empty one after the last NUL. */
export function nulSeparatedPaths(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
