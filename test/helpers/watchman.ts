import { execFileSync, spawnSync } from 'node:child_process';
import { tempDir } from './temp-tree';

/** The watchman program on PATH (Debian's `watchman`; .ci/run installs it), or undefined. */
export const WATCHMAN = ((): string | undefined => {
  const found = spawnSync('sh', ['-c', 'command -v watchman'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : undefined;
})();

/** Why watchman tests cannot run here; false when they can. CI installs watchman, so there they always run (and fail without it). */
export const skipWithoutWatchman = WATCHMAN === undefined && process.env['CI'] !== 'true' ? 'watchman is not installed: .ci/run installs it' : false;

/**
 * A watchman service of the test's own: watchman 4.9 keeps its socket in `$TMPDIR/$USER-state/`, so a private
 * TMPDIR gives a private service, which the watches the tests make start. `during` points this process's
 * TMPDIR there, so the watchman clients Keyward starts find that service.
 */
export class WatchmanService {
  private readonly stateParent = tempDir('kw-wm-');
  /** The environment of a process that is to find this service (a CLI run). */
  readonly env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: this.stateParent };

  /** `watchman watch-project FOLDER` (starts the service on first use), as a user who runs watchman does. */
  watch(folder: string): void {
    this.run(['watch-project', folder]);
  }

  /** `watchman watch-del FOLDER`: the watch is gone; a new one is another instance. */
  unwatch(folder: string): void {
    this.run(['watch-del', folder]);
  }

  run(args: readonly string[]): string {
    if (WATCHMAN === undefined) throw new Error('watchman is not installed');
    return execFileSync(WATCHMAN, args, { env: this.env, encoding: 'utf8', timeout: 60_000 });
  }

  /** Runs `body` with this process's TMPDIR pointing at the service (restored after). */
  async during<T>(body: () => Promise<T>): Promise<T> {
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = this.stateParent;
    try {
      return await body();
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
  }

  shutdown(): void {
    if (WATCHMAN !== undefined) spawnSync(WATCHMAN, ['--no-spawn', 'shutdown-server'], { env: this.env, timeout: 30_000 });
  }
}
