import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { isInsideRoot } from './git-executable';

/**
 * The one place a watchman client is started (scan/watchman-journal.ts asks it). The client only talks to a
 * watchman service the user already runs: `--no-spawn` never starts one, and `--no-local` keeps the client
 * from answering by itself (which would crawl the folder). The command is one JSON array on standard input.
 */
export class WatchmanError extends Error {
  constructor(
    message: string,
    /** No service answered (none runs for this user, or its socket is elsewhere). */
    readonly notRunning = false,
  ) {
    super(message);
  }
}

/** Far beyond the answer to a query whose files are counted before they are used. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/** The commands Keyward sends: none of them creates a watch, a trigger or a subscription. */
export type WatchmanCommand =
  | readonly ['watch-list']
  | readonly ['get-config', string]
  | readonly ['clock', string, { readonly sync_timeout: number }]
  | readonly ['query', string, Readonly<Record<string, unknown>>];

/** Runs the watchman client with one command; its JSON answer, or WatchmanError (no service, an error answer, a timeout). */
export function askWatchman(executable: string, root: string, command: WatchmanCommand, timeoutMs: number): Promise<Record<string, unknown>> {
  if (!path.isAbsolute(executable)) return Promise.reject(new WatchmanError('watchman must be named by an absolute path'));
  if (isInsideRoot(executable, root)) return Promise.reject(new WatchmanError('watchman inside the workspace is never run'));
  return new Promise((resolve, reject) => {
    const child = execFile(
      executable,
      ['--no-spawn', '--no-local', '--no-pretty', '--json-command'],
      { cwd: root, encoding: 'utf8', maxBuffer: MAX_OUTPUT, windowsHide: true, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout) => {
        if (error && (error as { killed?: boolean }).killed) {
          reject(new WatchmanError(`watchman did not answer within ${Math.round(timeoutMs / 1000)} s`));
          return;
        }
        const answer = parseAnswer(stdout);
        if (answer === undefined) reject(error ? new WatchmanError('watchman is not running', true) : new WatchmanError('watchman gave no answer'));
        else if (typeof answer['error'] === 'string') reject(new WatchmanError(`watchman: ${answer['error']}`));
        else if (error) reject(new WatchmanError('watchman failed'));
        else resolve(answer);
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(command));
  });
}

function parseAnswer(stdout: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(stdout);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
