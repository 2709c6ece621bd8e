import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { encryptedPrivateKey } from '../../../../src/engine/rules/kw102-encrypted-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import {
  asJsonString,
  generateCosignKey,
  generateEncryptedPkcs8,
  generateLegacyEncryptedPem,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  generateSsh2EncryptedKey,
} from '../../../helpers/keys';

function scan(text: string, path = 'key.pem'): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [encryptedPrivateKey] });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, 'exactly one finding');
  return findings[0] as Finding;
}

test('KW102: encrypted PKCS#8, legacy encrypted PEM, encrypted OpenSSH and SSH2 keys, one error each', () => {
  const cases: [string, RegExp][] = [
    [generateEncryptedPkcs8('ec').text, /^Passphrase-protected private key \(PKCS#8 encrypted with PBES2\)/],
    [generateLegacyEncryptedPem('rsa').text, /^Passphrase-protected RSA private key \(PEM encrypted with AES-256-CBC\)/],
    [generateLegacyEncryptedPem('ec').text, /^Passphrase-protected ECDSA private key \(PEM encrypted with AES-256-CBC\)/],
    [
      generateOpenSshKey({ encrypted: true }).text,
      /^Passphrase-protected Ed25519 private key \(OpenSSH encrypted with aes256-ctr \(bcrypt KDF\); public key SHA256:/,
    ],
    [generateSsh2EncryptedKey().text, /^Passphrase-protected private key \(SSH2 \(commercial SSH\) encrypted with 3des-cbc\)/],
  ];
  for (const [keyText, message] of cases) {
    const text = `line 0\n${keyText}`;
    const finding = only(scan(text));
    assert.equal(finding.ruleId, 'KW102');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.key?.encrypted, true);
    assert.equal(finding.startPosition.line, 1);
    assert.equal(finding.endPosition.line, keyText.trimEnd().split('\n').length);
    assert.match(finding.message, message);
    assert.match(finding.message, /protects it only until someone guesses it/);
    assert.match(finding.message, /keyless signing\.$/);
  }
});

test('KW102: an encrypted OpenSSH key keeps its ssh-keygen fingerprint as identity', () => {
  const generated = generateOpenSshKey({ type: 'ecdsa', encrypted: true });
  assert.equal(only(scan(generated.text)).identity, generated.fingerprint);
});

test('KW102: an encrypted key without a fingerprint gets a body hash as identity', () => {
  assert.match(only(scan(generateEncryptedPkcs8().text)).identity, /^sha256:[0-9a-f]{64}$/);
});

test('KW102: also found inside an escaped string', () => {
  const finding = only(scan(`{"key": ${asJsonString(generateLegacyEncryptedPem('ec').text)}}`, 'config.json'));
  assert.equal(finding.carrier, 'escaped-string');
});

test('KW102: unencrypted, cosign and PGP keys belong to other rules', () => {
  const text = [generatePemKey('ec-sec1').text, generateOpenSshKey().text, generateCosignKey().text, generatePgpKey({ encrypted: true, bits: 1024 }).text].join(
    '\n',
  );
  assert.deepEqual(scan(text), []);
});
