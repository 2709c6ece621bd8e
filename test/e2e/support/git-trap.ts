// Reads the traces of the git trap the driver armed (support/workspace.ts): the log of the `git` wrapper on
// PATH and the marker the repository's core.fsmonitor program writes.
import { existsSync, readFileSync } from 'node:fs';
import { ENV, requiredEnv } from './env';

export interface GitTraces {
  /** One entry per git process started through PATH, e.g. "git -c core.fsmonitor=false ls-files -z (cwd …)". */
  readonly calls: readonly string[];
  /** Whether the repository's core.fsmonitor program ran. */
  readonly fsmonitorRan: boolean;
}

export function readGitTraces(): GitTraces {
  const log = requiredEnv(ENV.gitLog);
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
  return { calls, fsmonitorRan: existsSync(requiredEnv(ENV.gitMarker)) };
}
