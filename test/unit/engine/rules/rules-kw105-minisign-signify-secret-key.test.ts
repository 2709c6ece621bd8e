import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { minisignSignifySecretKey } from '../../../../src/engine/rules/kw105-minisign-signify-secret-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { hasTool, leakedWindow, minisignKey, run, signifyKey, withTempDir } from '../../../helpers/nonpem-keys';
import { assertLinearWork, fill } from '../../../helpers/work-count';

function scan(path: string, text: string): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [minisignSignifySecretKey] });
}

function assertMasked(findings: readonly Finding[], secret: string): void {
  for (const finding of findings) {
    assert.equal(leakedWindow(finding.message, secret), undefined, 'message contains key material');
    assert.equal(leakedWindow(finding.identity, secret), undefined, 'identity contains key material');
  }
}

test('KW105: an encrypted minisign secret key is an error spanning the comment and key lines', () => {
  const key = minisignKey({ encrypted: true });
  const text = `# release signing\n${key.text}`;
  const [finding, ...rest] = scan('minisign.key', text);
  assert.ok(finding);
  assert.equal(rest.length, 0);
  assert.equal(finding.ruleId, 'KW105');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.startPosition, { line: 1, character: 0 });
  assert.deepEqual(finding.endPosition, { line: 2, character: key.base64.length });
  assert.equal(finding.key?.format, 'minisign');
  assert.equal(finding.key?.encrypted, true);
  assert.equal(finding.key?.publicKeyFingerprint, undefined);
  assert.match(finding.identity, /^sha256:[0-9a-f]{64}$/);
  assert.match(finding.message, /minisign secret key .*password-encrypted/);
  assert.match(finding.message, /sign as you/);
  assert.match(finding.message, /keyless/);
  assertMasked([finding], key.base64);
});

test('KW105: an unencrypted minisign key reports its key ID and public-key fingerprint', () => {
  const key = minisignKey({ encrypted: false });
  const [finding] = scan('keys/minisign.key', key.text);
  assert.ok(finding);
  assert.equal(finding.key?.encrypted, false);
  assert.equal(finding.key?.algorithm, 'ed25519');
  assert.equal(finding.key?.publicKeyFingerprint, key.fingerprint);
  assert.equal(finding.identity, key.fingerprint);
  assert.ok(key.keyId && finding.message.includes(`key ID ${key.keyId}`), finding.message);
  assert.match(finding.message, /not encrypted/);
  assertMasked([finding], key.base64);
});

test('KW105: signify secret keys, unencrypted and encrypted, with any comment text', () => {
  const plain = signifyKey({ encrypted: false });
  const encrypted = signifyKey({ encrypted: true, comment: 'release 2026 secret key' });
  const text = `${plain.text}\n${encrypted.text}`;
  const findings = scan('release.sec', text);
  assert.equal(findings.length, 2);
  const [first, second] = findings;
  assert.ok(first && second);
  assert.deepEqual([first.startPosition.line, first.endPosition.line], [0, 1]);
  assert.deepEqual([second.startPosition.line, second.endPosition.line], [3, 4]);
  assert.equal(first.key?.format, 'signify');
  assert.equal(first.key?.encrypted, false);
  assert.equal(first.key?.publicKeyFingerprint, plain.fingerprint);
  assert.equal(second.key?.encrypted, true);
  assertMasked(findings, plain.base64);
  assertMasked(findings, encrypted.base64);
});

test('KW105: keys in CI variables, YAML block scalars, escaped JSON strings and CRLF files', () => {
  const key = minisignKey({ encrypted: true });
  const env = `OTHER=1\nMINISIGN_SECRET_KEY=${key.base64}\n`;
  const [inEnv] = scan('.env', env);
  assert.ok(inEnv);
  assert.equal(inEnv.range.start, env.indexOf(key.base64));
  assert.equal(inEnv.range.end, env.indexOf(key.base64) + key.base64.length);

  const yaml = `signing:\n  key: |\n    ${key.text.replace('\n', '\n    ')}`;
  const [inYaml] = scan('ci.yml', yaml);
  assert.ok(inYaml);
  assert.deepEqual(inYaml.startPosition, { line: 2, character: 4 });
  assert.deepEqual(inYaml.endPosition, { line: 3, character: 4 + key.base64.length });

  const json = JSON.stringify({ key: key.text.trimEnd() });
  const [inJson] = scan('secrets.json', json);
  assert.ok(inJson);
  assert.equal(inJson.range.start, json.indexOf('untrusted comment:'));
  assert.equal(inJson.range.end, json.indexOf(key.base64) + key.base64.length);

  const crlf = key.text.replace('\n', '\r\n');
  const [inCrlf] = scan('minisign.key', crlf);
  assert.ok(inCrlf);
  assert.deepEqual(inCrlf.startPosition, { line: 0, character: 0 });
  assert.deepEqual(inCrlf.endPosition, { line: 1, character: key.base64.length });
});

test('KW105: public keys, truncated examples, placeholders and corrupted keys produce nothing', () => {
  const minisign = minisignKey({ encrypted: false });
  const signify = signifyKey({ encrypted: false });
  assert.deepEqual(scan('minisign.pub', minisign.publicText), []);
  assert.deepEqual(scan('signify.pub', signify.publicText), []);
  assert.deepEqual(scan('README.md', 'A minisign secret key looks like:\n\n    untrusted comment: minisign encrypted secret key\n    RWRTY0Iy...\n'), []);
  // Right length and magic, but all-zero "ciphertext": a placeholder.
  const zeros = Buffer.concat([Buffer.from('EdScB2', 'latin1'), Buffer.alloc(152)]).toString('base64');
  assert.deepEqual(scan('minisign.key', `untrusted comment: minisign encrypted secret key\n${zeros}\n`), []);
  // An unencrypted key whose stored public half does not belong to its seed.
  const bytes = Buffer.from(minisign.base64, 'base64');
  bytes[100] = (bytes[100] ?? 0) ^ 0xff;
  assert.deepEqual(scan('minisign.key', `untrusted comment: x\n${bytes.toString('base64')}\n`), []);
  // An unencrypted signify key with a wrong checksum.
  const signifyBytes = Buffer.from(signify.base64, 'base64');
  signifyBytes[24] = (signifyBytes[24] ?? 0) ^ 0xff;
  assert.deepEqual(scan('signify.sec', `untrusted comment: signify secret key\n${signifyBytes.toString('base64')}\n`), []);
  // One character short: not the right length.
  assert.deepEqual(scan('minisign.key', `untrusted comment: x\n${minisign.base64.slice(0, -4)}\n`), []);
});

test('KW105: linear work on adversarial input', () => {
  const key = signifyKey({ encrypted: false });
  const inputs = [
    (size: number) => fill('RWRCSw', size),
    (size: number) => fill(`${'\\nRWRCSw'.padEnd(142, 'A')} `, size),
    (size: number) => fill('untrusted comment: x\n', size),
    // Comment and token lines that do not decode: each token looks back for its comment line.
    (size: number) => fill(`untrusted comment: x\n${'RWRCSw'.padEnd(140, 'A')}\n`, size),
    (size: number) => `x${'='.repeat(size)}`,
    (size: number) => `RWRTY0Iy${'A'.repeat(size)}==`,
    (size: number) => fill(`untrusted comment: k\\n${key.base64} `, size),
  ];
  for (const input of inputs) assertLinearWork(`input starting ${JSON.stringify(input(20).slice(0, 20))}`, input, (text) => scan('big.txt', text));
});

test('KW105: keys written by the real minisign tool', { skip: !hasTool('minisign') && 'minisign not installed' }, () => {
  withTempDir((dir) => {
    run('minisign', ['-G', '-W', '-p', 'k.pub', '-s', 'k.key'], { cwd: dir });
    const [finding] = scan('k.key', readFileSync(join(dir, 'k.key'), 'utf8'));
    assert.ok(finding);
    const id = /minisign public key ([0-9A-F]{1,16})\b/.exec(readFileSync(join(dir, 'k.pub'), 'utf8'))?.[1];
    assert.ok(id && finding.message.includes(`key ID ${id}`), 'the key ID matches minisign.pub');
    assert.deepEqual(scan('k.pub', readFileSync(join(dir, 'k.pub'), 'utf8')), []);
  });
});

test('KW105: keys written by the real signify tool', { skip: !hasTool('signify-openbsd') && 'signify-openbsd not installed' }, () => {
  withTempDir((dir) => {
    run('signify-openbsd', ['-G', '-n', '-p', 'k.pub', '-s', 'k.sec'], { cwd: dir });
    const findings = scan('k.sec', readFileSync(join(dir, 'k.sec'), 'utf8'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.key?.encrypted, false);
    assert.deepEqual(scan('k.pub', readFileSync(join(dir, 'k.pub'), 'utf8')), []);
  });
});
