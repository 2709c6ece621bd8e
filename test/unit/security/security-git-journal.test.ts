import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { generatePemKey } from '../../helpers/keys';
import { JournalRepo, PAST, ruleIdsAt } from '../../helpers/journal-repo';
import { tempDir } from '../../helpers/temp-tree';

/**
 * The repository controls its index and its configuration: neither may make a cached re-scan (which asks git
 * what changed, scan/git-journal.ts) miss a key written since the last scan, nor run a repository program.
 */
const LATER = new Date(PAST.getTime() + 60_000);

function keyText(): string {
  return generatePemKey('ec-pkcs8').text;
}

/** A repository with a key-free file the test later turns into a key, scanned once with the cache. */
async function scannedRepo(extra: Record<string, string> = {}): Promise<JournalRepo> {
  const repo = new JournalRepo({ 'notes/plain.txt': 'nothing here\n', 'src/app.js': 'export {};\n', ...extra });
  await repo.cachedScan();
  return repo;
}

async function assertKeyFound(repo: JournalRepo, relative: string, what: string): Promise<void> {
  const result = await repo.assertRescanMatchesFresh(what);
  assert.ok(ruleIdsAt(result, relative).length > 0, `${what}: the key written into ${relative} is reported`);
}

describe('git journal: hostile index bits and configuration cannot hide a changed file', () => {
  for (const bit of ['--assume-unchanged', '--skip-worktree']) {
    test(`a file marked ${bit} and then changed is read again`, async () => {
      const repo = await scannedRepo();
      repo.git('update-index', bit, 'notes/plain.txt');
      repo.write({ 'notes/plain.txt': keyText() }, LATER);
      await assertKeyFound(repo, 'notes/plain.txt', bit);
    });
  }

  test('core.ignoreStat=true (files added since are assumed unchanged)', async () => {
    const repo = await scannedRepo();
    repo.git('config', 'core.ignoreStat', 'true');
    repo.touch('notes/plain.txt', LATER);
    repo.git('add', 'notes/plain.txt');
    repo.git('update-index', '--refresh');
    await repo.cachedScan();
    repo.write({ 'notes/plain.txt': keyText() }, new Date(LATER.getTime() + 60_000));
    await assertKeyFound(repo, 'notes/plain.txt', 'core.ignoreStat');
  });

  test('core.checkStat=minimal with core.trustctime=false: a same-size file replaced in the same second', async () => {
    const key = keyText();
    const second = Math.floor(PAST.getTime() / 1000) * 1000;
    const repo = new JournalRepo({ 'notes/plain.txt': 'x'.repeat(key.length), 'src/app.js': 'export {};\n' });
    repo.touch('notes/plain.txt', new Date(second + 100));
    repo.git('update-index', '--refresh');
    // git compares mtimes to the second: the index may keep an older sub-second part, which the second
    // (journal) scan records in the cache.
    await repo.cachedScan();
    await repo.cachedScan();
    repo.git('config', 'core.checkStat', 'minimal');
    repo.git('config', 'core.trustctime', 'false');
    // Same size, same second, a new inode (written aside and renamed over, as editors save): only the
    // inode and the sub-second mtime tell, and minimal compares neither (git compares mtimes to the second).
    repo.write({ 'notes/plain.txt.new': key }, new Date(second + 600));
    renameSync(path.join(repo.root, 'notes', 'plain.txt.new'), path.join(repo.root, 'notes', 'plain.txt'));
    await assertKeyFound(repo, 'notes/plain.txt', 'core.checkStat=minimal');
  });

  test('core.fsmonitor naming a program that reports nothing changed: not run, and not believed', async () => {
    const repo = await scannedRepo();
    const marker = path.join(tempDir('keyward-journal-marker-'), 'fsmonitor-ran');
    const hook = path.join(repo.root, '.git', 'fsmonitor-hook');
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nprintf 'token\\0'\n`);
    chmodSync(hook, 0o755);
    repo.git('config', 'core.fsmonitor', hook);
    repo.write({ 'notes/plain.txt': keyText() }, LATER);
    await assertKeyFound(repo, 'notes/plain.txt', 'core.fsmonitor');
    assert.equal(existsSync(marker), false, 'the fsmonitor program did not run');
  });

  test('a clean filter on racily clean entries is never run', async () => {
    const repo = await scannedRepo({ '.gitattributes': '* filter=evil\n' });
    const marker = path.join(tempDir('keyward-journal-marker-'), 'filter-ran');
    repo.git('config', 'filter.evil.clean', `sh -c "touch '${marker}'; cat"`);
    repo.git('config', 'filter.evil.required', 'true');
    repo.write({ 'notes/plain.txt': keyText() }, LATER);
    // An index older than the files makes every entry racy: git compares contents, through the clean filter.
    const index = path.join(repo.root, '.git', 'index');
    const older = new Date(PAST.getTime() - 3600_000);
    utimesSync(index, older, older);
    await assertKeyFound(repo, 'notes/plain.txt', 'filter driver');
    assert.equal(existsSync(marker), false, 'the repository filter program did not run');
  });

  test('a split index', async () => {
    const repo = await scannedRepo();
    repo.git('update-index', '--split-index');
    repo.write({ 'notes/plain.txt': keyText() }, LATER);
    await assertKeyFound(repo, 'notes/plain.txt', 'split index');
  });

  test('an untracked cache in the index does not hide a new untracked file', async () => {
    const repo = await scannedRepo();
    repo.git('config', 'core.untrackedCache', 'true');
    repo.git('update-index', '--untracked-cache');
    repo.git('status', '--porcelain');
    repo.write({ 'notes/new-key.pem': keyText() }, LATER);
    await assertKeyFound(repo, 'notes/new-key.pem', 'untracked cache');
  });

  test('sparse checkout: a key written at a path outside the sparse cone', async () => {
    const repo = await scannedRepo({ 'outside/config.txt': 'x\n' });
    repo.git('sparse-checkout', 'set', '--no-cone', '/notes/', '/src/');
    assert.equal(existsSync(path.join(repo.root, 'outside', 'config.txt')), false, 'sparse checkout removed the file');
    mkdirSync(path.join(repo.root, 'outside'), { recursive: true });
    repo.write({ 'outside/config.txt': keyText() }, LATER);
    await assertKeyFound(repo, 'outside/config.txt', 'sparse checkout');
  });

  test('a submodule entry (gitlink): its folder is walked', async () => {
    const repo = await scannedRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.git('update-index', '--add', '--cacheinfo', `160000,${head},vendor/sub`);
    repo.write({ 'vendor/sub/key.pem': keyText() }, LATER);
    await assertKeyFound(repo, 'vendor/sub/key.pem', 'gitlink');
  });
});
