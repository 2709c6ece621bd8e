import { POLICY_ANCHORS } from '../policies/documents';
import { kyvernoFlagFindings } from './helpers/kyverno-flag-findings';
import type { Rule } from './rule';

export const kyvernoIgnoreTlog: Rule = {
  meta: {
    id: 'KW512',
    name: 'kyverno-ignore-tlog',
    title: 'Kyverno verifyImages skips the Rekor transparency-log check',
    severity: 'error',
    threats: ['T2'],
    kind: 'config',
    summary:
      '`rekor: { ignoreTlog: true }` (ImageValidatingPolicy: `ctlog: { insecureIgnoreTlog: true }`) admits signatures that were never recorded in Rekor: no public audit trail, and no proof that a keyless certificate was used while it was valid.',
    docs: `
**Risk (T2, Rekor tampering).** For keyless signatures, the Rekor entry is the proof that the short-lived certificate was used during its 10-minute validity; for key-based ones, the only record that a signature exists. \`ignoreTlog: true\` drops both: a stolen key or a replayed certificate signs unnoticed.

\`\`\`yaml
rekor:
  url: https://rekor.sigstore.dev
  ignoreTlog: true          # error
\`\`\`

The CEL-based \`ImageValidatingPolicy\` (\`policies.kyverno.io\`) spells it \`attestors[].cosign.ctlog.insecureIgnoreTlog: true\`: same risk, same finding.

**Fix: Remove ignoreTlog** (set to \`false\` when it is the block's only entry: an empty \`rekor\` block can mean "no Rekor" in older Kyverno). Private infrastructure: point \`rekor.url\`/\`pubkey\` at your own Rekor instead.
`,
    fixes: [{ kind: 'remove-setting', label: 'Remove ignoreTlog', safety: 'safe', title: /^Remove (insecureI|i)gnoreTlog$/ }],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    return kyvernoFlagFindings(file, {
      checks: [
        { policies: 'verifyImages', block: 'rekor', flag: 'ignoreTlog' },
        { policies: 'ImageValidatingPolicy', block: 'ctlog', flag: 'insecureIgnoreTlog' },
      ],
      message: 'Kyverno accepts signatures without a Rekor transparency-log entry: no public record, no proof a keyless certificate was used while valid.',
      identity: 'ignore-tlog',
    });
  },
};
