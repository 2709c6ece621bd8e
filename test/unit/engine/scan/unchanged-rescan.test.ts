/**
 * The unchanged re-scan (scan/unchanged-rescan.ts) returns the previous result whole when git reports nothing
 * changed. Each test brings a repository (real git) to the state where that shortcut answers, then changes
 * one thing it must notice, and checks that the next re-scan does not take the shortcut and reports what a
 * scan without the cache reports.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { WorkspaceScanOptions } from '../../../../src/engine/scan/workspace-options';
import type { ScanResult } from '../../../../src/engine/types';
import { generatePemKey } from '../../../helpers/keys';
import { comparable, JournalRepo, PAST, ruleIdsAt, SIGNING_SCRIPT } from '../../../helpers/journal-repo';

const LATER = new Date(PAST.getTime() + 60_000);

function startingFiles(): Record<string, string> {
  const files: Record<string, string> = {
    '.gitignore': 'build/\n*.log\n',
    'deploy/sign.sh': SIGNING_SCRIPT,
    'keys/committed.pem': generatePemKey('ec-pkcs8').text,
    'docs/readme.md': '# readme\n',
    'src/plain.js': 'export const a = 1;\n',
    'src/other.js': 'export const b = 2;\n',
  };
  return files;
}

/** A committed repository scanned until the unchanged re-scan answers (walk, journal, then unchanged). */
async function settledRepo(files = startingFiles(), options: Partial<WorkspaceScanOptions> = {}): Promise<JournalRepo> {
  const repo = new JournalRepo(files);
  await repo.cachedScan(undefined, undefined, options);
  assert.equal((await repo.cachedScan(undefined, undefined, options)).unchanged, false, 'the first re-scan uses the journal');
  await assertUnchanged(repo, 'settled', options);
  return repo;
}

/** The next re-scan gives the previous result whole, and that result is a fresh scan's. */
async function assertUnchanged(repo: JournalRepo, what: string, options: Partial<WorkspaceScanOptions> = {}): Promise<ScanResult> {
  const { result, unchanged } = await repo.cachedScan(undefined, undefined, options);
  assert.equal(unchanged, true, `${what}: the unchanged re-scan answered`);
  assert.deepEqual(comparable(result), comparable(await repo.freshScan(undefined, options)), `${what}: the stored result is a fresh scan's`);
  return result;
}

/** The next re-scan notices the change (no stored result) and reports what a fresh scan reports. */
async function assertNoticed(repo: JournalRepo, what: string, options: Partial<WorkspaceScanOptions> = {}): Promise<ScanResult> {
  const { result, unchanged } = await repo.cachedScan(undefined, undefined, options);
  assert.equal(unchanged, false, `${what}: the stored result must not stand`);
  assert.deepEqual(comparable(result), comparable(await repo.freshScan(undefined, options)), `${what}: the re-scan equals a fresh scan`);
  return result;
}

/** Writes a file keeping its size and its mtime, as an edit made to pass a size-and-mtime test would. */
function rewriteKeepingStat(repo: JournalRepo, relative: string, content: string): void {
  const absolute = path.join(repo.root, relative);
  const before = statSync(absolute);
  assert.equal(Buffer.byteLength(content), before.size, 'same size');
  writeFileSync(absolute, content);
  utimesSync(absolute, before.atime, before.mtime);
}

/** A key of exactly `size` bytes, in a line a rule reports whatever its position. */
function keyOfSize(size: number): string {
  const key = generatePemKey('ec-pkcs8').text;
  assert.ok(key.length < size, 'room for the key');
  return key + '\n'.repeat(size - key.length);
}

describe('unchanged re-scan: the stored result stands only while git reports nothing changed', () => {
  test('tracked files: edited, staged, hidden by index bits, the old index put back, deleted', async () => {
    const repo = await settledRepo({ ...startingFiles(), 'src/padded.js': 'x'.repeat(600) + '\n' });
    repo.write({ 'src/padded.js': keyOfSize(601) }, LATER);
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'edited keeping its size'), 'src/padded.js').length > 0, 'the key is found');

    repo.git('add', 'src/padded.js');
    await assertNoticed(repo, 'staged');
    await assertUnchanged(repo, 'staged, then unchanged');

    // The edit hidden by the index's own bits: git then lists the entry with another tag.
    repo.write({ 'src/plain.js': generatePemKey('rsa-pkcs8').text });
    repo.git('update-index', '--assume-unchanged', 'src/plain.js');
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'assume-unchanged'), 'src/plain.js').length > 0);
    repo.git('update-index', '--no-assume-unchanged', 'src/plain.js');
    repo.git('update-index', '--skip-worktree', 'src/plain.js');
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'skip-worktree'), 'src/plain.js').length > 0);
    repo.git('update-index', '--no-skip-worktree', 'src/plain.js');
    repo.git('add', 'src/plain.js');
    await assertNoticed(repo, 'staged again');
    await assertUnchanged(repo, 'staged again, unchanged');

    // The index put back byte for byte as the stored result saw it, after an edit keeping size and mtime.
    const index = readFileSync(path.join(repo.root, '.git', 'index'));
    repo.write({ 'src/other.js': generatePemKey('ec-pkcs8').text });
    repo.git('add', 'src/other.js');
    writeFileSync(path.join(repo.root, '.git', 'index'), index);
    await assertNoticed(repo, 'the old index restored after an edit');

    repo.write({ 'docs/readme.md': null });
    await assertNoticed(repo, 'tracked file deleted');
  });

  test('files replaced by a symlink or a FIFO', async () => {
    const repo = new JournalRepo(startingFiles());
    repo.write({ 'src/loose.pem': generatePemKey('ec-pkcs8').text });
    await repo.cachedScan();
    await repo.cachedScan();
    assert.ok(ruleIdsAt(await assertUnchanged(repo, 'untracked key file'), 'src/loose.pem').length > 0);

    rmSync(path.join(repo.root, 'src', 'loose.pem'));
    symlinkSync('../docs/readme.md', path.join(repo.root, 'src', 'loose.pem'));
    assert.deepEqual(ruleIdsAt(await assertNoticed(repo, 'untracked file replaced by a symlink'), 'src/loose.pem'), []);

    rmSync(path.join(repo.root, 'src', 'plain.js'));
    execFileSync('mkfifo', [path.join(repo.root, 'src', 'plain.js')]);
    const fifo = await assertNoticed(repo, 'tracked file replaced by a FIFO');
    assert.ok(
      fifo.skipped.some((s) => s.path === 'src/plain.js'),
      'listed as not a regular file',
    );

    rmSync(path.join(repo.root, 'src', 'other.js'));
    symlinkSync('../keys/committed.pem', path.join(repo.root, 'src', 'other.js'));
    await assertNoticed(repo, 'tracked file replaced by a symlink');
  });

  test('untracked files: added, rewritten in place, and in an untracked folder git lists as one entry', async () => {
    const repo = await settledRepo();
    repo.write({ 'src/new.txt': 'p'.repeat(600) + '\n' });
    await assertNoticed(repo, 'untracked file added');
    await assertUnchanged(repo, 'untracked file, unchanged');
    // The same listing from git, a key in the file of the same size.
    repo.write({ 'src/new.txt': keyOfSize(601) }, LATER);
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'untracked file rewritten'), 'src/new.txt').length > 0);
    await assertUnchanged(repo, 'untracked file rewritten, unchanged');
    // Rewritten keeping size and mtime as well: the cache's own size-and-mtime test takes that for unchanged
    // (see cache.ts), but the stored result does not stand (its stat includes the ctime and inode).
    rewriteKeepingStat(repo, 'src/new.txt', 'q'.repeat(600) + '\n');
    assert.equal((await repo.cachedScan()).unchanged, false, 'rewritten keeping size and mtime: the stored result must not stand');
    repo.write({ 'src/new.txt': null });
    await assertNoticed(repo, 'untracked file deleted');
    repo.write({ 'src/gone.pem': generatePemKey('ec-pkcs8').text });
    await assertNoticed(repo, 'untracked key file added');
    await assertUnchanged(repo, 'untracked key file, unchanged');
    repo.write({ 'src/gone.pem': null });
    assert.deepEqual(ruleIdsAt(await assertNoticed(repo, 'untracked key file deleted'), 'src/gone.pem'), []);

    // A folder git lists as `fresh/`: walked on disk, so never taken as settled.
    repo.write({ 'fresh/a.txt': 'a\n' });
    await assertNoticed(repo, 'untracked folder');
    repo.write({ 'fresh/deeper/key.pem': generatePemKey('ec-pkcs8').text });
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'a key added inside the untracked folder'), 'fresh/deeper/key.pem').length > 0);
  });

  test('ignore files: a tracked .gitignore, an untracked one that ignores itself, .git/info/exclude', async () => {
    const repo = await settledRepo();
    repo.write({ 'src/ignored.pem': generatePemKey('ec-pkcs8').text, '.gitignore': 'build/\n*.log\nsrc/ignored.pem\n' });
    repo.git('add', '.gitignore');
    await assertNoticed(repo, '.gitignore ignores a new key file');
    await assertUnchanged(repo, 'ignored key file');
    repo.write({ '.gitignore': 'build/\n*.log\n' });
    repo.git('add', '.gitignore');
    assert.ok(ruleIdsAt(await assertNoticed(repo, '.gitignore edited and staged: the key un-ignored'), 'src/ignored.pem').length > 0);

    // An untracked .gitignore the walk itself ignores: only its content tells that the key is no longer ignored.
    repo.write({ 'src/.gitignore': 'hidden.pem\n.gitignore\n', 'src/hidden.pem': generatePemKey('ec-pkcs8').text });
    await assertNoticed(repo, 'untracked .gitignore');
    await assertUnchanged(repo, 'untracked .gitignore, unchanged');
    rewriteKeepingStat(repo, 'src/.gitignore', 'hidden.pex\n.gitignore\n');
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'untracked .gitignore rewritten'), 'src/hidden.pem').length > 0);

    await assertUnchanged(repo, 'before info/exclude');
    writeFileSync(path.join(repo.root, '.git', 'info', 'exclude'), 'src/hidden.pem\n');
    assert.deepEqual(ruleIdsAt(await assertNoticed(repo, '.git/info/exclude ignores the key'), 'src/hidden.pem'), []);
  });

  test('options and suppressions: --exclude, .gitignore off, .keywardignore', async () => {
    const repo = await settledRepo();
    const exclude = { exclude: ['keys/**'] };
    const excluded = await assertNoticed(repo, 'an exclude glob', exclude);
    assert.deepEqual(ruleIdsAt(excluded, 'keys/committed.pem'), []);
    await repo.cachedScan(undefined, undefined, exclude);
    await assertUnchanged(repo, 'the same exclude glob', exclude);
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'the exclude glob dropped'), 'keys/committed.pem').length > 0);
    await repo.cachedScan();

    repo.write({ 'build/out.pem': generatePemKey('ec-pkcs8').text });
    repo.git('add', '-f', 'build/out.pem');
    repo.git('commit', '-q', '-m', 'forced');
    repo.write({ 'build/untracked.pem': generatePemKey('ec-pkcs8').text });
    await assertNoticed(repo, 'committed in an ignored folder');
    await assertUnchanged(repo, 'committed in an ignored folder, unchanged');
    const noGitignore = await assertNoticed(repo, '.gitignore not applied', { useGitignore: false });
    assert.ok(ruleIdsAt(noGitignore, 'build/untracked.pem').length > 0, 'without .gitignore the untracked key is found');

    await repo.cachedScan(undefined, undefined, { useGitignore: false });
    const before = await assertUnchanged(repo, 'before .keywardignore', { useGitignore: false });
    const suppressedBefore = before.suppressed?.length ?? 0;
    const [ruleId] = ruleIdsAt(before, 'keys/committed.pem');
    repo.write({ '.keywardignore': `keys/committed.pem ${ruleId} reason: test fixture\n` });
    repo.git('add', '.keywardignore');
    repo.git('commit', '-q', '-m', 'suppress');
    const suppressed = await assertNoticed(repo, '.keywardignore added', { useGitignore: false });
    assert.ok((suppressed.suppressed?.length ?? 0) > suppressedBefore, 'the suppression applies');
  });

  test('a staged removal committed: the index is the same, the removal marks are not', async () => {
    const repo = await settledRepo({ ...startingFiles(), 'keys/readme.txt': 'keys\n' });
    repo.git('rm', '-q', '--cached', 'keys/committed.pem');
    const staged = await assertNoticed(repo, 'removal staged');
    assert.ok(staged.findings.some((f) => f.path === 'keys/committed.pem' && f.removalStaged === true));
    await assertUnchanged(repo, 'removal staged, unchanged');
    const listing = () => repo.git('ls-files', '-s', '--debug');
    const before = listing();
    repo.git('commit', '-q', '-m', 'remove the key');
    assert.equal(listing(), before, "the commit left git's index listing as it was");
    const committed = await assertNoticed(repo, 'removal committed');
    assert.ok(committed.findings.some((f) => f.path === 'keys/committed.pem' && f.removalStaged !== true));
  });

  test("a file modified within the cache's racy window is not taken as settled", async () => {
    const repo = await settledRepo();
    // Dated now: an edit in the same clock tick could follow unseen, so the cache keeps no entry for it.
    repo.write({ 'src/plain.js': generatePemKey('ec-pkcs8').text }, new Date());
    repo.git('add', 'src/plain.js');
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'staged, dated now'), 'src/plain.js').length > 0);
    await assertNoticed(repo, 'dated now, scanned again');
  });

  test("an untracked file the walk stat'ed, dated within the racy window, is not taken as settled", async () => {
    const small = { maxFileSize: 1000 };
    const repo = await settledRepo(startingFiles(), small);
    // Too large to be read (no cache entry speaks for it): only its stat decides, and it may still be changing.
    repo.write({ 'src/big.txt': 'b'.repeat(2000) }, new Date());
    const listed = await assertNoticed(repo, 'a large untracked file dated now', small);
    assert.ok(listed.skipped.some((s) => s.path === 'src/big.txt' && s.reason === 'too-large'));
    await assertNoticed(repo, 'dated now, scanned again', small);
  });

  test('findings reach onFindings from a stored result as from a scan', async () => {
    const repo = await settledRepo({ ...startingFiles(), 'keys/second.pem': generatePemKey('ed25519-pkcs8').text });
    const heard: string[] = [];
    const { result, unchanged } = await repo.cachedScan(undefined, undefined, { onFindings: (findings) => heard.push(...findings.map((f) => f.path)) });
    assert.equal(unchanged, true);
    assert.deepEqual(
      heard,
      result.findings.map((f) => f.path),
    );
    assert.ok(heard.includes('keys/second.pem') && heard.includes('keys/committed.pem'));
  });

  test('a nested repository or a tracked symlink is never taken as settled', async () => {
    const repo = new JournalRepo(startingFiles());
    mkdirSync(path.join(repo.root, 'vendor', 'nested'), { recursive: true });
    repo.write({ 'vendor/nested/a.txt': 'a\n' });
    repo.git('-C', 'vendor/nested', 'init', '-q');
    await repo.cachedScan();
    await assertNoticed(repo, 'nested repository');
    repo.write({ 'vendor/nested/key.pem': generatePemKey('ec-pkcs8').text });
    assert.ok(ruleIdsAt(await assertNoticed(repo, 'a key in the nested repository'), 'vendor/nested/key.pem').length > 0);

    const linked = new JournalRepo(startingFiles());
    symlinkSync('../keys/committed.pem', path.join(linked.root, 'src', 'link.pem'));
    linked.git('add', 'src/link.pem');
    linked.git('commit', '-q', '-m', 'link');
    await linked.cachedScan();
    await assertNoticed(linked, 'tracked symlink');
    await assertNoticed(linked, 'tracked symlink, again');
  });
});
