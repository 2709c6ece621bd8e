/**
 * Issue 15: PEM labels that do not match the body. A key is read by its structure whatever the label
 * says, and RFC 1421 `Proc-Type: 4,ENCRYPTED` makes any private-key label an encrypted key (KW102), not
 * a damaged one (KW100).
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { privateKeyUnverified } from '../../../../src/engine/rules/kw100-private-key-unverified';
import { privateKey } from '../../../../src/engine/rules/kw101-private-key';
import { encryptedPrivateKey } from '../../../../src/engine/rules/kw102-encrypted-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { armor, assertNoSecretLeak, generateLegacyEncryptedPem, generatePemKey, pemBody } from '../../../helpers/keys';

const RULES = [privateKeyUnverified, privateKey, encryptedPrivateKey];

function scan(text: string): Finding[] {
  return scanFile({ path: 'key.pem', text, committed: true }, { rules: RULES });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, `exactly one finding, got ${findings.map((f) => f.ruleId).join(',')}`);
  return findings[0] as Finding;
}

function relabel(text: string, from: string, to: string): string {
  return text.split(`${from}-----`).join(`${to}-----`);
}

test('a SEC1 EC key under the non-standard label ECDSA PRIVATE KEY is an unencrypted key with its real container (KW101)', () => {
  const generated = generatePemKey('ec-sec1');
  const text = relabel(generated.text, 'EC PRIVATE KEY', 'ECDSA PRIVATE KEY');
  const finding = only(scan(text));
  assert.equal(finding.ruleId, 'KW101');
  assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
  assert.match(finding.message, /^Unencrypted ECDSA P-256 private key \(SEC1 \(labelled ECDSA PRIVATE KEY\); public key SHA256:/);
  assertNoSecretLeak(finding.message, text);
});

test('bodies under the wrong standard label are read by structure: PKCS#8 under RSA PRIVATE KEY, PKCS#1 under PRIVATE KEY, SEC1 under RSA PRIVATE KEY', () => {
  const cases: [Parameters<typeof generatePemKey>[0], string, string, RegExp][] = [
    ['rsa-pkcs8', 'PRIVATE KEY', 'RSA PRIVATE KEY', /\(PKCS#8 \(labelled RSA PRIVATE KEY\)/],
    ['rsa-pkcs1', 'RSA PRIVATE KEY', 'PRIVATE KEY', /\(PKCS#1 \(labelled PRIVATE KEY\)/],
    ['ec-sec1', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', /\(SEC1 \(labelled RSA PRIVATE KEY\)/],
    ['rsa-pkcs1', 'RSA PRIVATE KEY', 'OPENSSL RSA PRIVATE KEY', /\(PKCS#1 \(labelled OPENSSL RSA PRIVATE KEY\)/],
  ];
  for (const [kind, from, to, format] of cases) {
    const generated = generatePemKey(kind);
    const finding = only(scan(relabel(generated.text, from, to)));
    assert.equal(finding.ruleId, 'KW101', `${kind} under ${to}`);
    assert.match(finding.message, format);
    assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
  }
});

test('negative: a mislabelled body that is no key in any container stays KW100 (information)', () => {
  const der = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), randomBytes(256)]);
  const finding = only(scan(armor('ECDSA PRIVATE KEY', der)));
  assert.equal(finding.ruleId, 'KW100');
  assert.equal(finding.severity, 'information');
});

test('legacy Proc-Type: 4,ENCRYPTED + DEK-Info under PRIVATE KEY (and other private-key labels) is an encrypted key (KW102)', () => {
  const legacy = generateLegacyEncryptedPem('rsa').text;
  for (const label of ['PRIVATE KEY', 'ECDSA PRIVATE KEY', 'ED25519 PRIVATE KEY']) {
    const text = relabel(legacy, 'RSA PRIVATE KEY', label);
    const finding = only(scan(text));
    assert.equal(finding.ruleId, 'KW102', label);
    assert.equal(finding.key?.encrypted, true);
    assert.match(finding.message, /^Passphrase-protected private key \(PEM encrypted with AES-256-CBC\)/);
    assertNoSecretLeak(finding.message, text);
  }
});

test('negative: Proc-Type: 4,ENCRYPTED with a truncated body or no DEK-Info is still a damaged block (KW100)', () => {
  const legacy = relabel(generateLegacyEncryptedPem('rsa').text, 'RSA PRIVATE KEY', 'PRIVATE KEY');
  const noDekInfo = legacy.replace(/DEK-Info: .*\n/, '');
  assert.equal(only(scan(noDekInfo)).ruleId, 'KW100');
  const body = pemBody(legacy);
  const truncated = legacy.replace(body.slice(64, 128), body.slice(64, 121));
  assert.equal(only(scan(truncated)).ruleId, 'KW100');
});
