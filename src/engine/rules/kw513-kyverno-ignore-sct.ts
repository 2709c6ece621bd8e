import { POLICY_ANCHORS } from '../policies/documents';
import { kyvernoFlagFindings } from './helpers/kyverno-flag-findings';
import type { Rule } from './rule';

export const kyvernoIgnoreSct: Rule = {
  meta: {
    id: 'KW513',
    name: 'kyverno-ignore-sct',
    title: 'Kyverno verifyImages skips the certificate transparency check',
    severity: 'warning',
    threats: ['T1'],
    kind: 'config',
    summary:
      '`ctlog: { ignoreSCT: true }` (ImageValidatingPolicy: `ctlog: { insecureIgnoreSCT: true }`) accepts Fulcio certificates without a certificate-transparency timestamp, so a mis-issued certificate would go unnoticed.',
    docs: `
**Risk (T1, Fulcio compromise).** The signed certificate timestamp proves a Fulcio certificate was logged in CT, where identity owners can spot certificates they never requested. Ignoring it accepts certificates a compromised CA issued silently.

\`\`\`yaml
ctlog:
  ignoreSCT: true          # warning
\`\`\`

The CEL-based \`ImageValidatingPolicy\` (\`policies.kyverno.io\`) spells it \`attestors[].cosign.ctlog.insecureIgnoreSCT: true\`: same risk, same finding.

**Fix: Remove ignoreSCT** (set to \`false\` when it is the block's only entry). A private CA without CT: document the exception and suppress.
`,
    fixes: [{ kind: 'remove-setting', label: 'Remove ignoreSCT', safety: 'safe', title: /^Remove (insecureI|i)gnoreSCT$/ }],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    return kyvernoFlagFindings(file, {
      checks: [
        { policies: 'verifyImages', block: 'ctlog', flag: 'ignoreSCT' },
        { policies: 'ImageValidatingPolicy', block: 'ctlog', flag: 'insecureIgnoreSCT' },
      ],
      message: 'Kyverno accepts Fulcio certificates without a certificate-transparency timestamp: a mis-issued certificate would go unnoticed.',
      identity: 'ignore-sct',
    });
  },
};
