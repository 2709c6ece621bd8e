import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  applyEdits,
  insertAfterEdit,
  normalizeEdits,
  removeWordGroupsEdits,
  removeWordsEdit,
  replaceWordsEdit,
  shellQuote,
} from '../../../../src/engine/shell/edits';
import type { Word } from '../../../../src/engine/shell/tokens';
import { buildShellView, type LocatedInvocation } from '../../../../src/engine/shell/view';

function first(path: string, text: string): LocatedInvocation {
  const found = buildShellView(path, text, () => true).invocations.find((i) => i.invocation.argv[0]?.value === 'cosign');
  assert.ok(found, 'a cosign command');
  return found;
}

function words(located: LocatedInvocation, ...values: string[]): Word[] {
  return values.map((v) => {
    const word = located.invocation.argv.find((w) => w.value === v);
    assert.ok(word, v);
    return word;
  });
}

/** Removes the words with these values from the first cosign command of the text. */
function remove(path: string, text: string, ...values: string[]): string {
  const located = first(path, text);
  const edits = removeWordGroupsEdits(located.segment, located.invocation.command, words(located, ...values));
  assert.ok(edits);
  return applyEdits(text, edits);
}

test('removing a flag mid-line takes one neighbouring blank', () => {
  assert.equal(remove('a.sh', 'cosign verify --insecure-ignore-tlog img\n', '--insecure-ignore-tlog'), 'cosign verify img\n');
  assert.equal(remove('a.sh', 'cosign verify --key k.pub img # c\n', '--key', 'k.pub'), 'cosign verify img # c\n');
  assert.equal(remove('a.sh', 'cosign verify img --insecure-ignore-sct\n', '--insecure-ignore-sct'), 'cosign verify img\n');
  assert.equal(remove('a.sh', 'cosign verify img --insecure-ignore-sct > out.json\n', '--insecure-ignore-sct'), 'cosign verify img > out.json\n');
});

test('removing a flag on its own continuation line removes the line; continuations stay valid', () => {
  const before = 'cosign verify \\\n  --insecure-ignore-tlog \\\n  --key k.pub \\\n  img\necho next\n';
  assert.equal(remove('a.sh', before, '--insecure-ignore-tlog'), 'cosign verify \\\n  --key k.pub \\\n  img\necho next\n');
  assert.equal(remove('a.sh', before, '--key', 'k.pub'), 'cosign verify \\\n  --insecure-ignore-tlog \\\n  img\necho next\n');
  // The last line of a continued command: the trailing `\` before it goes too, never joining `echo next`.
  assert.equal(remove('a.sh', 'cosign verify img \\\n  --insecure-ignore-tlog\necho next\n', '--insecure-ignore-tlog'), 'cosign verify img\necho next\n');
  // Flag at the end of a line that continues: keep ` \`.
  assert.equal(remove('a.sh', 'cosign verify --insecure-ignore-tlog \\\n  img\n', '--insecure-ignore-tlog'), 'cosign verify \\\n  img\n');
});

test('several removals in one command never overlap', () => {
  const text = 'cosign sign-blob --key k --output-signature s f --output-certificate c\n';
  assert.equal(remove('a.sh', text, '--key', 'k', '--output-signature', 's', '--output-certificate', 'c'), 'cosign sign-blob f\n');
});

test('removal inside YAML block scalars keeps the block indentation', () => {
  const text = 'steps:\n  - run: |\n      cosign verify \\\n        --insecure-ignore-tlog \\\n        img\n      echo ok\n';
  assert.equal(remove('.github/workflows/x.yml', text, '--insecure-ignore-tlog'), 'steps:\n  - run: |\n      cosign verify \\\n        img\n      echo ok\n');
});

test('removal in Makefile recipes, JSON strings and Dockerfile exec form', () => {
  assert.equal(remove('Makefile', 'v:\n\tcosign verify --key $(K) $$IMG\n', '--key', '$(K)'), 'v:\n\tcosign verify $$IMG\n');
  assert.equal(remove('package.json', '{"scripts":{"v":"cosign verify --key \\"k\\" img"}}', '--key', 'k'), '{"scripts":{"v":"cosign verify img"}}');
  assert.equal(
    remove('Dockerfile', 'RUN ["cosign", "verify", "--insecure-ignore-tlog", "img"]\n', '--insecure-ignore-tlog'),
    'RUN ["cosign", "verify", "img"]\n',
  );
});

test('insertion and replacement are encoded for the carrier', () => {
  const json = '{"scripts":{"s":"cosign sign img"}}';
  const inJson = first('package.json', json);
  const sub = words(inJson, 'sign')[0] as Word;
  assert.equal(
    applyEdits(json, [insertAfterEdit(inJson.segment, sub, [{ shell: '--a="b"', value: '--a=b' }])!]),
    '{"scripts":{"s":"cosign sign --a=\\"b\\" img"}}',
  );
  const make = 'x:\n\tcosign sign img\n';
  const inMake = first('Makefile', make);
  assert.equal(
    applyEdits(make, [insertAfterEdit(inMake.segment, words(inMake, 'sign')[0]!, [{ shell: '"$IMG.sig"', value: '' }])!]),
    'x:\n\tcosign sign "$$IMG.sig" img\n',
  );
  const docker = 'RUN ["cosign", "verify", "--key", "k", "img"]\n';
  const inDocker = first('Dockerfile', docker);
  assert.equal(
    applyEdits(docker, [replaceWordsEdit(inDocker.segment, words(inDocker, '--key', 'k'), ['--certificate-identity=<x>', '--y'])!]),
    'RUN ["cosign", "verify", "--certificate-identity=<x>", "--y", "img"]\n',
  );
  const plain = 'a:\n  script:\n    - cosign verify img\n';
  const inPlain = first('.gitlab-ci.yml', plain);
  assert.equal(
    insertAfterEdit(inPlain.segment, words(inPlain, 'verify')[0]!, [{ shell: 'a: b', value: '' }]),
    undefined,
    'a plain YAML scalar cannot take ": "',
  );
});

test('shellQuote quotes only when needed', () => {
  assert.equal(
    shellQuote('--certificate-identity=https://github.com/a/b/.github/workflows/r.yml@refs/heads/main'),
    '--certificate-identity=https://github.com/a/b/.github/workflows/r.yml@refs/heads/main',
  );
  assert.equal(shellQuote('<https://x>'), "'<https://x>'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote(''), "''");
});

test('normalizeEdits folds an insertion into a deletion that starts at the same offset and rejects overlaps', () => {
  assert.deepEqual(
    normalizeEdits([
      { range: { start: 5, end: 9 }, newText: '' },
      { range: { start: 5, end: 5 }, newText: ' x' },
    ]),
    [{ range: { start: 5, end: 9 }, newText: ' x' }],
  );
  assert.equal(
    normalizeEdits([
      { range: { start: 1, end: 5 }, newText: '' },
      { range: { start: 3, end: 7 }, newText: '' },
    ]),
    undefined,
  );
});

test('argv given without a shell (YAML command/args) is not edited', () => {
  const text = 'c:\n  - command: [cosign]\n    args: [verify, --insecure-ignore-tlog, img]\n';
  const located = first('pod.yaml', text);
  assert.equal(removeWordsEdit(located.segment, located.invocation.command, words(located, '--insecure-ignore-tlog')), undefined);
});

test('CRLF scripts: removals keep CRLF line breaks intact', () => {
  assert.equal(
    remove('a.sh', 'cosign verify \\\r\n  --insecure-ignore-tlog \\\r\n  img\r\necho\r\n', '--insecure-ignore-tlog'),
    'cosign verify \\\r\n  img\r\necho\r\n',
  );
  assert.equal(remove('a.sh', 'cosign verify --key k img\r\n', '--key', 'k'), 'cosign verify img\r\n');
});
