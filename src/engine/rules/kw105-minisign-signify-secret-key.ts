import { findMinisignSignifyKeys } from '../keys/minisign';
import type { RawFinding } from '../types';
import { keyFacts, ROTATE_SIGNING_KEY, signingRisk, T5_DOCS } from './helpers/key-advice';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** minisign and signify secret keys (`untrusted comment:` + one base64 line), validated by length and magic. */
export const minisignSignifySecretKey: Rule = {
  meta: {
    id: 'KW105',
    name: 'minisign-signify-secret-key',
    title: 'minisign or signify secret key',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'A minisign or signify secret key is in the workspace: anyone who can read the repository can sign releases as you, or attack its password offline.',
    docs: `
minisign and signify sign release artifacts with Ed25519. Their secret key files are two lines: an
\`untrusted comment:\` line and one base64 line. Keyward decodes the base64 line and checks the exact
length and magic bytes (minisign: 158 bytes, \`Ed\` + \`Sc\` or \`\\0\\0\` + \`B2\`; signify: 104 bytes,
\`Ed\` + \`BK\`), so public keys (\`minisign public key\`, 42 bytes) and truncated examples such as
\`RWRTY0Iy…\` produce nothing. The key is also found without its comment line, for example in a CI
variable or an escaped string.

For an unencrypted key (minisign \`-W\`, signify \`-n\`) Keyward derives the public key and reports its
fingerprint (and the minisign key ID, as in \`minisign.pub\`), so you can tell which key leaked. An
encrypted key is still a finding: its password can be attacked offline by anyone with a copy.

${T5_DOCS}

**How to fix.** Generate a new key pair outside the repository (\`minisign -G\` writes to
\`~/.minisign/\` by default), publish the new public key, stop trusting the old one, and remove the
secret key from the repository and its history. Keep the secret key in your CI's secret store or a
KMS, or move to keyless signing with Sigstore.
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: ['RWRTY0Iy', 'RWQAAEIy', 'RWRCSw'] },
  check(file) {
    if (file.text === undefined || !/RWRTY0Iy|RWQAAEIy|RWRCSw/.test(file.text)) return [];
    return findMinisignSignifyKeys(file.text).map((found): RawFinding => {
      const tool = found.tool === 'minisign' ? 'minisign' : 'signify';
      const extra = found.keyId === undefined ? [] : [`key ID ${found.keyId}`];
      return {
        ruleId: 'KW105',
        range: found.range,
        message: `${tool} secret key (${keyFacts(found.key, extra)}). ${signingRisk(found.key.encrypted)} ${ROTATE_SIGNING_KEY}`,
        key: found.key,
        carrier: 'text',
        identity: found.identity,
      };
    });
  },
};
