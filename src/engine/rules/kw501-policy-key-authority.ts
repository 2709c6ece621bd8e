import { isMap } from 'yaml';
import { keylessIdentityFix, policyIdentity, subjectKey, PUBLIC_FULCIO, PUBLIC_REKOR, yamlString } from '../policies/keyless-snippet';
import { POLICY_ANCHORS, policyView } from '../policies/documents';
import { PolicyFindings } from './helpers/policy-findings';
import { nodeRange, pairOf, replacePairLines } from '../workflows/yaml-edit';
import { TRUST_KEYLESS_IDENTITY_FIX } from './helpers/fix-declarations';
import type { Rule } from './rule';

export const policyKeyAuthority: Rule = {
  meta: {
    id: 'KW501',
    name: 'policy-key-authority',
    title: 'policy-controller ClusterImagePolicy trusts a public key instead of a signer identity',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      'A `ClusterImagePolicy` authority with `key:` admits anything signed with one long-lived private key: whoever holds a copy can sign images the cluster will run.',
    docs: `
**Risk (T5, exposed keys).** The admission policy is only as strong as the private key behind \`key.data\`/\`key.secretRef\`: a copy in a CI secret, on a laptop or in a backup signs images your cluster admits, and nothing records who signed. Keyless authorities pin the CI identity that must have signed, and every signature is in Rekor. KMS keys (\`key.kms\`) keep the private key in the key service: information only.

\`\`\`yaml
spec:
  authorities:
    - key:                                  # warning
        data: |
          -----BEGIN PUBLIC KEY-----
          …
\`\`\`

**Fix: Trust a keyless signer identity.** The \`key:\` authority becomes:

\`\`\`yaml
    - keyless:
        url: https://fulcio.sigstore.dev
        identities:
          - issuer: "https://token.actions.githubusercontent.com"
            subject: "https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main"
      ctlog:
        url: https://rekor.sigstore.dev
\`\`\`

The identity is inferred from the git remote, the default branch and the workflow that signs; when it cannot be, \`<…>\` placeholders are inserted and the fix title says so. Switch only once the images are signed keyless (or keep both authorities during the rollout).
`,
    fixes: [TRUST_KEYLESS_IDENTITY_FIX],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    let count = 0;
    for (const authority of view.authorities) {
      const key = authority.key;
      const range = nodeRange(key?.key);
      if (!key || !range) continue;
      const kms = pairOf(key.value, 'kms') !== undefined;
      count++;
      const identity = policyIdentity(file);
      const lines = [
        'keyless:',
        `  url: ${PUBLIC_FULCIO}`,
        '  identities:',
        `    - issuer: ${yamlString(identity.issuer)}`,
        `      ${subjectKey(identity)}: ${yamlString(identity.identity)}`,
      ];
      if (!pairOf(authority.map, 'ctlog')) lines.push('ctlog:', `  url: ${PUBLIC_REKOR}`);
      const edit = isMap(key.value) && !key.value.flow ? replacePairLines(view.text, key, lines) : undefined;
      found.report({
        range,
        severity: kms ? 'information' : 'warning',
        message: kms
          ? `ClusterImagePolicy \`${authority.policy}\` trusts a KMS key: the acceptable key-based form. A keyless authority would also pin who signed.`
          : `ClusterImagePolicy \`${authority.policy}\` admits images signed with one long-lived private key: anyone holding a copy can sign images the cluster runs. Trust a keyless signer identity instead.`,
        identity: count === 1 ? `cip-key|${authority.policy}` : `cip-key|${authority.policy}#${count}`,
        fix: edit && keylessIdentityFix(identity, edit),
      });
    }
    return found.list;
  },
};
