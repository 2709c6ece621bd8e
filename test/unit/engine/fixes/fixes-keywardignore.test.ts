import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { keywardIgnoreEdits, keywardIgnoreGlob, parseKeywardIgnore } from '../../../../src/engine/fixes/keywardignore';
import { createFileSuppressions } from '../../../../src/engine/findings/suppress';
import type { Finding, TextEdit } from '../../../../src/engine/types';

function finding(path: string, ruleId = 'KW101', fingerprint = 'ab'.repeat(16)): Finding {
  return {
    ruleId,
    range: { start: 0, end: 1 },
    message: 'm',
    carrier: 'text',
    identity: 'i',
    severity: 'error',
    path,
    startPosition: { line: 0, character: 0 },
    endPosition: { line: 0, character: 1 },
    committed: true,
    fingerprint,
  };
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((acc, e) => acc.slice(0, e.range.start) + e.newText + acc.slice(e.range.end), text);
}

const suppressed = (text: string, f: Finding) => createFileSuppressions(parseKeywardIgnore(text).entries).isSuppressed(f);

describe('parseKeywardIgnore', () => {
  test('reads entries, skips comments and blank lines, accepts CRLF', () => {
    const text = [
      '# reviewed findings',
      '',
      'test/fixtures/throwaway.pem KW101 reason: generated test key, never used',
      '  **/testdata/*.p12   kw108   reason:   parser fixtures  ',
      `fingerprint:${'AB'.repeat(16)} * reason: the tutorial's demo key`,
      '/docs/example.pem * reason: leading slash means the root',
    ].join('\r\n');
    const { entries, problems } = parseKeywardIgnore(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(entries, [
      { line: 2, glob: 'test/fixtures/throwaway.pem', ruleId: 'KW101', reason: 'generated test key, never used' },
      { line: 3, glob: '**/testdata/*.p12', ruleId: 'KW108', reason: 'parser fixtures' },
      { line: 4, fingerprint: 'ab'.repeat(16), ruleId: '*', reason: "the tutorial's demo key" },
      { line: 5, glob: 'docs/example.pem', ruleId: '*', reason: 'leading slash means the root' },
    ]);
  });

  test('an entry without a reason is not applied and is reported', () => {
    const text = 'a.pem KW101\nb.pem KW101 reason:\nc.pem KW101 because I said so\nd.pem KWX reason: x\njust-a-path\nok.pem KW101 reason: fine\n';
    const { entries, problems } = parseKeywardIgnore(text);
    assert.deepEqual(
      entries.map((e) => e.glob),
      ['ok.pem'],
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [0, 1, 2, 3, 4],
    );
    assert.match(problems[0]?.message ?? '', /no reason/);
    assert.match(problems[2]?.message ?? '', /no reason/);
    assert.match(problems[3]?.message ?? '', /not a rule id/);
    assert.match(problems[4]?.message ?? '', /Expected/);
    assert.equal(suppressed(text, finding('a.pem')), false);
    assert.equal(suppressed(text, finding('ok.pem')), true);
  });
});

describe('file suppressions', () => {
  test('match by whole-path glob and rule id (or *), dotfiles included', () => {
    const text = 'test/**/*.pem KW101 reason: fixtures\nx.pem * reason: root only\n**/.env KW107 reason: local\n';
    assert.equal(suppressed(text, finding('test/a/b.pem')), true);
    assert.equal(suppressed(text, finding('test/a/b.pem', 'KW102')), false);
    assert.equal(suppressed(text, finding('x.pem', 'KW109')), true);
    assert.equal(suppressed(text, finding('sub/x.pem')), false, 'globs match whole paths');
    assert.equal(suppressed(text, finding('app/.env', 'KW107')), true);
  });

  test('match by fingerprint: exactly one finding', () => {
    const text = `fingerprint:${'cd'.repeat(16)} KW101 reason: demo\n`;
    assert.equal(suppressed(text, finding('a.pem', 'KW101', 'cd'.repeat(16))), true);
    assert.equal(suppressed(text, finding('a.pem', 'KW101', 'ef'.repeat(16))), false);
  });
});

describe('keywardIgnoreEdits', () => {
  test('creates the file with a header explaining the format', () => {
    const result = apply('', keywardIgnoreEdits(undefined, finding('test/throwaway.pem'), 'generated test key'));
    assert.equal(
      result,
      '# Keyward: findings reviewed and kept on purpose. One entry per line:\n' +
        '# <path glob> <rule id or *> reason: <why>   (the reason is required)\n' +
        'test/throwaway.pem KW101 reason: generated test key\n',
    );
    assert.equal(suppressed(result, finding('test/throwaway.pem')), true);
  });

  test('appends to existing content, keeping CRLF and adding a missing line break', () => {
    const existing = '# mine\r\na.pem KW101 reason: x';
    const result = apply(existing, keywardIgnoreEdits(existing, finding('b.pem', 'KW108'), 'keystore fixture'));
    assert.equal(result, '# mine\r\na.pem KW101 reason: x\r\nb.pem KW108 reason: keystore fixture\r\n');
  });

  test('idempotent: applying twice equals applying once', () => {
    for (const start of [undefined, '', 'other.pem * reason: x\n']) {
      const once = apply(start ?? '', keywardIgnoreEdits(start, finding('keys/k.pem'), 'r'));
      assert.deepEqual(keywardIgnoreEdits(once, finding('keys/k.pem'), 'r'), []);
    }
    // Already covered by a broader entry: nothing to add.
    assert.deepEqual(keywardIgnoreEdits('keys/** * reason: all fixtures\n', finding('keys/k.pem'), 'r'), []);
    // An entry without a reason does not count: a proper one is added.
    assert.notDeepEqual(keywardIgnoreEdits('keys/k.pem KW101\n', finding('keys/k.pem'), 'r'), []);
  });

  test('paths with spaces and glob characters match exactly themselves', () => {
    const names = ['my key.pem', 'a*.pem', 'q?.pem', 'br[1].pem', '#hash.pem', '!bang.pem', 'x{a,b}.pem', '@(a).pem', 'dir with space/k.pem'];
    const others = ['ab.pem', 'qa.pem', 'br1.pem', 'xa.pem', 'a.pem', 'my', 'key.pem'];
    for (const name of names) {
      const text = apply('', keywardIgnoreEdits(undefined, finding(name), 'weird name'));
      assert.deepEqual(parseKeywardIgnore(text).problems, [], name);
      assert.equal(suppressed(text, finding(name)), true, `${name} via ${keywardIgnoreGlob(name)}`);
      for (const other of [...others, ...names.filter((n) => n !== name)])
        assert.equal(suppressed(text, finding(other)), false, `${name} must not match ${other}`);
    }
  });

  test('a reason is required', () => {
    assert.throws(() => keywardIgnoreEdits(undefined, finding('a.pem'), ' '), RangeError);
  });
});
