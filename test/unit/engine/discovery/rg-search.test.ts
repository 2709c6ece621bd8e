/** ripgrep's `--count --null` output, parsed as it streams: records cut anywhere, odd names, garbage. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CountParser, ripgrepSearchArgs, ripgrepSearchThreads } from '../../../../src/engine/discovery/rg-search';

function parse(chunks: readonly Buffer[]): { verdicts: [string, boolean][]; error?: string } {
  const verdicts: [string, boolean][] = [];
  const parser = new CountParser((relative, matched) => verdicts.push([relative, matched]));
  chunks.forEach((chunk) => parser.push(chunk));
  try {
    parser.end();
    return { verdicts };
  } catch (error) {
    return { verdicts, error: (error as Error).message };
  }
}

const OUTPUT = Buffer.concat([
  Buffer.from('./a/b.txt\x000\n./key\n.pem\x001\n./with space/x\x0012\n'),
  Buffer.from('./latin1-'),
  Buffer.from([0xe9]),
  Buffer.from('.pem\x000\n./c\x000\n'),
]);

test('every way of cutting the output into two chunks gives the same verdicts', () => {
  const expected = [
    ['a/b.txt', false],
    ['key\n.pem', true],
    ['with space/x', true],
    ['c', false],
  ];
  for (let cut = 0; cut <= OUTPUT.length; cut++) {
    const { verdicts, error } = parse([OUTPUT.subarray(0, cut), OUTPUT.subarray(cut)]);
    assert.equal(error, undefined);
    assert.deepEqual(verdicts, expected, `cut at ${cut}`);
  }
});

test('a truncated record or output that is not --count output fails, after the verdicts before it', () => {
  assert.equal(parse([Buffer.from('./a\x000\n./b\x00')]).error, 'ripgrep: truncated output');
  const garbage = parse([Buffer.from('./a\x000\n./b\x00zero\n./c\x000\n')]);
  assert.deepEqual(garbage.verdicts, [['a', false]]);
  assert.equal(garbage.error, 'ripgrep: unexpected output');
  // Paths that do not start with ./ or contain .. get no verdict (they are read).
  assert.deepEqual(parse([Buffer.from('/abs\x000\n./x/../y\x000\n./\x000\n')]).verdicts, []);
});

test('ripgrep searches on one thread on two cores (one buffered output stream), on half the cores above', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 8, 16].map((cores) => ripgrepSearchThreads(cores)),
    [1, 1, 1, 2, 4, 8],
  );
  const args = ripgrepSearchArgs(1024, true, 3);
  assert.equal(args[args.indexOf('--threads') + 1], '3');
});
