import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { privateKey } from '../../../../src/engine/rules/kw101-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import {
  asJsonString,
  asKubernetesSecret,
  asYamlBlock,
  generateEncryptedPkcs8,
  generateOpenSshKey,
  generatePemKey,
  type PemKeyKind,
} from '../../../helpers/keys';

function scan(text: string, path = 'keys/signing.pem', committed: boolean | undefined = true): Finding[] {
  return scanFile({ path, text, committed }, { rules: [privateKey] });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, 'exactly one finding');
  return findings[0] as Finding;
}

describe('KW101 private-key', () => {
  const kinds: [PemKeyKind, RegExp][] = [
    ['rsa-pkcs1', /^Unencrypted RSA 2048-bit private key \(PKCS#1; public key SHA256:/],
    ['rsa-pkcs8', /^Unencrypted RSA 2048-bit private key \(PKCS#8; public key SHA256:/],
    ['ec-sec1', /^Unencrypted ECDSA P-256 private key \(SEC1; public key SHA256:/],
    ['ec-pkcs8', /^Unencrypted ECDSA P-256 private key \(PKCS#8;/],
    ['ed25519-pkcs8', /^Unencrypted Ed25519 private key \(PKCS#8;/],
    ['dsa-pkcs8', /^Unencrypted DSA 1024-bit private key \(PKCS#8;/],
    ['dsa-traditional', /^Unencrypted DSA 1024-bit private key \(OpenSSL traditional DSA;/],
  ];
  for (const [kind, message] of kinds) {
    test(`${kind}: one error on the BEGIN…END lines, with type, size and fingerprint`, () => {
      const generated = generatePemKey(kind);
      const text = `# test data\n${generated.text}`;
      const finding = only(scan(text));
      assert.equal(finding.ruleId, 'KW101');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.startPosition.line, 1);
      assert.equal(finding.endPosition.line, generated.text.trimEnd().split('\n').length);
      assert.match(finding.message, message);
      assert.ok(finding.message.includes(generated.fingerprint));
      assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
      assert.equal(finding.identity, generated.fingerprint);
      assert.equal(finding.carrier, 'text');
    });
  }

  test('OpenSSH unencrypted keys (Ed25519, ECDSA, RSA) with the ssh-keygen fingerprint', () => {
    for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const generated = generateOpenSshKey({ type });
      const finding = only(scan(generated.text, '.ssh/id_test'));
      assert.equal(finding.key?.format, 'OpenSSH');
      assert.ok(finding.message.includes(generated.fingerprint));
    }
  });

  test('the message says why it matters and what to do, and nothing about git state', () => {
    const finding = only(scan(generatePemKey('ec-sec1').text));
    assert.match(finding.message, /Anyone who can read this repository can sign as you\./);
    assert.match(finding.message, /Rotate the key .* switch to keyless signing\./);
    assert.doesNotMatch(finding.message, /committed|untracked|tracked/i);
  });

  test('an untracked file is a warning; unknown git state stays an error', () => {
    const text = generatePemKey('ec-sec1').text;
    assert.equal(only(scan(text, 'k.pem', false)).severity, 'warning');
    assert.equal(only(scan(text, 'k.pem', undefined)).severity, 'error');
  });

  test('every carrier: one finding each, with the carrier named in the message', () => {
    const generated = generatePemKey('rsa-pkcs8');
    const lines = generated.text.trimEnd().split('\n');
    const carriers: [string, string, RegExp | undefined][] = [
      ['values.yaml', `signing:\n${asYamlBlock('  key', generated.text, 4)}`, undefined],
      ['secret.yaml', asKubernetesSecret('signing', 'tls.key', generated.text), / base64-encoded in a Kubernetes Secret value\./],
      ['ci.env.b64', `KEY=${Buffer.from(generated.text).toString('base64')}\n`, / base64-encoded in a value\./],
      ['sa.json', `{"type":"service_account","private_key":${asJsonString(generated.text)}}`, / inside an escaped string/],
      ['.env', `SIGNING_KEY="${generated.text.trimEnd()}"\n`, undefined],
      ['key.ts', `export const KEY = ${JSON.stringify(generated.text)};\n`, / inside an escaped string/],
      ['main.tf', `resource "x" "y" {\n  key = <<-EOF\n${lines.map((line) => `    ${line}`).join('\n')}\n  EOF\n}\n`, undefined],
      ['crlf.pem', generated.text.replace(/\n/g, '\r\n'), undefined],
    ];
    for (const [path, text, where] of carriers) {
      const finding = only(scan(text, path));
      assert.equal(finding.ruleId, 'KW101', path);
      assert.equal(finding.identity, generated.fingerprint, path);
      if (where) assert.match(finding.message, where, path);
      else assert.match(finding.message, /\)\. Anyone/, path);
    }
  });

  test('encrypted keys, public keys and placeholders are not KW101', () => {
    const generated = generatePemKey('ec-pkcs8');
    const text = [generateEncryptedPkcs8().text, generated.publicPem, '-----BEGIN EC PRIVATE KEY-----\n...\n-----END EC PRIVATE KEY-----\n'].join('\n');
    assert.deepEqual(scan(text), []);
  });

  test('an inline keyward-ignore with a reason suppresses it', () => {
    const text = `# keyward-ignore KW101 reason: throwaway key for the parser tests\n${generatePemKey('ec-sec1').text}`;
    assert.deepEqual(scan(text), []);
  });
});
