import { flagFindings } from './helpers/cosign-flag-findings';
import { isOn } from '../cosign/occurrences';
import { COSIGN_ANCHORS, cosignView } from '../cosign/view';
import { REMOVE_FLAG_FIX } from './helpers/fix-declarations';
import type { Rule } from './rule';

export const sctVerificationDisabled: Rule = {
  meta: {
    id: 'KW306',
    name: 'sct-verification-disabled',
    title: 'Verification skips the certificate-transparency proof',
    severity: 'warning',
    threats: ['T1'],
    kind: 'config',
    summary:
      '`--insecure-ignore-sct` accepts Fulcio certificates that were never logged in certificate transparency, so a mis-issued certificate can pass unnoticed.',
    docs: `
**Risk (T1, Fulcio compromise).** Every certificate Fulcio issues carries a signed certificate timestamp (SCT): a promise that it is in the public CT log, where identity owners can watch for certificates issued in their name. Ignoring the SCT lets a certificate that a compromised or misconfigured CA issued secretly pass verification. Also matched: \`COSIGN_INSECURE_IGNORE_SCT=true\`.

\`\`\`sh
cosign verify --insecure-ignore-sct --certificate-identity … "$IMAGE"   # warning
\`\`\`

**Fix: Remove the flag** (safe). A private CA without CT should be documented and verified with its own \`--trusted-root\`.
`,
    fixes: [REMOVE_FLAG_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return flagFindings(cosignView(file), {
      ruleId: 'KW306',
      flags: ['insecure-ignore-sct'],
      applies: (o) => isOn(o.flag),
      severity: () => 'warning',
      message: (_o, written) =>
        `\`${written}\` skips the certificate-transparency check: a Fulcio certificate that was never publicly logged passes. Remove it.`,
      removeTitle: (written) => `Remove ${written}`,
    });
  },
};
