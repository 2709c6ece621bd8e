import { findPuttyKeys } from '../keys/putty';
import type { RawFinding } from '../types';
import { keyFacts, ROTATE_SIGNING_KEY, signingRisk, T5_DOCS } from './helpers/key-advice';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** PuTTY private key files (`PuTTY-User-Key-File-2:` / `-3:`), validated line by line. */
export const puttyPrivateKey: Rule = {
  meta: {
    id: 'KW109',
    name: 'putty-private-key',
    title: 'PuTTY private key (.ppk)',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary: 'A PuTTY private key (.ppk) is in the workspace: anyone who can read the repository can log in or sign as you, or attack its passphrase offline.',
    docs: `
PuTTY stores SSH keys in its own text format: a \`PuTTY-User-Key-File-2:\` or \`-3:\` line naming the
algorithm, then \`Encryption:\`, \`Comment:\`, \`Public-Lines:\` with the public key, \`Private-Lines:\` with
the private key, and \`Private-MAC:\`. Keyward checks that structure (line counts, base64, the algorithm
inside the public key) and, for unencrypted keys, the MAC. A header without a valid body, such as an
example in documentation, produces nothing.

The finding names the algorithm and size, whether a passphrase protects the key (\`Encryption:\` other
than \`none\`), and the public key's fingerprint exactly as \`ssh-keygen -l\` and \`puttygen -l -E sha256\`
print it, so you can find it in \`authorized_keys\`, on GitHub or in a signing policy.

${T5_DOCS}

**How to fix.** Remove the public key from every \`authorized_keys\`, Git host and signing policy that
trusts it, create a new key outside the repository, and remove the \`.ppk\` from git history. For signing,
prefer keyless Sigstore signing or a key in a KMS or hardware token.
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: ['PuTTY-User-Key-File-'] },
  check(file) {
    if (file.text === undefined || !file.text.includes('PuTTY-User-Key-File-')) return [];
    return findPuttyKeys(file.text).map((found): RawFinding => {
      const integrity = found.macVerified === false ? ['MAC does not match'] : [];
      return {
        ruleId: 'KW109',
        range: found.range,
        message: `PuTTY private key, format ${found.version} (${keyFacts(found.key, integrity)}). ${signingRisk(found.key.encrypted, 'log in and sign as you')} ${ROTATE_SIGNING_KEY}`,
        key: found.key,
        carrier: 'text',
        identity: found.identity,
      };
    });
  },
};
