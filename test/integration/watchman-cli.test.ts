// `keyward scan --cache` with watchman watching the folder, run as a process (the built dist/cli.js): the stored
// result keeps watchman's clock and the next re-scan is answered from it; --no-watchman never asks. What watchman's
// answers stand for is tested in test/unit/engine/scan/unchanged-rescan-watchman.test.ts.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, describe, test } from 'node:test';
import { directoryTimesKept } from '../../src/engine/scan/recorded-folders';
import { runKeyward } from '../helpers/history-test-repo';
import { JournalRepo, startingRepoFiles } from '../helpers/journal-repo';
import { skipWithoutWatchman, WatchmanService } from '../helpers/watchman';

describe('keyward scan --cache with watchman', { skip: skipWithoutWatchman || (!directoryTimesKept(tmpdir()) && 'not a local file system') }, () => {
  const service = new WatchmanService();
  after(() => service.shutdown());

  test('the clock is kept and answers the next re-scan; --no-watchman never asks', () => {
    const repo = new JournalRepo(startingRepoFiles());
    service.watch(repo.root);
    const stored = `${repo.cacheFile}.unchanged`;
    const scan = (...extra: string[]) => {
      const run = runKeyward(['scan', '.', '--cache', repo.cacheFile, '--format', 'json', '--fail-on', 'none', '--verbose', ...extra], repo.root, service.env);
      assert.equal(run.status, 0, run.stderr);
      return run;
    };
    const first = scan();
    scan();
    assert.ok((JSON.parse(readFileSync(stored, 'utf8')) as { watchman?: unknown }).watchman, 'the stored result keeps a clock');
    const third = scan();
    assert.match(third.stderr, /watchman: nothing in the workspace changed since the last scan/);
    assert.deepEqual(JSON.parse(third.stdout).findings, JSON.parse(first.stdout).findings);

    rmSync(stored);
    scan('--no-watchman');
    const off = scan('--no-watchman');
    assert.ok(existsSync(stored), 'a result is stored');
    assert.equal((JSON.parse(readFileSync(stored, 'utf8')) as { watchman?: unknown }).watchman, undefined, 'without a clock');
    assert.doesNotMatch(off.stderr, /watchman/);
  });
});
