import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { parseKeywardIgnore } from '../../../../src/engine/fixes/keywardignore';
import type { Rule } from '../../../../src/engine/rules/rule';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { scanFileWithSuppressed } from '../../../../src/engine/scan/scanner';
import { createFileSuppressions, findInlineDirective, NO_FILE_SUPPRESSIONS, safeReason } from '../../../../src/engine/findings/suppress';

const MARKER = 'SECRET-MARKER';

/** A test-only rule: one finding per occurrence of the marker. */
function markerRule(id = 'KW101', kind: 'key' | 'config' = 'key'): Rule {
  return {
    meta: { id, name: 'marker', title: 'marker', severity: 'error', threats: ['T5'], kind, summary: '', docs: '', fixes: [] },
    check(file) {
      const text = file.text ?? '';
      const found = [];
      for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + 1)) {
        found.push({
          ruleId: id,
          range: { start: i, end: i + MARKER.length },
          message: 'marker',
          carrier: 'text' as const,
          identity: `line-${text.slice(0, i).split('\n').length}`,
        });
      }
      return found;
    },
  };
}

const scan = (path: string, text: string, options: Parameters<typeof scanFile>[1] = {}) =>
  scanFile({ path, text, committed: true }, { rules: [markerRule()], ...options });

describe('inline suppression', () => {
  test('a comment on the line or the line above, naming the rule, with a reason', () => {
    assert.equal(scan('a.yaml', `a: ${MARKER} # keyward-ignore KW101 reason: fixture\n`).length, 0);
    assert.equal(scan('a.yaml', `# keyward-ignore KW100, KW101 reason: fixture\na: ${MARKER}\n`).length, 0);
    assert.equal(scan('a.yaml', `# keyward-ignore KW101 reason: fixture\n\na: ${MARKER}\n`).length, 1, 'two lines above is too far');
    assert.equal(scan('a.yaml', `# keyward-ignore KW102 reason: fixture\na: ${MARKER}\n`).length, 1, 'another rule');
    assert.equal(scan('a.yaml', `# keyward-ignore KW101\na: ${MARKER}\n`).length, 1, 'no reason: not honoured');
    assert.equal(scan('a.yaml', `# keyward-ignore KW101 reason:\na: ${MARKER}\n`).length, 1, 'empty reason: not honoured');
  });

  test('findInlineDirective locates the id list', () => {
    const line = '  # keyward-ignore KW100 , KW101 reason: x';
    const directive = findInlineDirective(line);
    assert.deepEqual(directive?.ruleIds, ['KW100', 'KW101']);
    assert.equal(line.slice(0, directive?.idsEnd), '  # keyward-ignore KW100 , KW101');
    assert.equal(findInlineDirective('# keyward-ignore KW100'), undefined);
    assert.equal(findInlineDirective('plain text'), undefined);
  });
});

describe('file suppressions in scanFile', () => {
  test('entries drop matching findings only', () => {
    const text = `${MARKER}\n${MARKER}\n`;
    assert.equal(scan('keys/a.pem', text).length, 2);
    assert.equal(scan('keys/a.pem', text, { suppressions: NO_FILE_SUPPRESSIONS }).length, 2);
    const byGlob = createFileSuppressions(parseKeywardIgnore('keys/*.pem KW101 reason: fixtures\n').entries);
    assert.equal(scan('keys/a.pem', text, { suppressions: byGlob }).length, 0);
    assert.equal(scan('other/a.pem', text, { suppressions: byGlob }).length, 2);
    const otherRule = createFileSuppressions(parseKeywardIgnore('keys/*.pem KW102 reason: fixtures\n').entries);
    assert.equal(scan('keys/a.pem', text, { suppressions: otherRule }).length, 2);
  });

  test('a fingerprint entry drops exactly that finding', () => {
    const text = `${MARKER}\n${MARKER}\n`;
    const [first, second] = scan('keys/a.pem', text);
    assert.ok(first && second && first.fingerprint !== second.fingerprint);
    const suppressions = createFileSuppressions(parseKeywardIgnore(`fingerprint:${second.fingerprint} KW101 reason: the second one is a demo\n`).entries);
    const remaining = scan('keys/a.pem', text, { suppressions });
    assert.deepEqual(
      remaining.map((f) => f.fingerprint),
      [first.fingerprint],
    );
  });
});

describe('suppressed findings are kept, with where and why', () => {
  test('inline and file suppressions carry source, reason and line; untrusted scans report key findings anyway', () => {
    const rules = [markerRule('KW101'), markerRule('KW201', 'config')];
    const text = `# keyward-ignore KW101, KW201 reason: fixture for the parser\n${MARKER}\n`;
    const trusted = scanFileWithSuppressed({ path: 'a.sh', text, committed: true }, { rules });
    assert.deepEqual(trusted.findings, []);
    assert.deepEqual(
      trusted.suppressed.map((f) => [f.ruleId, f.suppression]),
      [
        ['KW101', { source: 'inline', reason: 'fixture for the parser', line: 1 }],
        ['KW201', { source: 'inline', reason: 'fixture for the parser', line: 1 }],
      ],
    );
    const untrusted = scanFileWithSuppressed({ path: 'a.sh', text, committed: true }, { rules, untrusted: true });
    assert.deepEqual(
      untrusted.findings.map((f) => [f.ruleId, f.suppression?.source]),
      [['KW101', 'inline']],
      'the key rule is not silenced',
    );
    assert.deepEqual(
      untrusted.suppressed.map((f) => f.ruleId),
      ['KW201'],
      'a configuration suppression still applies',
    );

    const suppressions = createFileSuppressions(parseKeywardIgnore('# header\n\nkeys/*.pem KW101 reason: demo keys\n').entries);
    const byFile = scanFileWithSuppressed({ path: 'keys/a.pem', text: MARKER, committed: true }, { rules, suppressions });
    assert.deepEqual(byFile.suppressed[0]?.suppression, { source: 'keywardignore', reason: 'demo keys', line: 3 });
    assert.equal(
      scanFileWithSuppressed({ path: 'keys/a.pem', text: MARKER, committed: true }, { rules, suppressions, untrusted: true }).findings[0]?.suppression?.source,
      'keywardignore',
    );
  });

  test('a reason is cut where key-like text starts, and kept short', () => {
    assert.equal(safeReason('generated test key, never used for signing'), 'generated test key, never used for signing');
    assert.equal(safeReason('fixture -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC'), 'fixture …');
    assert.equal(safeReason('demo MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ'), 'demo …');
    assert.equal(safeReason('age AGE-SECRET-KEY-1QQPZ9Y3K8WJ0FJ2MZ4XL5V6N7C8D9E0F1G2H3'), 'age AGE-SECRET-KEY- …');
    assert.equal(safeReason('in a <!-- keyward comment --> -->'), 'in a <!-- keyward comment -->');
    assert.equal(safeReason('x'.repeat(500)).length, 160);
    assert.equal(safeReason('-----BEGIN'), '(reason not shown)');
  });
});
