// GitHub code scanning rejects a whole SARIF run over its hard limits (25,000 results, 1,000 locations per
// result): a repository with that many findings would otherwise show none. The SARIF writer stays within them.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatSarif } from '../../../src/cli/format-sarif';
import type { ScanReport } from '../../../src/cli/report';
import { CODE_SCANNING_LIMITS } from '../../../src/cli/sarif-limits';
import type { Finding, RelatedLocation, Severity } from '../../../src/engine/types';

function finding(index: number, severity: Severity, extra: Pick<Finding, 'suppression' | 'related'> | Record<string, never> = {}): Finding {
  return {
    ruleId: severity === 'error' ? 'KW101' : 'KW100',
    severity,
    path: `keys/${index}.pem`,
    range: { start: 0, end: 10 },
    startPosition: { line: 0, character: 0 },
    endPosition: { line: 0, character: 10 },
    message: 'key',
    carrier: 'text',
    committed: true,
    identity: `id-${index}`,
    fingerprint: index.toString(16).padStart(32, '0'),
    ...extra,
  };
}

function report(findings: Finding[], suppressed: Finding[] = []): ScanReport {
  return {
    result: { findings, suppressed, skipped: [], filesScanned: findings.length, cancelled: false },
    root: '/tmp/w',
    toolVersion: '0.1.0',
    docsUrl: 'https://example.invalid/docs/rules.md',
  };
}

test('over 25,000 findings: the most severe 25,000 are reported, and the rest is counted in a notification', () => {
  const limit = CODE_SCANNING_LIMITS.resultsPerRun;
  // Information first, errors last: a plain cut would drop the errors.
  const findings = [
    ...Array.from({ length: limit }, (_, i) => finding(i, 'information')),
    ...Array.from({ length: 20 }, (_, i) => finding(limit + i, 'error')),
  ];
  const suppressed = [finding(limit + 100, 'error', { suppression: { source: 'keywardignore', reason: 'test key', line: 1 } })];
  const run = JSON.parse(formatSarif(report(findings, suppressed))).runs[0];
  assert.equal(run.results.length, limit);
  assert.equal(run.results.filter((r: { level: string }) => r.level === 'error').length, 20);
  assert.equal(run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions).length, 0, 'open findings come before suppressed ones');
  const notice = run.invocations[0].toolExecutionNotifications.find((n: { descriptor?: { id: string } }) => n.descriptor?.id === 'results-limit');
  assert.equal(notice?.properties.resultsNotShown, 21);
  assert.match(notice.message.text, /^21 finding\(s\) left out of this report: GitHub code scanning rejects a run with more than 25000 results/);
});

test('under the limit the report is unchanged: every finding, in scan order, no notification', () => {
  const findings = [finding(1, 'information'), finding(2, 'error')];
  const run = JSON.parse(formatSarif(report(findings))).runs[0];
  assert.deepEqual(
    run.results.map((r: { level: string }) => r.level),
    ['note', 'error'],
  );
  assert.equal(run.invocations[0].toolExecutionNotifications, undefined);
});

test('a result keeps at most 1,000 locations (primary and related)', () => {
  const related: RelatedLocation[] = Array.from({ length: 1500 }, (_, i) => ({
    ruleId: 'KW201',
    message: `also ${i}`,
    range: { start: 0, end: 1 },
    startPosition: { line: i, character: 0 },
    endPosition: { line: i, character: 1 },
  }));
  const run = JSON.parse(formatSarif(report([finding(1, 'warning', { related })]))).runs[0];
  assert.equal(run.results[0].locations.length + run.results[0].relatedLocations.length, CODE_SCANNING_LIMITS.locationsPerResult);
});
