import { PEM_ANCHORS } from '../keys/pem';
import { carrierPhrase, keyDetails, privateKeyNoun, WHAT_TO_DO } from '../keys/key-messages';
import { pemKeyFindings } from './helpers/pem-findings';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/**
 * KW102: a passphrase-protected private key whose container was checked structurally (PKCS#8
 * EncryptedPrivateKeyInfo, RFC 1421 `Proc-Type: 4,ENCRYPTED`, OpenSSH with a cipher, SSH2). No
 * passphrase is ever tried. cosign and OpenPGP keys have their own rules (KW103, KW104).
 */
export const encryptedPrivateKey: Rule = {
  meta: {
    id: 'KW102',
    name: 'encrypted-private-key',
    title: 'Encrypted private key',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'A passphrase-protected private key is in the workspace: anyone who can read the repository can guess the passphrase offline, without limit, and then sign as its owner.',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** Encrypted private keys whose structure checks out: PKCS#8 \`ENCRYPTED PRIVATE KEY\` (an EncryptedPrivateKeyInfo; \`node:crypto\` confirms it asks for a passphrase), legacy PEM with \`Proc-Type: 4,ENCRYPTED\` and \`DEK-Info\` headers (under any private-key label, \`PRIVATE KEY\` included), OpenSSH keys whose cipher is not \`none\`, and commercial SSH2 \`SSH2 ENCRYPTED PRIVATE KEY\` files. In every carrier KW101 knows (plain text, YAML, \`.env\`, escaped strings, base64 values).

**Why it matters.** The passphrase protects the key only until someone guesses it. A copy in a repository can be attacked offline, as fast as the attacker's hardware allows, with no lockout and no trace; short or reused passphrases fall quickly, and the passphrase itself often sits in the same repository or CI configuration.

**What the finding tells you.** The container and its cipher, and for OpenSSH keys the public key fingerprint (\`ssh-keygen -lf\` format), which is stored unencrypted. Nothing of the key is shown.

**How to fix.** Treat the key as exposed: rotate it, revoke it wherever it is trusted, and switch to keyless signing (\`cosign sign --yes\` with an OIDC identity) or a KMS/HSM-held key. Then remove the file from the repository (**Stop tracking this file**, **Add to .gitignore**).
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: PEM_ANCHORS },
  check(file) {
    return pemKeyFindings(
      file,
      'KW102',
      (block, key) => key.encrypted && block.family !== 'cosign' && block.family !== 'pgp',
      (block, key) =>
        `Passphrase-protected ${privateKeyNoun(key)} (${keyDetails(key)})${carrierPhrase(block, file.text)}. ` +
        `The passphrase protects it only until someone guesses it: anyone who can read this repository can try offline, without limit, and then sign as you. ${WHAT_TO_DO}`,
    );
  },
};
