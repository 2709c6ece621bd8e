import { flagFindings } from './helpers/cosign-flag-findings';
import { isOn } from '../cosign/occurrences';
import { COSIGN_ANCHORS, cosignView } from '../cosign/view';
import { REMOVE_FLAG_FIX } from './helpers/fix-declarations';
import type { Rule } from './rule';

export const insecureRegistry: Rule = {
  meta: {
    id: 'KW307',
    name: 'insecure-registry',
    title: 'cosign talks to the registry without TLS verification',
    severity: 'warning',
    threats: ['T4'],
    kind: 'config',
    summary:
      '`--allow-insecure-registry` / `--allow-http-registry` turn off TLS verification or TLS altogether, so anyone on the network path can swap the signatures, attestations and images cosign reads or writes.',
    docs: `
**Risk (T4, vulnerable clients / transport).** cosign's own help says "Don't use this for anything but testing". Over plain HTTP or unverified TLS a man in the middle can serve other signatures and attestations, suppress them, or redirect uploads. Signature checks still protect content, but availability and what gets verified are in the attacker's hands. Also matched: \`COSIGN_ALLOW_INSECURE_REGISTRY=true\`, \`COSIGN_ALLOW_HTTP_REGISTRY=true\`.

\`\`\`sh
cosign sign --allow-insecure-registry localhost:5000/app@sha256:…   # warning
\`\`\`

**Fix: Remove the flag** (safe). For a local test registry, give it a certificate (or keep the flag in test-only scripts and suppress the finding with a reason).
`,
    fixes: [REMOVE_FLAG_FIX],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return flagFindings(cosignView(file), {
      ruleId: 'KW307',
      flags: ['allow-insecure-registry', 'allow-http-registry'],
      applies: (o) => isOn(o.flag),
      severity: () => 'warning',
      message: (o, written) =>
        `\`${written}\` ${o.flag.name === 'allow-http-registry' ? 'lets cosign use plain HTTP' : 'turns off TLS certificate verification'} for the registry: anyone on the network path can tamper with what cosign reads and writes. Remove it.`,
      removeTitle: (written) => `Remove ${written}`,
    });
  },
};
