import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { pgpPrivateKey } from '../../../../src/engine/rules/kw104-pgp-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { asYamlBlock, generatePgpKey } from '../../../helpers/keys';

function scan(text: string, path = 'signing.asc'): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [pgpPrivateKey] });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, 'exactly one finding');
  return findings[0] as Finding;
}

test('KW104: an unencrypted OpenPGP secret key, with version, algorithm, size and fingerprint', () => {
  const generated = generatePgpKey({ bits: 1024 });
  const text = `Release signing key:\n\n${generated.text}`;
  const finding = only(scan(text));
  assert.equal(finding.ruleId, 'KW104');
  assert.equal(finding.severity, 'error');
  assert.equal(finding.startPosition.line, 2);
  assert.equal(finding.endPosition.line, 2 + generated.text.trimEnd().split('\n').length - 1);
  assert.equal(finding.identity, generated.fingerprint);
  assert.equal(
    finding.message,
    `OpenPGP private key (OpenPGP v4, RSA 1024-bit, not passphrase-protected, fingerprint ${generated.fingerprint}). ` +
      'Anyone who can read this repository can sign commits, tags and releases as you. Revoke and rotate the key, and switch to keyless signing (Sigstore, gitsign).',
  );
});

test('KW104: a passphrase-protected key says the passphrase only delays it', () => {
  const finding = only(scan(generatePgpKey({ encrypted: true, bits: 1024 }).text));
  assert.match(finding.message, /passphrase-protected, fingerprint [0-9A-F]{40}\)/);
  assert.match(finding.message, /once they guess its passphrase offline/);
});

test('KW104: in a CI YAML block scalar, without an armour checksum', () => {
  const generated = generatePgpKey({ checksum: false, bits: 1024 });
  const finding = only(scan(`env:\n${asYamlBlock('  GPG_PRIVATE_KEY', generated.text, 4)}`, '.github/workflows/release.yml'));
  assert.equal(finding.startPosition.line, 2);
});

test('KW104: public key blocks and placeholder private blocks produce nothing', () => {
  const generated = generatePgpKey({ bits: 1024 });
  const placeholder = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n...\n-----END PGP PRIVATE KEY BLOCK-----\n';
  assert.deepEqual(scan(`${generated.publicText}\n${placeholder}`), []);
});
