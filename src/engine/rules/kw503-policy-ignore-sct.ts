import { isMap } from 'yaml';
import { isTrue, POLICY_ANCHORS, policyView } from '../policies/documents';
import { PolicyFindings } from './helpers/policy-findings';
import { disableFlagEdit, nodeRange, pairOf } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const policyIgnoreSct: Rule = {
  meta: {
    id: 'KW503',
    name: 'policy-ignore-sct',
    title: 'policy-controller keyless authority skips the certificate transparency check',
    severity: 'warning',
    threats: ['T1'],
    kind: 'config',
    summary:
      '`keyless.insecureIgnoreSCT: true` accepts Fulcio certificates that were never logged in certificate transparency, so a mis-issued certificate would go unnoticed.',
    docs: `
**Risk (T1, Fulcio compromise).** Fulcio logs every certificate it issues in a CT log and embeds the signed certificate timestamp (SCT). Checking the SCT is what makes a mis-issued certificate (a compromised or coerced CA) detectable by the identity owner. \`insecureIgnoreSCT: true\` drops that check.

\`\`\`yaml
- keyless:
    url: https://fulcio.sigstore.dev
    insecureIgnoreSCT: true      # warning
\`\`\`

**Fix: Remove insecureIgnoreSCT.** A private CA without CT needs its own trust root (\`trustRootRef\`) — document that exception and suppress instead.
`,
    fixes: [{ kind: 'remove-setting', label: 'Remove insecureIgnoreSCT', safety: 'safe', title: /^Remove insecureIgnoreSCT$/ }],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    for (const [index, authority] of view.authorities.entries()) {
      const keyless = authority.keyless?.value;
      const flag = pairOf(keyless, 'insecureIgnoreSCT');
      const start = nodeRange(flag?.key)?.start;
      const end = nodeRange(flag?.value)?.end;
      if (!flag || !isMap(keyless) || !isTrue(flag.value) || start === undefined || end === undefined) continue;
      const edit = disableFlagEdit(view.text, keyless, flag);
      found.report({
        range: { start, end },
        message: `ClusterImagePolicy \`${authority.policy}\` accepts certificates without a certificate-transparency timestamp: a mis-issued Fulcio certificate would go unnoticed.`,
        identity: `ignore-sct|${authority.policy}|${index}`,
        fix: edit && { title: 'Remove insecureIgnoreSCT', edits: [edit], safety: 'safe' },
      });
    }
    return found.list;
  },
};
