import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { findPemBlocks, type PemBlock } from '../../../../src/engine/keys/pem';
import { LineIndex } from '../../../../src/engine/text/line-index';
import { asJsonString, asKubernetesSecret, asYamlBlock, generatePemKey, type GeneratedPemKey } from '../../../helpers/keys';

/** The one private-key block in `text`; fails (without printing text) unless there is exactly one. */
function onlyPrivateBlock(text: string): PemBlock {
  const blocks = findPemBlocks(text).filter((block) => block.kind === 'private-key');
  assert.equal(blocks.length, 1, 'exactly one private-key block');
  return blocks[0] as PemBlock;
}

/** Start and end line of the block's range. */
function lines(text: string, block: PemBlock): [number, number] {
  const index = new LineIndex(text);
  return [index.positionAt(block.range.start).line, index.positionAt(block.range.end).line];
}

function assertDecodesTo(block: PemBlock, key: GeneratedPemKey): void {
  const verdict = block.verdict();
  assert.equal(verdict.kind, 'key');
  assert.equal(verdict.kind === 'key' && verdict.key.publicKeyFingerprint, key.fingerprint, 'same key as generated');
}

describe('findPemBlocks carriers', () => {
  const key = generatePemKey('rsa-pkcs8');
  const keyLines = key.text.trimEnd().split('\n');
  const lastLine = keyLines.length - 1;

  test('plain PEM file: range from the BEGIN marker to the end of the END marker', () => {
    const text = `# header\n\n${key.text}trailing\n`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'text');
    assert.equal(block.label, 'PRIVATE KEY');
    assert.deepEqual(lines(text, block), [2, 2 + lastLine]);
    assert.ok(text.startsWith('-----BEGIN PRIVATE KEY-----', block.range.start));
    assert.equal(text.slice(block.range.end - 25, block.range.end), '-----END PRIVATE KEY-----');
    assertDecodesTo(block, key);
  });

  test('YAML block scalar (indented under `key: |`)', () => {
    const text = `apiVersion: v1\nconfig:\n${asYamlBlock('  signingKey', key.text, 4)}other: 1\n`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'text');
    assert.deepEqual(lines(text, block), [3, 3 + lastLine]);
    assertDecodesTo(block, key);
  });

  test('Kubernetes Secret `data:` value (base64 of the PEM): range is the base64 token', () => {
    const text = asKubernetesSecret('signing', 'cosign.key', key.text);
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'base64');
    const token = Buffer.from(key.text).toString('base64');
    assert.equal(block.range.start, text.indexOf(token));
    assert.equal(block.range.end, text.indexOf(token) + token.length);
    assertDecodesTo(block, key);
  });

  test('Kubernetes Secret `data:` value wrapped at 76 columns in a block scalar', () => {
    const wrapped = (
      Buffer.from(key.text)
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).map((line) => `    ${line}`);
    const text = `kind: Secret\ndata:\n  tls.key: |\n${wrapped.join('\n')}\n  tls.crt: abc\n`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'base64');
    assert.deepEqual(lines(text, block), [3, 3 + wrapped.length - 1]);
    assertDecodesTo(block, key);
  });

  test('Kubernetes `stringData:` is plain text in a block scalar', () => {
    const text = `kind: Secret\nstringData:\n${asYamlBlock('  cosign.key', key.text, 4)}`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'text');
    assertDecodesTo(block, key);
  });

  test('GCP service-account JSON: escaped `\\n` inside a string, range is the BEGIN…END span inside it', () => {
    const text = `{\n  "type": "service_account",\n  "private_key_id": "abc",\n  "private_key": ${asJsonString(key.text)},\n  "client_email": "x@y.iam.gserviceaccount.com"\n}\n`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.carrier, 'escaped-string');
    assert.deepEqual(lines(text, block), [3, 3]);
    assert.equal(block.range.start, text.indexOf('-----BEGIN'));
    assert.equal(block.range.end, text.indexOf('-----END PRIVATE KEY-----') + '-----END PRIVATE KEY-----'.length);
    assertDecodesTo(block, key);
  });

  test('doubly escaped JSON (`\\\\n`), PHP-escaped slashes (`\\/`) and `\\r\\n` escapes', () => {
    for (const text of [
      JSON.stringify({ outer: JSON.stringify({ private_key: key.text }) }),
      JSON.stringify({ private_key: key.text }).replace(/\//g, '\\/'),
      JSON.stringify({ private_key: key.text.replace(/\n/g, '\r\n') }),
    ]) {
      const block = onlyPrivateBlock(text);
      assert.equal(block.carrier, 'escaped-string');
      assertDecodesTo(block, key);
    }
  });

  test('.env values: quoted multi-line, quoted with literal \\n, unquoted with literal \\n', () => {
    const quoted = `A=1\nSIGNING_KEY="${key.text.trimEnd()}"\nB=2\n`;
    const block = onlyPrivateBlock(quoted);
    assert.equal(block.carrier, 'text');
    assert.deepEqual(lines(quoted, block), [1, 1 + lastLine]);
    assertDecodesTo(block, key);
    for (const text of [`SIGNING_KEY="${keyLines.join('\\n')}"\n`, `SIGNING_KEY=${keyLines.join('\\n')}\n`]) {
      const escaped = onlyPrivateBlock(text);
      assert.equal(escaped.carrier, 'escaped-string');
      assertDecodesTo(escaped, key);
    }
  });

  test('TS/JS string literals: one escaped string, concatenated pieces, an array joined with \\n, a template literal', () => {
    const texts = [
      `export const KEY = ${JSON.stringify(key.text)};\n`,
      `const KEY =\n${keyLines.map((line) => `  "${line}\\n"`).join(' +\n')};\n`,
      `const KEY = [\n${keyLines.map((line) => `  '${line}',`).join('\n')}\n].join('\\n');\n`,
      `const KEY = \`${key.text}\`;\n`,
    ];
    for (const text of texts) assertDecodesTo(onlyPrivateBlock(text), key);
    assert.equal(onlyPrivateBlock(texts[1] as string).carrier, 'escaped-string');
  });

  test('Python implicit concatenation and Go string literals', () => {
    const python = `KEY = (\n${keyLines.map((line) => `    "${line}\\n"`).join('\n')}\n)\n`;
    const go = `var key = "${keyLines.join('\\n')}\\n"\n`;
    for (const text of [python, go]) assertDecodesTo(onlyPrivateBlock(text), key);
  });

  test('Terraform/HCL heredocs (<<EOF and indented <<-EOF)', () => {
    const plain = `resource "tls_private_key" "x" {\n  content = <<EOF\n${key.text}EOF\n}\n`;
    const indented = `locals {\n  key = <<-EOT\n${keyLines.map((line) => `    ${line}`).join('\n')}\n  EOT\n}\n`;
    const block = onlyPrivateBlock(indented);
    assert.deepEqual(lines(indented, block), [2, 2 + lastLine]);
    assertDecodesTo(block, key);
    assertDecodesTo(onlyPrivateBlock(plain), key);
  });

  test('CRLF line endings', () => {
    const text = `first\r\n${key.text.replace(/\n/g, '\r\n')}last\r\n`;
    const block = onlyPrivateBlock(text);
    assert.deepEqual(lines(text, block), [1, 1 + lastLine]);
    assert.equal(text.charAt(block.range.end), '\r');
    assertDecodesTo(block, key);
  });

  test('lines prefixed by a comment marker, a JSDoc star, a blockquote or a diff +', () => {
    for (const prefix of ['# ', '// ', ' * ', '> ', '+']) {
      const text = `intro\n${keyLines.map((line) => `${prefix}${line}`).join('\n')}\n`;
      const block = onlyPrivateBlock(text);
      assert.deepEqual(lines(text, block), [1, 1 + lastLine], JSON.stringify(prefix));
      assertDecodesTo(block, key);
    }
  });

  test('XML with line breaks as character references (&#13; per line, or &#10; on one line)', () => {
    const perLine = `<Key>${keyLines.join('&#13;\n')}</Key>\n`;
    const oneLine = `<Key>${keyLines.join('&#xA;')}</Key>`;
    for (const text of [perLine, oneLine]) assertDecodesTo(onlyPrivateBlock(text), key);
  });

  test('a key whose line breaks became spaces (one-line environment variable)', () => {
    assertDecodesTo(onlyPrivateBlock(`KEY=${keyLines.join(' ')}\n`), key);
  });

  test('a key in the middle of a long minified line', () => {
    const text = `${'x'.repeat(5000)}{"k":${asJsonString(key.text)}}${'y'.repeat(5000)}`;
    assertDecodesTo(onlyPrivateBlock(text), key);
  });

  test('several keys in one file are each returned once, in order', () => {
    const second = generatePemKey('ec-sec1');
    const text = `${key.text}\n${asKubernetesSecret('a', 'b', second.text)}\n${asJsonString(key.text)}`;
    const blocks = findPemBlocks(text);
    assert.deepEqual(
      blocks.map((block) => block.carrier),
      ['text', 'base64', 'escaped-string'],
    );
    assert.deepEqual(
      blocks.map((block) => block.label),
      ['PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'],
    );
  });

  test('a BEGIN named in prose before a real key does not swallow it', () => {
    const text = `Keys start with -----BEGIN PRIVATE KEY----- and end with the matching line.\n\n${key.text}`;
    const block = onlyPrivateBlock(text);
    assert.equal(block.range.start, text.lastIndexOf('-----BEGIN'));
    assertDecodesTo(block, key);
  });

  test('public keys and certificates are returned as such, never as private keys', () => {
    const text = `${key.publicPem}\n${Buffer.from(key.publicPem).toString('base64')}\n`;
    const blocks = findPemBlocks(text);
    assert.deepEqual(
      blocks.map((block) => [block.kind, block.carrier]),
      [
        ['public-key', 'text'],
        ['public-key', 'base64'],
      ],
    );
    assert.ok(blocks.every((block) => block.verdict().kind === 'invalid'));
  });
});
