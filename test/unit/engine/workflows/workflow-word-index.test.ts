/**
 * The index behind the keyless migration's "is this key variable still used?" question. It replaced a
 * copy of the whole file plus a regexp scan per command (quadratic: a 2 MB `run:` block of
 * `cosign sign --key` lines took over five minutes; bench/hostile-regexp.mjs measures it), so it must
 * give the same answers as that scan and do work that does not grow with the file.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { TextRange } from '../../../../src/engine/types';
import { WordIndex, type WordIndexCounter } from '../../../../src/engine/workflows/word-index';
import { checkProperty, fc } from '../../../helpers/fuzz';

const NAMES = ['COSIGN_KEY', 'COSIGN_PASSWORD', 'COSIGN_PRIVATE_KEY'];

/** The old answer: blank the ranges with spaces, then look for the name as a whole word. */
function reference(text: string, name: string, blanked: readonly TextRange[]): boolean {
  let masked = text;
  for (const r of blanked) masked = masked.slice(0, r.start) + ' '.repeat(r.end - r.start) + masked.slice(r.end);
  return new RegExp(`\\b${name}\\b`).test(masked);
}

test('WordIndex answers as the blank-and-regexp scan did (word boundaries made by blanking included)', () => {
  const cases: [string, TextRange[], string, boolean][] = [
    ['env: COSIGN_KEY', [], 'COSIGN_KEY', true],
    ['COSIGN_KEY_REF=1', [], 'COSIGN_KEY', false],
    ['XCOSIGN_KEY', [], 'COSIGN_KEY', false],
    ['XCOSIGN_KEY', [{ start: 0, end: 1 }], 'COSIGN_KEY', true],
    ['COSIGN_KEYX', [{ start: 10, end: 11 }], 'COSIGN_KEY', true],
    ['a COSIGN_KEY b', [{ start: 5, end: 6 }], 'COSIGN_KEY', false],
    ['a COSIGN_KEY b COSIGN_KEY', [{ start: 2, end: 12 }], 'COSIGN_KEY', true],
    [
      'a COSIGN_KEY b COSIGN_KEY',
      [
        { start: 2, end: 12 },
        { start: 15, end: 25 },
      ],
      'COSIGN_KEY',
      false,
    ],
    ['COSIGN_PRIVATE_KEY', [], 'COSIGN_KEY', false],
  ];
  for (const [text, blanked, name, expected] of cases) {
    assert.equal(reference(text, name, blanked), expected, `reference on ${JSON.stringify(text)}`);
    assert.equal(new WordIndex(text, NAMES).mentionedOutside(name, blanked), expected, JSON.stringify([text, blanked]));
  }
});

test('WordIndex agrees with the blank-and-regexp scan on random texts and ranges', () => {
  const piece = fc.constantFrom(...NAMES, 'X', '_', ' ', '\n', '$', '{', 'secrets.', 'COSIGN_', 'KEY', '9');
  const range = fc.tuple(fc.nat(), fc.nat({ max: 30 }));
  checkProperty(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.array(range, { maxLength: 4 }), fc.constantFrom(...NAMES), (pieces, raw, name) => {
      const text = pieces.join('');
      const blanked = raw.map(([at, length]) => {
        const start = text.length === 0 ? 0 : at % text.length;
        return { start, end: Math.min(text.length, start + length) };
      });
      assert.equal(new WordIndex(text, NAMES).mentionedOutside(name, blanked), reference(text, name, blanked));
    }),
  );
});

test('a question costs the same whatever the number of mentions elsewhere in the file', () => {
  const examinedFor = (lines: number): number => {
    const line = 'cosign sign --key env://COSIGN_PRIVATE_KEY "$IMAGE" # COSIGN_PASSWORD\n';
    const text = `env:\n  COSIGN_PASSWORD: x\n${line.repeat(lines)}`;
    const counter: WordIndexCounter = { examined: 0 };
    const index = new WordIndex(text, NAMES, counter);
    // Blank the env entry and the first command, as the migration does for one command.
    const entry = { start: text.indexOf('COSIGN_PASSWORD'), end: text.indexOf('\ncosign') };
    const firstCommand = { start: entry.end + 1, end: entry.end + line.length };
    for (const name of NAMES) index.mentionedOutside(name, [entry, firstCommand]);
    // Asking with nothing left elsewhere must look only at the blanked neighbourhood too.
    const lone = new WordIndex('a COSIGN_KEY b', NAMES, counter);
    assert.equal(lone.mentionedOutside('COSIGN_KEY', [{ start: 2, end: 12 }]), false);
    return counter.examined;
  };
  const small = examinedFor(10);
  assert.ok(small > 0, 'the counter counts');
  assert.equal(examinedFor(20_000), small, 'positions examined must not grow with the mentions outside the blanked ranges');
});
