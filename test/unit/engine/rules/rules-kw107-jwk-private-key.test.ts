import { strict as assert } from 'node:assert';
import { randomBytes, type JsonWebKey } from 'node:crypto';
import { test } from 'node:test';
import { jwkPrivateKey } from '../../../../src/engine/rules/kw107-jwk-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { jwkKey, leakedWindow, publicJwk } from '../../../helpers/nonpem-keys';
import { assertLinearWork, fill } from '../../../helpers/work-count';

function scan(path: string, text: string): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [jwkPrivateKey] });
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

function assertMasked(findings: readonly Finding[], jwk: JsonWebKey): void {
  for (const finding of findings) {
    for (const name of PRIVATE_MEMBERS) {
      const value = jwk[name];
      if (typeof value !== 'string') continue;
      assert.equal(leakedWindow(finding.message, value), undefined, `message leaks ${name}`);
      assert.equal(leakedWindow(finding.identity, value), undefined, `identity leaks ${name}`);
    }
  }
}

test('KW107: a private EC JWK file is an error on the whole object, with curve, kid and fingerprint', () => {
  const { jwk, fingerprint } = jwkKey('ec-p256');
  const text = JSON.stringify({ ...jwk, kid: 'signing-2026', use: 'sig' }, null, 2);
  const [finding, ...rest] = scan('keys/signing.jwk', text);
  assert.ok(finding);
  assert.equal(rest.length, 0);
  assert.equal(finding.ruleId, 'KW107');
  assert.equal(finding.severity, 'error');
  assert.equal(finding.carrier, 'json');
  assert.deepEqual(finding.range, { start: 0, end: text.length });
  assert.deepEqual(finding.endPosition, { line: text.split('\n').length - 1, character: 1 });
  assert.equal(finding.key?.format, 'JWK');
  assert.equal(finding.key?.algorithm, 'ec');
  assert.equal(finding.key?.curve, 'P-256');
  assert.equal(finding.key?.publicKeyFingerprint, fingerprint);
  assert.equal(finding.identity, fingerprint);
  assert.match(finding.message, /JWK private key \(ECDSA P-256, not encrypted, kid "signing-2026", public key SHA256:/);
  assert.match(finding.message, /sign \(or decrypt\) as you/);
  assertMasked([finding], jwk);
});

test('KW107: each private key inside a JWKS is reported on its own object; public keys are not', () => {
  const rsa = jwkKey('rsa');
  const ed = jwkKey('ed25519');
  const publicOnly = jwkKey('ec-p384');
  const text = JSON.stringify({ keys: [publicJwk(publicOnly.jwk), { ...rsa.jwk, kid: 'rsa-1' }, { ...ed.jwk, kid: 'ed-1' }] }, null, 2);
  const findings = scan('jwks.json', text);
  assert.equal(findings.length, 2);
  const [first, second] = findings;
  assert.ok(first && second);
  const rsaStart = text.lastIndexOf('{', text.indexOf('"rsa-1"'));
  assert.equal(first.range.start, rsaStart);
  assert.equal(text[first.range.end - 1], '}');
  assert.equal(JSON.parse(text.slice(first.range.start, first.range.end)).kid, 'rsa-1');
  assert.equal(JSON.parse(text.slice(second.range.start, second.range.end)).kid, 'ed-1');
  assert.equal(first.key?.algorithm, 'rsa');
  assert.equal(first.key?.bits, 2048);
  assert.equal(first.key?.publicKeyFingerprint, rsa.fingerprint);
  assert.equal(second.key?.algorithm, 'ed25519');
  assert.equal(second.key?.publicKeyFingerprint, ed.fingerprint);
  assertMasked(findings, rsa.jwk);
  assertMasked(findings, ed.jwk);
});

test('KW107: other key types: secp256k1, P-384, X25519, RSA without CRT members, symmetric oct keys', () => {
  for (const type of ['ec-secp256k1', 'ec-p384', 'x25519'] as const) {
    const { jwk, fingerprint } = jwkKey(type);
    const [finding] = scan('k.json', JSON.stringify(jwk));
    assert.equal(finding?.key?.publicKeyFingerprint, fingerprint, type);
  }
  const rsa = jwkKey('rsa');
  const dOnly = { kty: 'RSA', n: rsa.jwk.n, e: rsa.jwk.e, d: rsa.jwk.d };
  assert.equal(scan('k.json', JSON.stringify(dOnly))[0]?.key?.publicKeyFingerprint, rsa.fingerprint);

  const k = randomBytes(32).toString('base64url');
  const [oct] = scan('hmac.json', JSON.stringify({ kty: 'oct', alg: 'HS256', k }));
  assert.ok(oct);
  assert.equal(oct.key?.algorithm, 'symmetric');
  assert.equal(oct.key?.bits, 256);
  assert.equal(oct.key?.publicKeyFingerprint, undefined);
  assert.match(oct.identity, /^sha256:[0-9a-f]{64}$/);
  assert.match(oct.message, /symmetric secret key/);
  assert.equal(leakedWindow(oct.message, k), undefined);
});

test('KW107: JWKs embedded in YAML, .env files, source code and escaped JSON strings', () => {
  const { jwk, fingerprint } = jwkKey('ec-p256');
  const inline = JSON.stringify(jwk);

  const yaml = `apiVersion: v1\nkind: ConfigMap\ndata:\n  jwk: '${inline}'\n`;
  const [inYaml] = scan('config.yaml', yaml);
  assert.ok(inYaml);
  assert.deepEqual(inYaml.range, { start: yaml.indexOf('{'), end: yaml.indexOf('{') + inline.length });
  assert.equal(inYaml.startPosition.line, 3);

  const env = `PORT=8080\nSIGNING_JWK=${inline}\n`;
  assert.equal(scan('.env', env)[0]?.range.start, env.indexOf('{'));

  const source = `export const key = ${JSON.stringify(jwk, null, 2)};\n`;
  const [inSource] = scan('src/key.ts', source);
  assert.ok(inSource);
  assert.equal(inSource.range.start, source.indexOf('{'));
  assert.equal(inSource.range.end, source.lastIndexOf('}') + 1);

  const escaped = JSON.stringify({ name: 'svc', signingKey: inline }, null, 2);
  const [inString, ...more] = scan('settings.json', escaped);
  assert.ok(inString);
  assert.equal(more.length, 0);
  assert.equal(inString.carrier, 'escaped-string');
  assert.equal(inString.range.start, escaped.indexOf('{\\"'));
  assert.equal(escaped.slice(inString.range.end - 1, inString.range.end), '}');
  assert.equal(inString.key?.publicKeyFingerprint, fingerprint);
  assertMasked([inYaml, inSource, inString], jwk);
});

test('KW107: public JWKs, JWKS, placeholders and broken keys produce nothing', () => {
  const ec = jwkKey('ec-p256');
  const rsa = jwkKey('rsa');
  assert.deepEqual(scan('jwk.json', JSON.stringify(publicJwk(ec.jwk))), []);
  assert.deepEqual(scan('jwks.json', JSON.stringify({ keys: [publicJwk(ec.jwk), publicJwk(rsa.jwk)] })), []);
  for (const d of ['...', '<your key>', 'REPLACE_ME', '', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'abc']) {
    assert.deepEqual(scan('jwk.json', JSON.stringify({ ...ec.jwk, d })), [], `d = ${JSON.stringify(d)}`);
  }
  assert.deepEqual(scan('README.md', 'A private JWK looks like `{"kty": "EC", "crv": "P-256", "x": "...", "y": "...", "d": "..."}`.\n'), []);
  // An RSA private exponent that does not belong to the modulus.
  const d = Buffer.from(String(rsa.jwk.d), 'base64url');
  d[10] = (d[10] ?? 0) ^ 1;
  assert.deepEqual(scan('jwk.json', JSON.stringify({ ...rsa.jwk, d: d.toString('base64url') })), []);
  assert.deepEqual(scan('jwk.json', JSON.stringify({ kty: 'RSA', n: rsa.jwk.n, e: rsa.jwk.e, d: d.toString('base64url') })), []);
  // Unknown key types and curve names that are Object.prototype members.
  assert.deepEqual(scan('jwk.json', JSON.stringify({ kty: 'OKP', crv: 'toString', d: ec.jwk.d })), []);
  assert.deepEqual(scan('jwk.json', JSON.stringify({ kty: 'EC', crv: '__proto__', d: ec.jwk.d })), []);
  assert.deepEqual(scan('hmac.json', JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' })), []);
  assert.deepEqual(scan('jwk.json', '{"kty": "EC", "d": '), []);
});

test('KW107: an EC key with mismatched public members is fingerprinted by its private half', () => {
  const key = jwkKey('ec-p256');
  const other = jwkKey('ec-p256');
  const [finding] = scan('jwk.json', JSON.stringify({ ...key.jwk, x: other.jwk.x, y: other.jwk.y }));
  assert.equal(finding?.key?.publicKeyFingerprint, key.fingerprint);
});

test('KW107: linear work on adversarial input', () => {
  const { jwk } = jwkKey('ec-p256');
  const inputs = [
    (size: number) => fill('{"kty":', size),
    (size: number) => `${'{'.repeat(size)}"kty"`,
    (size: number) => fill('"kty"', size),
    (size: number) => `{"kty":"EC",${fill('"a":"b",', size)}"x":{"kty":"EC"}}`,
    (size: number) => `{${fill('"kty":"EC","a":{', size)}`,
    (size: number) => `{\\"kty\\":${fill('\\"a\\":\\"', size)}`,
    (size: number) => `[${fill(`${JSON.stringify(jwk)},`, size)}1]`,
  ];
  for (const input of inputs) {
    assertLinearWork(`input starting ${JSON.stringify(input(20).slice(0, 20))}`, input, (text) => assert.ok(scan('big.json', text).length <= 256));
  }
});
