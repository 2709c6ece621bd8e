import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseIndex } from '../../../../src/engine/scan/git-journal';
import { JOURNAL_MAX_READS } from '../../../../src/engine/scan/journal-walk';
import { resolveRipgrepExecutable } from '../../../../src/engine/process/git-executable';
import { generatePemKey } from '../../../helpers/keys';
import { comparable, JournalRepo, PAST, ruleIdsAt, SIGNING_SCRIPT } from '../../../helpers/journal-repo';

const LATER = new Date(PAST.getTime() + 60_000);
const RG_AVAILABLE = resolveRipgrepExecutable(process.cwd()) !== undefined;

function startingFiles(): Record<string, string> {
  const files: Record<string, string> = {
    '.gitignore': 'build/\n*.log\nsecret-untracked.pem\n',
    'deploy/sign.sh': SIGNING_SCRIPT,
    'keys/committed.pem': generatePemKey('ec-pkcs8').text,
    'docs/readme.md': '# readme\n',
    'other/notes.txt': 'notes\n',
  };
  for (let i = 0; i < 40; i++) files[`src/m${i % 4}/file${i}.js`] = `export const value${i} = ${i};\n`;
  return files;
}

describe('git journal: a cached re-scan in a git work tree equals a scan without the cache', () => {
  test('after every kind of change git can see', async () => {
    const repo = new JournalRepo(startingFiles());
    // With the default branch known from the remote, a checkout keeps the workspace facts, so the cache key.
    repo.git('remote', 'add', 'origin', 'https://github.com/acme/app.git');
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    repo.git('branch', 'other');
    const first = await repo.cachedScan();
    assert.equal(first.journal, undefined, 'the first scan (empty cache) walks the folder');
    assert.ok(ruleIdsAt(first.result, 'keys/committed.pem').length > 0, 'the committed key is found');

    const unchanged = await repo.assertRescanMatchesFresh('unchanged');
    assert.equal(unchanged.fromCache, unchanged.filesScanned, 'every file answered by the cache');

    repo.write({ 'src/m0/file0.js': `const key = ${JSON.stringify(generatePemKey('rsa-pkcs8').text)};\n` });
    const modified = await repo.assertRescanMatchesFresh('modified tracked file');
    assert.ok(ruleIdsAt(modified, 'src/m0/file0.js').length > 0, 'the key written into a tracked file is found');

    repo.write({ 'src/m1/file1.js': generatePemKey('ec-sec1').text });
    repo.git('add', 'src/m1/file1.js');
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('modified and staged'), 'src/m1/file1.js').length > 0);

    repo.write({ 'new-key.pem': generatePemKey('ed25519-pkcs8').text });
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('new untracked file'), 'new-key.pem').length > 0);

    repo.write({ 'fresh/deeper/key.pem': generatePemKey('ec-pkcs8').text, 'fresh/plain.txt': 'x' });
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('new untracked folder'), 'fresh/deeper/key.pem').length > 0);

    repo.write({ 'build/out.pem': generatePemKey('ec-pkcs8').text, 'app.log': 'log', 'secret-untracked.pem': generatePemKey('ec-pkcs8').text });
    const ignored = await repo.assertRescanMatchesFresh('ignored untracked files');
    assert.deepEqual(ruleIdsAt(ignored, 'secret-untracked.pem'), [], 'an ignored untracked file is not scanned');

    repo.write({ '.gitignore': 'build/\n*.log\n' });
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('.gitignore edited: a file un-ignored'), 'secret-untracked.pem').length > 0);

    repo.write({ 'docs/readme.md': null });
    await repo.assertRescanMatchesFresh('tracked file deleted');

    repo.git('mv', 'other/notes.txt', 'other/renamed.txt');
    await repo.assertRescanMatchesFresh('renamed');

    repo.touch('docs/..', LATER);
    repo.touch('src/m2/file2.js', LATER);
    await repo.assertRescanMatchesFresh('touched without change');

    repo.write({ '.keywardignore': 'KW201 deploy/sign.sh # reviewed: test fixture\n' });
    await repo.assertRescanMatchesFresh('.keywardignore added');

    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'second');
    await repo.assertRescanMatchesFresh('committed');

    repo.git('checkout', '-q', 'other');
    const switched = await repo.assertRescanMatchesFresh('checkout of another branch');
    assert.deepEqual(ruleIdsAt(switched, 'new-key.pem'), [], 'the other branch has no new-key.pem');

    repo.git('checkout', '-q', '-');
    repo.write({ 'keys/committed.pem': 'no key any more\n' });
    await repo.assertRescanMatchesFresh('back, and a key removed');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('reset --hard'), 'keys/committed.pem').length > 0);
  });

  test('exclude globs, symlinks, a nested repository and a file replaced by a folder', async () => {
    const repo = new JournalRepo(startingFiles());
    const exclude = ['**/other/**', 'docs'];
    await repo.cachedScan(exclude);
    await repo.assertRescanMatchesFresh('unchanged, with excludes', exclude);

    symlinkSync('../keys/committed.pem', path.join(repo.root, 'src', 'link.pem'));
    symlinkSync('/etc/hostname', path.join(repo.root, 'outside.txt'));
    symlinkSync('src', path.join(repo.root, 'src-link'));
    await repo.assertRescanMatchesFresh('symlinks', exclude);

    mkdirSync(path.join(repo.root, 'empty-folder'));
    mkdirSync(path.join(repo.root, 'vendor', 'nested'), { recursive: true });
    repo.write({ 'vendor/nested/key.pem': generatePemKey('ec-pkcs8').text });
    repo.git('-C', 'vendor/nested', 'init', '-q');
    assert.ok(ruleIdsAt(await repo.assertRescanMatchesFresh('nested repository', exclude), 'vendor/nested/key.pem').length > 0);

    repo.write({ 'src/m3/file3.js': null });
    repo.write({ 'src/m3/file3.js/inner.pem': generatePemKey('ec-pkcs8').text });
    await repo.assertRescanMatchesFresh('a tracked file replaced by a folder', exclude);

    repo.write({ 'docs/extra.md': 'more' });
    await repo.assertRescanMatchesFresh('a file in an excluded folder', exclude);

    // A tracked file in an ignored folder is scanned; an untracked one next to it is not.
    repo.write({ '.gitignore': 'forced/\n', 'forced/tracked.pem': generatePemKey('ec-pkcs8').text, 'forced/untracked.pem': generatePemKey('ec-pkcs8').text });
    repo.git('add', '-f', 'forced/tracked.pem');
    const forced = await repo.assertRescanMatchesFresh('tracked file in an ignored folder', exclude);
    assert.ok(ruleIdsAt(forced, 'forced/tracked.pem').length > 0);
    assert.deepEqual(ruleIdsAt(forced, 'forced/untracked.pem'), []);
  });

  test('a workspace folder inside the repository (not its top level)', async () => {
    const repo = new JournalRepo({
      'outer.pem': generatePemKey('ec-pkcs8').text,
      'app/src/main.js': 'export {};\n',
      'app/keys/k.pem': generatePemKey('ec-pkcs8').text,
    });
    const app = new JournalRepo({}, { repo, folder: 'app' });
    await app.cachedScan();
    app.write({ 'src/main.js': generatePemKey('ec-pkcs8').text, 'new/untracked.pem': generatePemKey('ec-pkcs8').text });
    const result = await app.assertRescanMatchesFresh('workspace in a subfolder');
    assert.ok(ruleIdsAt(result, 'src/main.js').length > 0 && ruleIdsAt(result, 'new/untracked.pem').length > 0);
    assert.equal(
      result.findings.some((f) => f.path.includes('outer')),
      false,
    );
  });

  test('more files to read than JOURNAL_MAX_READS: the folder is walked (with the ripgrep prefilter when enabled)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= JOURNAL_MAX_READS; i++) files[`many/f${i}.txt`] = `${i}\n`;
    const repo = new JournalRepo(files);
    await repo.cachedScan();
    assert.match((await repo.cachedScan()).journal ?? '', /answered from git's index/);
    for (let i = 0; i <= JOURNAL_MAX_READS; i++) repo.touch(`many/f${i}.txt`, LATER);
    const { result, journal, ripgrepSearched } = await repo.cachedScan(undefined, RG_AVAILABLE ? 'path' : undefined);
    assert.equal(journal, undefined, `walked: ${journal}`);
    // Many changes: the ripgrep prefilter runs again, and waits only for the files the cache cannot answer.
    assert.equal(ripgrepSearched, RG_AVAILABLE);
    assert.deepEqual(comparable(result), comparable(await repo.freshScan()));
  });
});

describe('parseIndex', () => {
  const entry = (tag: string, mode: string, stage: string, relative: string) =>
    `${tag} ${mode} ${'a'.repeat(40)} ${stage}\t${relative}\0  ctime: 1:2\n  mtime: 1700000000:123456789\n  dev: 1\tino: 2\n  uid: 0\tgid: 0\n  size: 42\tflags: 0\n`;

  test('a clean entry carries the index stat; flagged, dirty or conflicted entries must be stat-ed', () => {
    const output = [
      entry('H', '100644', '0', 'clean.txt'),
      entry('h', '100644', '0', 'assumed.txt'),
      entry('S', '100644', '0', 'skipped.txt'),
      entry('H', '100644', '0', 'dirty.txt'),
      entry('M', '100644', '1', 'conflict.txt'),
      entry('H', '100644', '0', 'new\nline.txt'),
    ].join('');
    const tracked = parseIndex(output, new Set(['dirty.txt']))!;
    assert.deepEqual(tracked.get('clean.txt'), { mode: '100644', size: 42, mtimeMs: 1700000000 * 1e3 + 123456789 / 1e6, mustStat: false });
    for (const name of ['assumed.txt', 'skipped.txt', 'dirty.txt', 'conflict.txt']) assert.equal(tracked.get(name)?.mustStat, true, name);
    assert.equal(tracked.get('new\nline.txt')?.mustStat, false);
  });

  test('a sparse folder entry, a path out of the folder or output it does not understand gives no journal', () => {
    assert.equal(parseIndex(entry('S', '040000', '0', 'sparse/'), new Set()), undefined);
    assert.equal(parseIndex('H 100644 abc 0\tno-stat\0', new Set()), undefined);
    for (const outside of ['../outside.txt', 'a/../../b', '/etc/passwd', 'a//b', './a', 'a/.', 'a/..', 'a/', 'x/./y'])
      assert.equal(parseIndex(entry('h', '100644', '0', outside), new Set()), undefined, outside);
    // Dots inside a name are plain names.
    for (const plain of ['...', '.hidden', 'a..b', 'a/...', 'x/..y/.z', '....'])
      assert.equal(parseIndex(entry('H', '100644', '0', plain), new Set())?.has(plain), true, plain);
  });
});
