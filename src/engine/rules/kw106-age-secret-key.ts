import { findAgeIdentities } from '../keys/age';
import type { RawFinding } from '../types';
import { keyFacts, T5_DOCS } from './helpers/key-advice';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** age X25519 identities (`AGE-SECRET-KEY-1…`) with a valid bech32 checksum. */
export const ageSecretKey: Rule = {
  meta: {
    id: 'KW106',
    name: 'age-secret-key',
    title: 'age secret key (identity)',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary: 'An age identity (AGE-SECRET-KEY-1…) is in the workspace: anyone who can read the repository can decrypt everything encrypted to it.',
    docs: `
An age identity is the private half of an X25519 key pair, written as \`AGE-SECRET-KEY-1\` followed by
58 bech32 characters. Tools such as SOPS, chezmoi and age itself use it to decrypt secrets, so a
committed identity exposes every secret encrypted to its recipient (\`age1…\`), including those in the
repository's own history.

Keyward verifies the bech32 checksum, so placeholders (\`AGE-SECRET-KEY-1...\`, \`AGE-SECRET-KEY-1XXXX\`)
and mistyped strings produce nothing. Each finding names the recipient derived from the identity, which
is the \`# public key:\` line \`age-keygen\` wrote, so you can tell which key leaked.

${T5_DOCS}

**How to fix.** Generate a new identity (\`age-keygen\`) outside the repository, re-encrypt every secret
to the new recipient, remove the old recipient from \`.sops.yaml\` or your recipients file, and remove the
identity from the repository and its history. Keep identities in a secret manager, a KMS-backed SOPS
key, or a hardware plugin (\`age-plugin-yubikey\`).
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: ['AGE-SECRET-KEY-1'] },
  check(file) {
    if (file.text === undefined || !file.text.includes('AGE-SECRET-KEY-1')) return [];
    return findAgeIdentities(file.text).map((found): RawFinding => ({
      ruleId: 'KW106',
      range: found.range,
      message:
        `age identity (${keyFacts(found.key, [`recipient ${found.recipient}`])}). ` +
        'Anyone who can read this repository can decrypt every secret encrypted to this recipient. ' +
        'Rotate it: create a new identity outside the repository, re-encrypt your secrets to the new recipient, and remove this one from git history.',
      key: found.key,
      carrier: 'text',
      identity: found.identity,
    }));
  },
};
