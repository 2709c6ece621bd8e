import { strict as assert } from 'node:assert';
import { after, describe, test } from 'node:test';
import { GitError } from '../../../../src/engine/process/git';
import { scanStaged } from '../../../../src/engine/history/staged-scan';
import { generatePemKey } from '../../../helpers/keys';
import { cleanupRepos, TestRepo } from '../../../helpers/history-test-repo';

after(cleanupRepos);

describe('scanStaged reads the index, not the working tree', () => {
  test('a staged key is found even after the working file was cleaned; an unstaged key is not', async () => {
    const staged = generatePemKey('ec-pkcs8');
    const unstaged = generatePemKey('ed25519-pkcs8');
    const repo = new TestRepo();
    repo.commit('init', { 'README.md': '# x\n', 'notes.txt': 'nothing here\n' });
    repo.write('deploy/signing.pem', staged.text);
    repo.git('add', 'deploy/signing.pem');
    repo.write('deploy/signing.pem', 'removed from the working tree, but still staged\n');
    repo.write('notes.txt', `a key, not staged:\n${unstaged.text}`); // tracked file, modified, not staged
    repo.write('untracked.pem', unstaged.text);

    const result = await scanStaged({ root: repo.root, trusted: true });
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.key?.publicKeyFingerprint, f.committed, f.severity]),
      [['deploy/signing.pem', staged.fingerprint, true, 'error']],
    );
    assert.equal(result.filesScanned, 1);
  });

  test('a working-tree fix that is not staged does not unblock; staging it does', async () => {
    const key = generatePemKey('ec-sec1');
    const repo = new TestRepo();
    repo.commit('init', { 'README.md': '# x\n' });
    repo.write('app/config.yaml', `key: |\n${key.text.replace(/^/gm, '  ')}`);
    repo.git('add', 'app/config.yaml');
    repo.write('app/config.yaml', 'key: null\n');
    assert.equal((await scanStaged({ root: repo.root, trusted: true })).findings.length, 1);
    repo.git('add', 'app/config.yaml');
    assert.equal((await scanStaged({ root: repo.root, trusted: true })).findings.length, 0);
  });

  test('only files the commit adds or changes: committed, unchanged keys are not re-reported', async () => {
    const old = generatePemKey('ec-pkcs8');
    const repo = new TestRepo();
    repo.commit('old key (found by scan --history, not by every commit)', { 'old.pem': old.text });
    repo.write('other.txt', 'hello\n');
    repo.git('add', 'other.txt');
    const result = await scanStaged({ root: repo.root, trusted: true });
    assert.deepEqual(result.findings, []);
    assert.equal(result.filesScanned, 1);
  });

  test('a staged rename and a first commit (no HEAD yet) are scanned', async () => {
    const key = generatePemKey('ec-pkcs8');
    const first = new TestRepo();
    first.write('k.pem', key.text);
    first.git('add', 'k.pem');
    assert.equal((await scanStaged({ root: first.root, trusted: true })).findings.length, 1);

    const repo = new TestRepo();
    repo.commit('key under an ignored name', { 'a.pem': key.text, '.keywardignore': 'a.pem KW101 reason: reviewed fixture\n' });
    repo.git('mv', 'a.pem', 'b.pem');
    assert.deepEqual(
      (await scanStaged({ root: repo.root, trusted: true })).findings.map((f) => f.path),
      ['b.pem'],
    );
  });

  test('.keywardignore counts from the index: unstaged suppressions do not apply', async () => {
    const key = generatePemKey('ec-pkcs8');
    const repo = new TestRepo();
    repo.commit('init', { 'README.md': '# x\n' });
    repo.write('fixtures/test.pem', key.text);
    repo.git('add', 'fixtures/test.pem');
    repo.write('.keywardignore', 'fixtures/*.pem * reason: generated test fixture\n');
    assert.equal((await scanStaged({ root: repo.root, trusted: true })).findings.length, 1);
    repo.git('add', '.keywardignore');
    const staged = await scanStaged({ root: repo.root, trusted: true });
    assert.equal(staged.findings.length, 0);
    // Not silently gone: the suppressed finding is in the result, with the staged entry's reason.
    assert.deepEqual(
      staged.suppressed?.map((f) => [f.path, f.suppression?.source, f.suppression?.reason]),
      [['fixtures/test.pem', 'keywardignore', 'generated test fixture']],
    );
  });

  test('--exclude globs skip staged paths', async () => {
    const repo = new TestRepo();
    repo.commit('init', { 'README.md': '# x\n' });
    repo.write('vendor/pkg/key.pem', generatePemKey('ec-pkcs8').text);
    repo.git('add', 'vendor/pkg/key.pem');
    assert.equal((await scanStaged({ root: repo.root, trusted: true })).findings.length, 1);
    assert.equal((await scanStaged({ root: repo.root, trusted: true, exclude: ['vendor/**'] })).findings.length, 0);
  });

  test('untrusted: refused without starting git', async () => {
    await assert.rejects(scanStaged({ root: '/nonexistent', trusted: false }), (error: unknown) => error instanceof GitError && error.code === 'untrusted');
  });
});
