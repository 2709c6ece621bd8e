import { isMap, type Pair } from 'yaml';
import { keylessIdentityFix, policyIdentity, subjectKey, PUBLIC_REKOR, yamlString } from '../policies/keyless-snippet';
import { POLICY_ANCHORS, policyView } from '../policies/documents';
import { PolicyFindings } from './helpers/policy-findings';
import { nodeRange, pairOf, replacePairLines } from '../workflows/yaml-edit';
import { TRUST_KEYLESS_IDENTITY_FIX } from './helpers/fix-declarations';
import type { PlaceholderIdentity } from '../facts/workspace-facts';
import type { Rule } from './rule';

export const kyvernoKeyAttestor: Rule = {
  meta: {
    id: 'KW510',
    name: 'kyverno-key-attestor',
    title: 'Kyverno verifyImages trusts a public key instead of a signer identity',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      'A Kyverno `verifyImages` attestor entry with `keys:` (or an ImageValidatingPolicy cosign attestor with `key:`) admits anything signed with one long-lived private key: whoever holds a copy can sign images the cluster runs.',
    docs: `
**Risk (T5, exposed keys).** \`keys.publicKeys\` (or \`keys.secret\`) pins a key, not a signer: every copy of the private key — CI secrets, laptops, backups — can sign images your cluster admits, and nothing records who did. KMS keys (\`keys.kms\`) keep the private key in the key service: information only.

\`\`\`yaml
verifyImages:
  - imageReferences: ["ghcr.io/acme/*"]
    attestors:
      - entries:
          - keys:                          # warning
              publicKeys: |-
                -----BEGIN PUBLIC KEY-----
                …
\`\`\`

**Fix: Trust a keyless signer identity.** The \`keys:\` entry becomes:

\`\`\`yaml
          - keyless:
              subject: "https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main"
              issuer: "https://token.actions.githubusercontent.com"
              rekor:
                url: https://rekor.sigstore.dev
\`\`\`

The CEL-based \`ImageValidatingPolicy\` (\`policies.kyverno.io\`) is read too: an \`attestors[].cosign.key\` is reported the same way, and the fix writes \`keyless: { identities: [{ subject, issuer }] }\` there.

The identity is inferred from the git remote, the default branch and the signing workflow, or written as \`<…>\` placeholders (the fix title says so). Switch once the images are signed keyless.
`,
    fixes: [TRUST_KEYLESS_IDENTITY_FIX],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    /** One key authority: `at` names it in the messages; `keyless` is what the fix writes in its place. */
    const report = (key: Pair<unknown, unknown> | undefined, at: string, identity: string, keyless: (who: PlaceholderIdentity) => string[]): void => {
      const range = nodeRange(key?.key);
      if (!key || !range) return;
      const kms = pairOf(key.value, 'kms') !== undefined;
      const who = policyIdentity(file);
      const edit = isMap(key.value) && !key.value.flow ? replacePairLines(view.text, key, keyless(who)) : undefined;
      found.report({
        range,
        severity: kms ? 'information' : 'warning',
        message: kms
          ? `${at} trusts a KMS key: the acceptable key-based form. A keyless attestor would also pin who signed.`
          : `${at} admits images signed with one long-lived private key: anyone holding a copy can sign images the cluster runs. Trust a keyless signer identity instead.`,
        identity,
        fix: edit && keylessIdentityFix(who, edit),
      });
    };
    for (const [index, entry] of view.kyvernoEntries.entries()) {
      report(entry.keys, `Kyverno policy \`${entry.policy}\``, `kyverno-keys|${entry.policy}|${index}`, (who) => [
        'keyless:',
        `  ${subjectKey(who)}: ${yamlString(who.identity)}`,
        `  issuer: ${yamlString(who.issuer)}`,
        '  rekor:',
        `    url: ${PUBLIC_REKOR}`,
      ]);
    }
    for (const [index, attestor] of view.imageValidatingAttestors.entries()) {
      report(attestor.key, `ImageValidatingPolicy \`${attestor.policy}\` (attestor \`${attestor.name}\`)`, `ivpol-key|${attestor.policy}|${index}`, (who) => [
        'keyless:',
        '  identities:',
        `    - ${subjectKey(who)}: ${yamlString(who.identity)}`,
        `      issuer: ${yamlString(who.issuer)}`,
      ]);
    }
    return found.list;
  },
};
