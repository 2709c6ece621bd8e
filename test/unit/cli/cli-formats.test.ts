import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { formatJson } from '../../../src/cli/format-json';
import { formatSarif } from '../../../src/cli/format-sarif';
import { formatText } from '../../../src/cli/format-text';
import type { ScanReport } from '../../../src/cli/report';
import { RULES } from '../../../src/engine/rules/registry';
import type { Finding } from '../../../src/engine/types';

const finding: Finding = {
  ruleId: 'KW101',
  severity: 'error',
  path: 'secrets/my key.pem',
  range: { start: 10, end: 200 },
  startPosition: { line: 1, character: 0 },
  endPosition: { line: 5, character: 29 },
  message: 'Unencrypted EC private key (P-256) …',
  carrier: 'text',
  committed: true,
  identity: 'SHA256:abc',
  fingerprint: '0123456789abcdef0123456789abcdef',
  key: { format: 'PKCS#8', algorithm: 'ec', curve: 'prime256v1', encrypted: false, publicKeyFingerprint: 'SHA256:abc' },
};

const report: ScanReport = {
  result: {
    findings: [finding, { ...finding, ruleId: 'KW100', severity: 'information', committed: undefined, fingerprint: 'f'.repeat(32) }],
    skipped: [{ path: 'big.bin', reason: 'binary' }],
    filesScanned: 3,
    cancelled: false,
  },
  root: '/tmp/work space',
  toolVersion: '0.1.0',
  docsUrl: 'https://example.invalid/docs/rules.md',
};

test('SARIF output validates against the SARIF 2.1.0 schema', () => {
  const schema = JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema's language pattern is not valid in unicode mode;
  const validate = ajv.compile(schema);
  const log = JSON.parse(formatSarif(report));
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
});

test('SARIF carries every rule with help and results with locations and partial fingerprints', () => {
  const log = JSON.parse(formatSarif(report));
  const run = log.runs[0];
  assert.equal(log.version, '2.1.0');
  assert.equal(run.tool.driver.rules.length, RULES.length);
  for (const rule of run.tool.driver.rules) {
    assert.match(rule.helpUri, /^https:\/\/example\.invalid\/docs\/rules\.md#kw\d{3}$/);
    assert.ok(rule.help.text.length > 0);
    assert.ok(rule.properties['security-severity']);
  }
  const [result, hint] = run.results;
  assert.equal(result.ruleId, 'KW101');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'KW101');
  assert.equal(result.level, 'error');
  assert.equal(hint.level, 'note');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 2, startColumn: 1, endLine: 6, endColumn: 30 });
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'secrets/my%20key.pem');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file:///tmp/work%20space/');
  assert.equal(result.partialFingerprints['keyward/v1'], finding.fingerprint);
});

test('JSON output: 1-based positions, committed state and skipped files', () => {
  const json = JSON.parse(formatJson(report));
  assert.equal(json.summary.findings, 2);
  assert.deepEqual(json.findings[0].start, { line: 2, column: 1 });
  assert.equal(json.findings[0].committed, true);
  assert.equal(json.findings[1].committed, null);
  assert.deepEqual(json.skipped, [{ path: 'big.bin', reason: 'binary' }]);
});

test('text output: grouped by file, committed state, summary, no colour unless asked', () => {
  const text = formatText(report, { color: false, cwd: '/tmp/work space' });
  assert.match(text, /^secrets\/my key\.pem$/m);
  assert.match(text, /2:1 +error +Unencrypted EC private key .* \[committed\] +KW101/);
  assert.match(text, /✖ 2 finding\(s\) in 3 file\(s\) scanned: 1 error, 1 information/);
  assert.match(text, /skipped 1 file\(s\): 1 binary/);
  assert.doesNotMatch(text, /\u001b\[/);
  assert.match(formatText(report, { color: true, cwd: '/' }), /\u001b\[31merror/);
});

test('text output for a clean scan', () => {
  const text = formatText({ ...report, result: { findings: [], skipped: [], filesScanned: 7, cancelled: false } }, { color: false, cwd: '/' });
  assert.match(text, /✔ no findings in 7 file\(s\)/);
});

test('text output counts suppressed findings by source and lists the first ten (all with --verbose)', () => {
  const suppressed = Array.from({ length: 12 }, (_, i) => ({
    ...finding,
    path: `fixtures/k${i}.pem`,
    suppression: { source: i < 9 ? ('keywardignore' as const) : ('inline' as const), reason: 'test fixture', line: i + 1 },
  }));
  const withSuppressed: ScanReport = { ...report, result: { ...report.result, findings: [], suppressed } };
  const text = formatText(withSuppressed, { color: false, cwd: '/tmp/work space' });
  assert.match(text, /✔ no findings in 3 file\(s\)/);
  assert.match(text, /12 findings suppressed \(\.keywardignore: 9, inline: 3\):/);
  assert.match(text, /fixtures\/k0\.pem:2 KW101 \.keywardignore line 1: "test fixture"/);
  assert.doesNotMatch(text, /k10\.pem/);
  assert.match(text, /… and 2 more \(--verbose or --format json lists them all\)/);
  assert.match(
    formatText(withSuppressed, { color: false, cwd: '/tmp/work space', verbose: true }),
    /fixtures\/k11\.pem:2 KW101 inline comment line 12: "test fixture"/,
  );
  const json = JSON.parse(formatJson(withSuppressed));
  assert.equal(json.summary.suppressed, 12);
  assert.equal(json.suppressed.length, 12);
  assert.equal(JSON.parse(formatSarif(withSuppressed)).runs[0].results.length, 12);
});
