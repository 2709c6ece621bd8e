import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { formatGitlab } from '../../../../src/cli/format-gitlab';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, serializeBaseline } from '../../../../src/engine/baseline/baseline';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { assertNoSecretLeak, generatePemKey } from '../../../helpers/keys';

describe('fingerprints', () => {
  test('do not change when a finding moves to another line, and differ for another path or key', () => {
    const key = generatePemKey('ec-pkcs8');
    const at = (p: string, text: string) => scanFile({ path: p, text, committed: true })[0]!;
    const original = at('config/app.yaml', `key: |\n${key.text}`);
    const moved = at('config/app.yaml', `# new header\n\n\nother: 1\nkey: |\n${key.text}`);
    assert.notEqual(original.startPosition.line, moved.startPosition.line);
    assert.equal(original.fingerprint, moved.fingerprint);
    assert.notEqual(at('config/other.yaml', key.text).fingerprint, original.fingerprint);
    assert.notEqual(at('config/app.yaml', generatePemKey('ec-pkcs8').text).fingerprint, original.fingerprint);
  });
});

describe('baseline files', () => {
  test('hold rule ids, paths and fingerprints only: no key material, no messages, no positions', () => {
    const key = generatePemKey('rsa-pkcs1');
    const findings = scanFile({ path: 'k.pem', text: key.text, committed: true });
    assert.equal(findings.length, 1);
    const text = serializeBaseline(createBaseline(findings, new Date('2025-01-02T03:04:05Z')));
    assertNoSecretLeak(text, key.text);
    const data = JSON.parse(text);
    assert.deepEqual(Object.keys(data), ['version', 'createdAt', 'findings']);
    assert.equal(data.version, 1);
    assert.equal(data.createdAt, '2025-01-02T03:04:05.000Z');
    assert.deepEqual(data.findings, [{ ruleId: findings[0]!.ruleId, path: 'k.pem', fingerprint: findings[0]!.fingerprint }]);
    assert.deepEqual(parseBaseline(text), data);
  });

  test('applyBaseline keeps only unknown fingerprints', () => {
    const [a] = scanFile({ path: 'a.pem', text: generatePemKey('ec-pkcs8').text, committed: true });
    const [b] = scanFile({ path: 'b.pem', text: generatePemKey('ec-pkcs8').text, committed: true });
    const baseline = createBaseline([a!]);
    const { findings, baselined } = applyBaseline([a!, b!], baseline);
    assert.deepEqual(findings, [b]);
    assert.equal(baselined, 1);
  });

  test('malformed baselines are rejected with a reason', () => {
    for (const text of [
      'not json',
      '[]',
      '{"version":2,"findings":[]}',
      '{"version":1}',
      '{"version":1,"findings":[{"ruleId":"KW101","path":"a"}]}',
      '{"version":1,"findings":[{"ruleId":"KW101","path":"a","fingerprint":"xyz"}]}',
    ]) {
      assert.throws(() => parseBaseline(text), BaselineError, text);
    }
  });
});

describe('--format gitlab', () => {
  test('a code quality report: description, check_name, fingerprint, severity, location', () => {
    const key = generatePemKey('ec-pkcs8');
    const findings = scanFile({ path: 'keys/a.pem', text: `\n\n${key.text}`, committed: false });
    const out = formatGitlab({
      result: { findings, skipped: [], filesScanned: 1, cancelled: false },
      root: '/r',
      toolVersion: '0',
      docsUrl: 'https://example.invalid',
    });
    assertNoSecretLeak(out, key.text);
    const issues = JSON.parse(out);
    assert.equal(issues.length, 1);
    assert.deepEqual(Object.keys(issues[0]).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
    assert.equal(issues[0].check_name, 'KW101');
    assert.match(issues[0].description, /^KW101: /);
    assert.equal(issues[0].fingerprint, findings[0]!.fingerprint);
    assert.equal(issues[0].severity, 'major'); // an untracked key is a warning
    assert.deepEqual(issues[0].location, { path: 'keys/a.pem', lines: { begin: 3 } });
  });
});
