// The CLI's --baseline, --write-baseline and --format gitlab, run as a process (the built dist/cli.js).
// The baseline and GitLab formats themselves are tested in test/unit/engine/baseline/baseline.test.ts.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runKeyward } from '../helpers/history-test-repo';
import { assertNoSecretLeak, generatePemKey } from '../helpers/keys';
import { tempTree } from '../helpers/temp-tree';

const tree = (files: Record<string, string>): string => tempTree('keyward-baseline-', files);

function write(root: string, relative: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
}

describe('keyward scan --baseline / --write-baseline', () => {
  test('round trip: the baseline silences known findings, survives line moves, and reports new keys', () => {
    const first = generatePemKey('ec-pkcs8');
    const root = tree({ 'deploy/signing.pem': first.text, 'README.md': '# x\n' });
    const baselineFile = path.join(root, '.keyward-baseline.json');

    const written = runKeyward(['scan', '.', '--write-baseline', baselineFile, '--fail-on', 'none'], root);
    assert.equal(written.status, 0, written.stderr);
    const stored = readFileSync(baselineFile, 'utf8');
    assertNoSecretLeak(stored, first.text);
    assert.equal(JSON.parse(stored).findings.length, 1);

    write(root, 'deploy/signing.pem', `# moved down\n\n${first.text}`);
    const known = runKeyward(['scan', '.', '--baseline', baselineFile, '--format', 'json'], root);
    assert.equal(known.status, 0, known.stderr);
    assert.deepEqual(JSON.parse(known.stdout).findings, []);

    const second = generatePemKey('ed25519-pkcs8');
    write(root, 'deploy/new.pem', second.text);
    const fresh = runKeyward(['scan', '.', '--baseline', baselineFile, '--format', 'json'], root);
    assert.equal(fresh.status, 1);
    assert.deepEqual(
      JSON.parse(fresh.stdout).findings.map((f: { path: string }) => f.path),
      ['deploy/new.pem'],
    );
    assertNoSecretLeak(fresh.stdout + fresh.stderr, second.text);
  });

  test('an unreadable or invalid baseline is a usage error (exit 2)', () => {
    const root = tree({ 'bad.json': '{"version":1,"findings":"no"}' });
    const missing = runKeyward(['scan', '.', '--baseline', 'missing.json'], root);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the baseline/);
    const invalid = runKeyward(['scan', '.', '--baseline', 'bad.json'], root);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /no "findings" array/);
  });
});

describe('--format gitlab', () => {
  test('the CLI accepts --format gitlab', () => {
    const root = tree({ 'a.pem': generatePemKey('ec-pkcs8').text });
    const run = runKeyward(['scan', '.', '--format', 'gitlab', '--untrusted'], root);
    assert.equal(run.status, 1);
    assert.equal(JSON.parse(run.stdout)[0].severity, 'critical'); // untrusted: git state unknown, key rules keep "error"
  });
});
