import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isScalar, parseDocument, type Scalar } from 'yaml';
import { mapYamlScalar } from '../../../../src/engine/shell/extract/yaml-scalar';
import { assertLinearWork, fill } from '../../../helpers/work-count';
import { MappedTextBuilder } from '../../../../src/engine/shell/mapped-text';

function scalar(source: string): { text: string; node: Scalar } {
  const doc = parseDocument(source, { keepSourceTokens: true });
  const node = doc.get('run', true);
  assert.ok(isScalar(node));
  return { text: source, node };
}

/** Every character of the decoded value maps back to source text that produces it. */
function assertRoundTrip(source: string): string {
  const { text, node } = scalar(source);
  const mapped = mapYamlScalar(text, node);
  assert.ok(mapped, `mapped: ${JSON.stringify(source)}`);
  assert.equal(mapped.mapped.text.replace(/\n+$/, ''), String(node.value).replace(/\n+$/, ''));
  return mapped.mapped.text;
}

test('block literal: indentation removed, lines mapped to their source columns', () => {
  const source = 'run: |\n  cosign sign \\\n    --key k img # c\n\n  echo done\n';
  const { text, node } = scalar(source);
  const mapped = mapYamlScalar(text, node);
  assert.ok(mapped);
  const decoded = mapped.mapped.text;
  assert.equal(decoded, 'cosign sign \\\n  --key k img # c\n\necho done\n');
  const at = decoded.indexOf('--key');
  assert.equal(text.slice(mapped.mapped.toOriginal({ start: at, end: at + 5 }).start).slice(0, 5), '--key');
  assert.equal(mapped.style, 'literal');
  // A range from a line start to a line start covers the whole source lines, indentation included.
  const line = decoded.indexOf('  --key');
  const next = decoded.indexOf('\n', line) + 1;
  const range = mapped.mapped.toOriginal({ start: line, end: next });
  assert.equal(text.slice(range.start, range.end), '    --key k img # c\n');
});

test('block scalars: folded, chomping indicators, explicit indentation, header comments', () => {
  for (const source of [
    'run: >\n  cosign\n  verify\n\n  img\n   more\n  end\n',
    'run: |-\n  a\n\n',
    'run: |+\n  a\n\n',
    'run: >-\n  a\n  b\n',
    'run: | # comment\n  x\n',
    'run: |2\n    indented\n  x\n',
  ]) {
    assertRoundTrip(source);
  }
  assert.equal(assertRoundTrip('run: >\n  cosign\n  verify\n  img\n'), 'cosign verify img\n');
});

test('flow scalars: plain, single- and double-quoted, with folding and escapes', () => {
  assert.equal(assertRoundTrip('run: cosign verify\n  --key k img\n'), 'cosign verify --key k img');
  assert.equal(assertRoundTrip("run: 'it''s --key \"k\"'\n"), 'it\'s --key "k"');
  assert.equal(assertRoundTrip('run: "cosign \\"verify\\" \\u0041\\t\\\n   x\n\n  y"\n'), 'cosign "verify" A\tx\ny');
  const { text, node } = scalar('run: "a \\"b\\" c"\n');
  const mapped = mapYamlScalar(text, node);
  assert.ok(mapped);
  const quote = mapped.mapped.text.indexOf('"');
  assert.deepEqual(mapped.mapped.toOriginal({ start: quote, end: quote + 1 }), { start: text.indexOf('\\"'), end: text.indexOf('\\"') + 2 });
});

test('encoders keep inserted text valid in each scalar style', () => {
  const encode = (source: string, t: string): string | undefined => {
    const { text, node } = scalar(source);
    return mapYamlScalar(text, node)?.encode(t);
  };
  assert.equal(encode('run: "x"\n', 'say "hi" \\ there'), 'say \\"hi\\" \\\\ there');
  assert.equal(encode("run: 'x'\n", "it's"), "it''s");
  assert.equal(encode('run: x\n', ' --yes'), ' --yes');
  assert.equal(encode('run: x\n', ' a: b'), undefined, 'a plain scalar cannot hold ": "');
  assert.equal(encode('run: x\n', ' # c'), undefined, 'nor " #"');
  assert.equal(encode('run: |\n  x\n', 'two\nlines'), undefined, 'no line breaks anywhere');
});

test('MappedText maps atoms (escapes) to their whole source span', () => {
  const source = 'a\\"b';
  const mapped = new MappedTextBuilder().copy(source, 0, 1).atom('"', 1, 3).copy(source, 3, 4).build();
  assert.equal(mapped.text, 'a"b');
  assert.equal(mapped.originalStart(1), 1);
  assert.equal(mapped.originalEnd(2), 3);
  assert.equal(mapped.originalStart(3), 4);
  assert.deepEqual(mapped.toOriginal({ start: 1, end: 3 }), { start: 1, end: 4 });
});

test('a folded scalar maps with linear work', () => {
  const input = (size: number): { text: string; node: Scalar } => scalar(`run: >\n${fill('  cosign verify --key k img\n', size)}`);
  assertLinearWork('folded scalar', input, ({ text, node }) => assert.ok(mapYamlScalar(text, node)));
});
