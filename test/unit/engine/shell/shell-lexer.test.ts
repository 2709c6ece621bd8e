import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { lexShell } from '../../../../src/engine/shell/lexer';
import { assertLinearWork, fill } from '../../../helpers/work-count';
import { isWord, type Redirect, type Token, type Word } from '../../../../src/engine/shell/tokens';

const words = (tokens: readonly Token[]): Word[] => tokens.filter(isWord);
const values = (text: string): string[] => words(lexShell(text)).map((w) => w.value);

test("quotes: single, double, $'…' and escapes give the value the program receives", () => {
  assert.deepEqual(values(`cosign verify 'a b' "c \\"d\\" \\$e" $'f\\tg\\x41' h\\ i`), ['cosign', 'verify', 'a b', 'c "d" $e', 'f\tgA', 'h i']);
  assert.deepEqual(values(`--flag="x y" --other='it'\\''s'`), ['--flag=x y', "--other=it's"]);
});

test('word ranges are exact offsets of the lexed text, quotes included', () => {
  const text = `cosign  sign --key "my key.pem" img`;
  const list = words(lexShell(text));
  const key = list[3] as Word;
  assert.equal(text.slice(key.start, key.end), '"my key.pem"');
  assert.equal(key.raw, '"my key.pem"');
  assert.equal(key.value, 'my key.pem');
  assert.equal(key.quoted, true);
});

test('backslash-newline continuations join lines between and inside words', () => {
  const text = 'cosign sign \\\n  --key k \\\r\n  img\\\nname';
  const list = words(lexShell(text));
  assert.deepEqual(
    list.map((w) => w.value),
    ['cosign', 'sign', '--key', 'k', 'imgname'],
  );
  assert.equal(
    lexShell(text).some((t) => t.kind === 'op'),
    false,
    'no newline operator inside a continued command',
  );
  // Inside single quotes a backslash-newline is literal.
  assert.deepEqual(values("'a\\\nb'"), ['a\\\nb']);
});

test('operators split commands; comments are skipped only at word start', () => {
  const tokens = lexShell('a && b || c; d | e |& f & g # comment && h\ni#j');
  const ops = tokens.filter((t) => t.kind === 'op').map((t) => (t.kind === 'op' ? t.op : ''));
  assert.deepEqual(ops, ['&&', '||', ';', '|', '|&', '&', '\n']);
  assert.deepEqual(
    words(tokens).map((w) => w.value),
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'i#j'],
  );
});

test('expansions stay verbatim and are marked; unquoted ones split', () => {
  const list = words(lexShell('$IMAGE "${REPO}@$DIGEST" ${{ env.IMG }} "$(cat f)" `date` $((1+2)) plain'));
  assert.deepEqual(
    list.map((w) => w.value),
    ['$IMAGE', '${REPO}@$DIGEST', '${{ env.IMG }}', '$(cat f)', '`date`', '$((1+2))', 'plain'],
  );
  assert.deepEqual(
    list.map((w) => w.expands),
    [true, true, true, true, true, true, false],
  );
  assert.deepEqual(
    list.map((w) => w.splits),
    [true, false, true, false, true, true, false],
  );
});

test('GitHub `${{ … }}` and, with the option, `{{ … }}` templates are one opaque part, spaces included', () => {
  assert.deepEqual(values(`cosign sign \${{ inputs.a || 'b c' }}`), ['cosign', 'sign', "${{ inputs.a || 'b c' }}"]);
  assert.deepEqual(
    words(lexShell('cosign sign {{.IMAGE | quote}}', { mustache: true })).map((w) => w.value),
    ['cosign', 'sign', '{{.IMAGE | quote}}'],
  );
  assert.deepEqual(values('echo {{a b}}'), ['echo', '{{a', 'b}}'], 'without the option, braces are ordinary');
});

test('command substitutions are lexed recursively', () => {
  const [assign] = words(lexShell('SIG=$(cosign sign-blob --key "$(pick key)" f)'));
  assert.ok(assign?.assignment);
  assert.equal(assign.assignment.name, 'SIG');
  const inner = words(assign.substitutions[0] ?? []);
  assert.deepEqual(
    inner.map((w) => w.value),
    ['cosign', 'sign-blob', '--key', '$(pick key)', 'f'],
  );
  assert.deepEqual(
    words(inner[3]?.substitutions[0] ?? []).map((w) => w.value),
    ['pick', 'key'],
  );
});

test('assignments: NAME=value, NAME+=value and arrays', () => {
  const list = words(lexShell(`COSIGN_PASSWORD="x y" A+=1 ARR=(a "b c") not-an=assignment =x`));
  assert.deepEqual(
    list.map((w) => w.assignment?.name),
    ['COSIGN_PASSWORD', 'A', 'ARR', undefined, undefined],
  );
  assert.equal(list[0]?.assignment?.value, 'x y');
  assert.equal(list[1]?.assignment?.append, true);
  const text = `COSIGN_PASSWORD="x y"`;
  assert.equal(text.slice(words(lexShell(text))[0]?.assignment?.valueStart), '"x y"');
});

test('redirections, fd prefixes and here-documents', () => {
  const text = "cat <<EOF >cosign.key 2>/dev/null\n$COSIGN_PRIVATE_KEY\nEOF\ncat <<-'END'\n\tliteral $X\n\tEND\necho done";
  const tokens = lexShell(text);
  const redirects = tokens.filter((t): t is Redirect => t.kind === 'redirect');
  assert.deepEqual(
    redirects.map((r) => r.op),
    ['<<', '>', '>', '<<-'],
  );
  assert.equal(text.slice(redirects[2]?.start, redirects[2]?.end), '2>');
  assert.equal(redirects[0]?.heredoc?.text, '$COSIGN_PRIVATE_KEY\n');
  assert.equal(redirects[0]?.heredoc?.expands, true);
  assert.equal(redirects[3]?.heredoc?.text, '\tliteral $X\n');
  assert.equal(redirects[3]?.heredoc?.expands, false);
  assert.ok(
    words(tokens).some((w) => w.value === 'done'),
    'lexing continues after the here-documents',
  );
  assert.ok(!words(tokens).some((w) => w.value === 'literal'), 'here-document bodies are not words');
});

test("a sub-range of a text can be lexed with the text's own offsets", () => {
  const text = `sh -c 'cosign verify img'`;
  const inner = words(lexShell(text, {}, 7, text.length - 1));
  assert.deepEqual(
    inner.map((w) => w.value),
    ['cosign', 'verify', 'img'],
  );
  assert.equal(text.slice(inner[2]?.start, inner[2]?.end), 'img');
});

test('unterminated quotes and substitutions end at the end of input', () => {
  assert.deepEqual(values(`cosign 'open`), ['cosign', 'open']);
  assert.deepEqual(values(`cosign "open $(x`), ['cosign', 'open $(x']);
  assert.deepEqual(values('a `b'), ['a', '`b']);
});

const adversarial: [string, (size: number) => string][] = [
  ['nested $(', (size) => fill('$(', size)],
  ['nested backticks', (size) => fill('a `b \\`', size)],
  ['unterminated double quote', (size) => `"${fill('\\"$x', size)}`],
  ['many quotes', (size) => fill(`'a'"b"`, size)],
  ['continuations', (size) => fill('cosign sign \\\n', size)],
  ['heredoc without end', (size) => `cat <<EOF\n${fill('line\n', size)}`],
  ['many heredocs on one line', (size) => `${fill('<<A ', size)}\n`],
  ['parameter expansions', (size) => fill('${', size)],
  ['templates', (size) => fill('${{ ', size)],
  ['operators', (size) => fill(';&|', size)],
  ['ANSI-C quote', (size) => `$'${fill('\\x41', size)}`],
];

for (const [label, input] of adversarial) {
  test(`linear work: ${label}`, () => assertLinearWork(label, input, lexShell));
}

test('1 MB of nesting lexes without exhausting the stack', () => {
  for (const unit of ['$(', 'a `b \\`', '${', '${{ ']) assert.ok(Array.isArray(lexShell(fill(unit, 1 << 20))), unit);
});
