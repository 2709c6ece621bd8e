import { flagFindings } from './helpers/cosign-flag-findings';
import { commandHas, isOn } from '../cosign/occurrences';
import { COSIGN_ANCHORS, cosignView } from '../cosign/view';
import { REMOVE_FLAG_FIX } from './helpers/fix-declarations';
import type { Rule } from './rule';

export const tlogVerificationDisabled: Rule = {
  meta: {
    id: 'KW305',
    name: 'tlog-verification-disabled',
    title: 'Verification skips the Rekor transparency log',
    severity: 'error',
    threats: ['T2', 'T1'],
    kind: 'config',
    summary:
      '`--insecure-ignore-tlog` (or the deprecated `--private-infrastructure` without a `--trusted-root`) accepts signatures that were never logged in Rekor: no public audit trail and no proof the certificate was used while valid.',
    docs: `
**Risk (T2, Rekor tampering; T1, Fulcio compromise).** Without the transparency-log check, a verifier accepts signatures nobody can see, and a keyless signature loses the logged timestamp that proves it was made while its 10-minute certificate was valid — so a leaked or mis-issued certificate (or a stolen key) signs forever. Also matched: \`COSIGN_INSECURE_IGNORE_TLOG=true\`, \`COSIGN_PRIVATE_INFRASTRUCTURE=true\`.

\`\`\`sh
cosign verify-blob --key https://example.com/cosign.pub --insecure-ignore-tlog …   # error
cosign verify --private-infrastructure "$IMAGE"                                   # error
cosign verify --insecure-ignore-tlog --use-signed-timestamps --trusted-root root.json …   # warning
\`\`\`

Severity is lowered to warning when the command requires RFC 3161 timestamps from a trusted root you control (\`--use-signed-timestamps\` with \`--trusted-root\`), or uses \`--private-infrastructure\` with a \`--trusted-root\`: time is still proven, transparency is not.

**Fix: Remove the flag** (safe: it deletes only the flag or variable). For a private Sigstore deployment, verify against its own Rekor with \`--trusted-root\`.
`,
    fixes: [REMOVE_FLAG_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return flagFindings(cosignView(file), {
      ruleId: 'KW305',
      flags: ['insecure-ignore-tlog', 'private-infrastructure'],
      applies: (o) => isOn(o.flag),
      severity: (o) => {
        const trustedRoot = commandHas(o.command, 'trusted-root');
        if (o.flag.name === 'private-infrastructure') return trustedRoot ? 'warning' : 'error';
        return trustedRoot && commandHas(o.command, 'use-signed-timestamps') ? 'warning' : 'error';
      },
      message: (o, written) =>
        o.flag.name === 'private-infrastructure'
          ? `\`${written}\` skips transparency-log verification${commandHas(o.command, 'trusted-root') ? '' : ' without a custom --trusted-root'}: unlogged signatures pass. Remove it; verify private deployments against their own Rekor with --trusted-root.`
          : `\`${written}\` skips transparency-log verification: signatures nobody can audit pass, and nothing proves the certificate was used while valid. Remove it.`,
      removeTitle: (written) => `Remove ${written}`,
    });
  },
};
