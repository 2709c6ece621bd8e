import { PEM_ANCHORS } from '../keys/pem';
import { carrierPhrase, keyKind } from '../keys/key-messages';
import { pemKeyFindings } from '../keys/pem-findings';
import type { KeyInfo } from '../types';
import { KEY_FILE_FIXES } from './fix-declarations';
import type { Rule } from './rule';

/** KW104: an OpenPGP private key block whose first packet is a Secret-Key packet (checksum verified when present). */
export const pgpPrivateKey: Rule = {
  meta: {
    id: 'KW104',
    name: 'pgp-private-key',
    title: 'OpenPGP private key block',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary: 'An OpenPGP private key block is in the workspace: anyone who can read the repository can sign commits, tags and releases as its owner (after guessing its passphrase, if it has one).',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** ASCII-armoured \`PGP PRIVATE KEY BLOCK\`s (\`gpg --export-secret-keys --armor\`) whose armour checksum, when present, matches and whose first packet is a Secret-Key packet. The finding names the key version, algorithm and size, whether the secret part is passphrase-protected, and the OpenPGP fingerprint as \`gpg --fingerprint\` shows it (SHA-1 for v4 keys, SHA-256 for v6), so you can find the key in your keyring and on key servers.

**Why it matters.** A PGP key signs git commits and tags, release files and packages (APT/RPM repositories, Maven Central). Anyone with the key can publish signatures your users trust; a passphrase only delays that until it is guessed offline.

**How to fix.**
1. Revoke the key: publish its revocation certificate (\`gpg --gen-revoke\`) wherever the public key is distributed, and remove it from every trust store and CI secret.
2. Create a new key and keep it out of the repository, or switch to keyless signing: Sigstore (\`cosign sign-blob --yes --bundle …\`) for artifacts and \`gitsign\` for commits.
3. Remove the file from the repository (**Stop tracking this file**, **Add to .gitignore**).
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: PEM_ANCHORS },
  check(file) {
    return pemKeyFindings(
      file,
      'KW104',
      (block) => block.family === 'pgp',
      (block, key, encryptionUnknown) =>
        `OpenPGP private key (${describePgp(key, encryptionUnknown)})${carrierPhrase(block, file.text)}. ` +
        'Anyone who can read this repository can sign commits, tags and releases as you' +
        `${key.encrypted ? ' once they guess its passphrase offline' : ''}. ` +
        'Revoke and rotate the key, and switch to keyless signing (Sigstore, gitsign).',
    );
  },
};

function describePgp(key: KeyInfo, encryptionUnknown: boolean): string {
  const protection = encryptionUnknown ? 'passphrase protection unknown' : key.encrypted ? 'passphrase-protected' : 'not passphrase-protected';
  const parts = [key.format, keyKind(key), protection];
  if (key.publicKeyFingerprint !== undefined) parts.push(`fingerprint ${key.publicKeyFingerprint}`);
  return parts.filter((part) => part !== '').join(', ');
}
