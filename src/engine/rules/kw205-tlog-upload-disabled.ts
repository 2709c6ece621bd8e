import { flagFindings } from './helpers/cosign-flag-findings';
import { isOff } from '../cosign/occurrences';
import { COSIGN_ANCHORS, cosignView } from '../cosign/view';
import { REMOVE_FLAG_FIX } from './helpers/fix-declarations';
import type { Rule } from './rule';

export const tlogUploadDisabled: Rule = {
  meta: {
    id: 'KW205',
    name: 'tlog-upload-disabled',
    title: 'Signature kept out of the Rekor transparency log',
    severity: 'warning',
    threats: ['T2'],
    kind: 'config',
    summary:
      '`--tlog-upload=false` (or `COSIGN_TLOG_UPLOAD=false`) signs without recording the signature in Rekor: nobody can audit it, and verifiers must disable their log checks to accept it.',
    docs: `
**Risk (T2, Rekor tampering).** The transparency log is what lets you (and everyone else) see every signature made with your identity or key, and what gives a keyless signature its trusted timestamp. A signature that was never logged cannot be audited, and its verifiers have to pass \`--insecure-ignore-tlog\` (KW305) — which also accepts signatures made with a stolen key at any time. cosign v3 deprecates the flag ("prefer a --signing-config with no transparency log services").

\`\`\`sh
cosign sign --tlog-upload=false --key cosign.key "$IMAGE"   # warning
COSIGN_TLOG_UPLOAD=false cosign sign-blob …                 # warning
\`\`\`

**Fix: Remove the flag** (safe: it only deletes the flag or the variable, keeping line continuations valid). For private artifacts, run a private Rekor and point \`--signing-config\` at it, with a matching \`--trusted-root\` on the verify side.
`,
    fixes: [REMOVE_FLAG_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return flagFindings(cosignView(file), {
      ruleId: 'KW205',
      flags: ['tlog-upload'],
      applies: (o) => isOff(o.flag),
      severity: () => 'warning',
      message: (_o, written) =>
        `\`${written}\` keeps the signature out of the Rekor transparency log: it cannot be audited, and verifiers must skip the log check to accept it.`,
      removeTitle: (written) => `Remove ${written}`,
    });
  },
};
