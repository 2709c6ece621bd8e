import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { parseKeywardIgnore } from '../../src/engine/fixes/keywardignore';
import type { Rule } from '../../src/engine/rules/rule';
import { scanFile } from '../../src/engine/scanner';
import { createFileSuppressions, findInlineDirective, NO_FILE_SUPPRESSIONS } from '../../src/engine/suppress';

const MARKER = 'SECRET-MARKER';

/** A test-only rule: one finding per occurrence of the marker. */
function markerRule(id = 'KW101'): Rule {
  return {
    meta: { id, name: 'marker', title: 'marker', severity: 'error', threats: ['T5'], kind: 'key', summary: '', docs: '', fixes: [] },
    check(file) {
      const text = file.text ?? '';
      const found = [];
      for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + 1)) {
        found.push({ ruleId: id, range: { start: i, end: i + MARKER.length }, message: 'marker', carrier: 'text' as const, identity: `line-${text.slice(0, i).split('\n').length}` });
      }
      return found;
    },
  };
}

const scan = (path: string, text: string, options: Parameters<typeof scanFile>[1] = {}) => scanFile({ path, text, committed: true }, { rules: [markerRule()], ...options });

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
    assert.deepEqual(remaining.map((f) => f.fingerprint), [first.fingerprint]);
  });
});
