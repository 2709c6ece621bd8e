import { PEM_ANCHORS } from '../keys/pem';
import { findGpgAgentKey, GPG_AGENT_ANCHORS } from '../keys/gpg-agent';
import { carrierPhrase, keyKind } from '../keys/key-messages';
import { pemKeyFindings } from './helpers/pem-findings';
import { findBinaryPgpSecretKeys } from '../keys/pgp-binary';
import type { KeyInfo, RawFinding } from '../types';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/**
 * KW104: an OpenPGP private key: an armoured block whose first packet is a Secret-Key packet (checksum
 * verified when present), a binary keyring or export, or a gpg-agent key file.
 */
export const pgpPrivateKey: Rule = {
  meta: {
    id: 'KW104',
    name: 'pgp-private-key',
    title: 'OpenPGP private key',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'An OpenPGP private key (an armoured block, a binary keyring such as secring.gpg, or a gpg-agent key file) is in the workspace: anyone who can read the repository can sign commits, tags and releases as its owner (after guessing its passphrase, if it has one).',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** ASCII-armoured \`PGP PRIVATE KEY BLOCK\`s (\`gpg --export-secret-keys --armor\`) whose armour checksum, when present, matches and whose first packet is a Secret-Key packet. The finding names the key version, algorithm and size, whether the secret part is passphrase-protected, and the OpenPGP fingerprint as \`gpg --fingerprint\` shows it (SHA-1 for v4 keys, SHA-256 for v6), so you can find the key in your keyring and on key servers.

It also reads OpenPGP secret keys that are not armoured:

- **Binary keyrings and exports**: GnuPG 1 \`secring.gpg\` and \`gpg --export-secret-keys\` without \`--armor\`, whatever the file is called. The packets are read (old and new headers, v3–v6 keys, at most 512 packets of the file's first 64 KiB): a Secret-Key packet (tag 5) with its Secret-Subkey packets (tag 7) is one key, reported when any of them holds secret material, unprotected (its checksum must match) or S2K-protected. GnuPG stubs hold none and are not reported: \`--export-secret-subkeys\` primaries and keys moved to a smartcard (GNU S2K extension 101) — but a real secret subkey under a stub primary is. A keyring gives one finding at the start of the file, naming its most exposed key (by primary fingerprint) and how many secret keys it holds. Public keyrings (\`pubring.gpg\`) produce nothing.
- **gpg-agent key files** (\`~/.gnupg/private-keys-v1.d/<KEYGRIP>.key\`), where GnuPG 2.1+ keeps the secret half of every key: the canonical S-expression (\`(11:private-key(3:rsa…\`, \`(21:protected-private-key…(9:protected25:openpgp-s2k3-sha1-aes-cbc…\`) and the extended key format (\`Key: (private-key …\`, \`Key: (protected-private-key …\`). They are OpenPGP keys in all but packaging, and the way out is the same (revoke the OpenPGP key they belong to), so KW104 reports them rather than KW101/KW102: unprotected or protected, both are errors, and the message says which, with the protection mode. The finding names the keygrip (\`gpg -K --with-keygrip\`): computed for RSA keys, else taken from the file name. \`shadowed-private-key\` files (smartcard stubs) produce nothing.

**Why it matters.** A PGP key signs git commits and tags, release files and packages (APT/RPM repositories, Maven Central). Anyone with the key can publish signatures your users trust; a passphrase only delays that until it is guessed offline.

**How to fix.**
1. Revoke the key: publish its revocation certificate (\`gpg --gen-revoke\`) wherever the public key is distributed, and remove it from every trust store and CI secret.
2. Create a new key and keep it out of the repository, or switch to keyless signing: Sigstore (\`cosign sign-blob --yes --bundle …\`) for artifacts and \`gitsign\` for commits.
3. Remove the file from the repository (**Stop tracking this file**, **Add to .gitignore**).
`,
    fixes: KEY_FILE_FIXES,
  },
  // Binary keyrings and canonical gpg-agent files are recognised by their leading bytes (the head),
  // which every binary file has; a `.gpg` file that happens to hold no NUL byte is text without anchors.
  gate: { anchors: [...PEM_ANCHORS, ...GPG_AGENT_ANCHORS], binary: true, path: (path) => PGP_FILE_NAME.test(path) },
  check(file) {
    const findings = pemKeyFindings(
      file,
      'KW104',
      (block) => block.family === 'pgp',
      (block, key, encryptionUnknown) => `OpenPGP private key (${describePgp(key, encryptionUnknown)})${carrierPhrase(block, file.text)}. ${risk(key)}`,
    );
    const keyring = binaryKeyringFinding(file.head);
    if (keyring) findings.push(keyring);
    const agentKey = gpgAgentFinding(file.head, file.text, file.path);
    if (agentKey) findings.push(agentKey);
    return findings;
  },
};

/** Names binary OpenPGP keys go by (`secring.gpg`, `private.pgp`, `key.sec`, `*.skr`); content decides, the name only opens the gate. */
const PGP_FILE_NAME = /\.(gpg|pgp|sec|skr)$/i;

function risk(key: KeyInfo): string {
  return (
    'Anyone who can read this repository can sign commits, tags and releases as you' +
    `${key.encrypted ? ' once they guess its passphrase offline' : ''}. ` +
    'Revoke and rotate the key, and switch to keyless signing (Sigstore, gitsign).'
  );
}

/** One finding for a binary keyring (its findings would all sit at offset 0): the most exposed key, and how many there are. */
function binaryKeyringFinding(head: Uint8Array): RawFinding | undefined {
  const keys = findBinaryPgpSecretKeys(head);
  const shown = keys.find((found) => !found.key.encrypted) ?? keys[0];
  if (!shown) return undefined;
  const others = keys.length > 1 ? `; ${keys.length} secret keys in this binary keyring` : '';
  return {
    ruleId: 'KW104',
    range: { start: 0, end: 0 },
    message: `OpenPGP private key, binary (${describePgp(shown.key, false)}${others}). ${risk(shown.key)}`,
    key: shown.key,
    carrier: 'binary',
    identity: shown.fingerprint ?? 'openpgp-binary-v3',
  };
}

/** A gpg-agent `private-keys-v1.d/<keygrip>.key` file: read from its bytes when the scanner has them, else from the editor text. */
function gpgAgentFinding(head: Uint8Array, text: string | undefined, path: string): RawFinding | undefined {
  // Cheap refusals first: KW104 runs on every binary file and every file with a PEM anchor.
  const candidate = text !== undefined ? GPG_AGENT_ANCHORS.some((anchor) => text.includes(anchor)) : head[0] === 0x28; // (
  if (!candidate) return undefined;
  const source = head.length > 0 ? Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1') : text;
  if (source === undefined) return undefined;
  const found = findGpgAgentKey(source, path);
  if (!found) return undefined;
  const { key } = found;
  // The offset is in bytes: it is a text offset only up to the first non-ASCII byte, and the key starts the file or its `Key:` line.
  const start = text === undefined ? 0 : Math.min(found.offset, text.length);
  return {
    ruleId: 'KW104',
    range: { start, end: start },
    message:
      `OpenPGP private key in a gpg-agent key file (${keyKind(key)}, ${key.encrypted ? 'passphrase-protected' : 'not passphrase-protected'}, ` +
      `${key.format}${found.keygrip === undefined ? '' : `, keygrip ${found.keygrip}`}). ${risk(key)}`,
    key,
    carrier: text === undefined ? 'binary' : 'text',
    identity: found.identity,
  };
}

function describePgp(key: KeyInfo, encryptionUnknown: boolean): string {
  const protection = encryptionUnknown ? 'passphrase protection unknown' : key.encrypted ? 'passphrase-protected' : 'not passphrase-protected';
  const parts = [key.format, keyKind(key), protection];
  if (key.publicKeyFingerprint !== undefined) parts.push(`fingerprint ${key.publicKeyFingerprint}`);
  return parts.filter((part) => part !== '').join(', ');
}
