import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { formatJson } from '../../../../src/cli/format-json';
import { formatSarif } from '../../../../src/cli/format-sarif';
import { GitError } from '../../../../src/engine/process/git';
import { scanHistory } from '../../../../src/engine/history/history-scan';
import type { FileContext, Rule } from '../../../../src/engine/rules/rule';
import { findingFingerprint } from '../../../../src/engine/scan/scanner';
import { assertNoSecretLeak, generatePemKey, type GeneratedPemKey } from '../../../helpers/keys';
import { buildHistoryRepo, cleanupRepos, REAL_GIT, TestRepo } from '../../../helpers/history-test-repo';

after(cleanupRepos);

describe('scanHistory on a real repository', () => {
  const built = buildHistoryRepo();
  const { repo, keys, commits } = built;
  const scan = scanHistory({ root: repo.root, trusted: true });

  test('one finding per key, at the commit, date and path where it first appeared', async () => {
    const result = await scan;
    assert.equal(result.cancelled, false);
    const byKey = (key: GeneratedPemKey) => {
      const found = result.findings.filter((f) => f.key?.publicKeyFingerprint === key.fingerprint);
      assert.equal(found.length, 1, `exactly one finding for each key (got ${found.length})`);
      return found[0]!;
    };
    const expectations: [GeneratedPemKey, string, string, boolean, string[]][] = [
      [keys.A, commits.c1, 'keys/a.pem', true, ['again/a.pem', 'keys/a.pem', 'moved/a.pem']],
      [keys.B, commits.c4, 'config/app.yaml', true, ['config/app.yaml']],
      [keys.D, commits.c6, 'd.pem', false, ['d.pem']],
      [keys.E, commits.f1, 'feature/e.pem', false, ['feature/e.pem']],
      [keys.C, commits.t1, 'tagged/c.pem', false, ['tagged/c.pem']],
    ];
    for (const [key, commit, path, atHead, paths] of expectations) {
      const finding = byKey(key);
      assert.equal(finding.history.commit, commit, path);
      assert.equal(finding.history.authorDate, repo.authorDate(commit), path);
      assert.equal(finding.history.firstSeenPath, path);
      assert.equal(finding.path, path);
      assert.equal(finding.history.presentAtHead, atHead, path);
      assert.deepEqual(finding.history.paths, paths);
      assert.equal(finding.committed, true);
      assert.equal(finding.severity, 'error');
      assert.equal(finding.fingerprint, findingFingerprint(finding.ruleId, path, finding.identity));
    }
    assert.equal(result.findings.length, 5);
    // Ordered by first appearance.
    assert.deepEqual(
      result.findings.map((f) => f.history.firstSeenPath),
      ['keys/a.pem', 'config/app.yaml', 'tagged/c.pem', 'd.pem', 'feature/e.pem'].sort((a, b) => order(a) - order(b)),
    );
    function order(p: string): number {
      return Date.parse(result.findings.find((f) => f.history.firstSeenPath === p)!.history.authorDate);
    }
    assert.ok(result.commits >= 11, `all commits walked (${result.commits})`);
  });

  test('B is positioned in the blob where it first appeared (line 3), not where it moved to', async () => {
    const b = (await scan).findings.find((f) => f.key?.publicKeyFingerprint === keys.B.fingerprint)!;
    assert.equal(b.startPosition.line, 2);
  });

  test('messages give the rotation reminder and the purge command for every path; no key material anywhere', async () => {
    const result = await scan;
    const a = result.findings.find((f) => f.key?.publicKeyFingerprint === keys.A.fingerprint)!;
    assert.match(a.message, /rotation is required regardless/);
    assert.match(a.message, /git filter-repo --invert-paths --path again\/a\.pem --path keys\/a\.pem --path moved\/a\.pem/);
    assert.match(a.message, /still present at HEAD/);
    const d = result.findings.find((f) => f.key?.publicKeyFingerprint === keys.D.fingerprint)!;
    assert.match(d.message, /no longer at HEAD but remains in the git history/);
    const report = { result, root: repo.root, toolVersion: '0', docsUrl: 'https://example.invalid/rules.md' };
    const outputs = [formatJson(report), formatSarif(report)];
    for (const output of outputs) for (const key of Object.values(keys)) assertNoSecretLeak(output, key.text);
    const sarif = JSON.parse(outputs[1]!);
    const result0 = sarif.runs[0].results.find(
      (r: { properties: { publicKeyFingerprint?: string } }) => r.properties.publicKeyFingerprint === keys.D.fingerprint,
    );
    assert.equal(result0.properties.commit, commits.c6);
    assert.equal(result0.properties.firstSeen, repo.authorDate(commits.c6));
    assert.equal(result0.properties.presentAtHead, false);
    assert.equal(result0.locations[0].physicalLocation.artifactLocation.uri, 'd.pem');
  });

  test('each distinct blob is scanned once', async () => {
    const seen: string[] = [];
    const counting: Rule = {
      meta: { id: 'KW101', name: 'count', title: 't', severity: 'error', threats: ['T5'], kind: 'key', summary: '', docs: '', fixes: [] },
      check: (file: FileContext) => {
        seen.push(file.text ?? '');
        return [];
      },
    };
    const result = await scanHistory({ root: repo.root, trusted: true, rules: [counting] });
    assert.equal(new Set(seen).size, seen.length, 'no blob content scanned twice');
    const blobs = repo
      .git('rev-list', '--objects', '--all')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[0]!);
    const types = execFileSync(REAL_GIT, ['cat-file', '--batch-check=%(objecttype)'], {
      cwd: repo.root,
      input: `${blobs.join('\n')}\n`,
      encoding: 'utf8',
    }).split('\n');
    const fileBlobs = blobs.filter((_, i) => types[i] === 'blob');
    assert.equal(seen.length, fileBlobs.length);
    assert.equal(result.filesScanned, fileBlobs.length);
  });

  test('blobs over the size cap are read by their head only and reported as too large', async () => {
    const result = await scanHistory({ root: repo.root, trusted: true, maxFileSize: 64 });
    assert.equal(result.findings.length, 0);
    assert.ok(result.skipped.some((s) => s.path === 'keys/a.pem' && s.reason === 'too-large'));
  });
});

describe('scanHistory edge cases', () => {
  test('a key first written by a merge resolution is attributed to the merge commit', async () => {
    const key = generatePemKey('ec-pkcs8');
    const repo = new TestRepo();
    repo.commit('base', { 'conf.txt': 'base\n' });
    repo.git('checkout', '-q', '-b', 'other');
    repo.commit('other side', { 'conf.txt': 'other\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit('main side', { 'conf.txt': 'main\n' });
    spawnSync(REAL_GIT, ['merge', '-q', 'other'], { cwd: repo.root }); // conflicts, on purpose
    repo.write('conf.txt', `resolved\n${key.text}`);
    repo.git('add', 'conf.txt');
    const merge = repo.commit('merge with a key in the resolution');
    assert.equal(repo.git('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ').length, 3, 'a merge commit');
    const result = await scanHistory({ root: repo.root, trusted: true });
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.history.commit, f.history.presentAtHead]),
      [['conf.txt', merge, true]],
    );
  });

  test('.keywardignore and exclude globs apply to history paths', async () => {
    const fixture = generatePemKey('ec-pkcs8');
    const vendored = generatePemKey('ec-pkcs8');
    const real = generatePemKey('ec-pkcs8');
    const repo = new TestRepo();
    repo.commit('keys', { 'test/fixture.pem': fixture.text, 'vendor/lib/key.pem': vendored.text, 'deploy/real.pem': real.text });
    repo.write('.keywardignore', 'test/*.pem KW101 reason: generated fixture\n');
    const result = await scanHistory({ root: repo.root, trusted: true, exclude: ['vendor'] });
    assert.deepEqual(
      result.findings.map((f) => f.path),
      ['deploy/real.pem'],
    );
  });
});

describe('scanHistory refusals', () => {
  test('untrusted: a GitError, no git started', async () => {
    await assert.rejects(scanHistory({ root: '/nonexistent', trusted: false }), (error: unknown) => error instanceof GitError && error.code === 'untrusted');
  });

  test('a repository without commits has no history findings', async () => {
    const repo = new TestRepo();
    const result = await scanHistory({ root: repo.root, trusted: true });
    assert.deepEqual(result.findings, []);
    assert.equal(result.commits, 0);
  });
});
