import { bindingRange, finding, IdentityCounter } from './helpers/cosign-findings';
import { removeBindingFix } from '../fixes/cosign-fixes';
import { parseBool } from '../cosign/flags';
import { COSIGN_ANCHORS, cosignView } from '../cosign/view';
import type { RawFinding } from '../types';
import type { Rule } from './rule';

export const cosignExperimental: Rule = {
  meta: {
    id: 'KW207',
    name: 'cosign-experimental',
    title: 'Deprecated COSIGN_EXPERIMENTAL switch',
    severity: 'information',
    threats: ['T4'],
    kind: 'config',
    summary:
      '`COSIGN_EXPERIMENTAL=1` is a cosign v1 switch (keyless signing was experimental then); its presence usually means the pipeline was written for an old, vulnerable cosign.',
    docs: `
**Risk (T4, vulnerable clients).** In cosign v1, \`COSIGN_EXPERIMENTAL=1\` turned on keyless signing and verification. cosign v2 and v3 do keyless by default and the variable only gates a few experimental features. A pipeline that still sets it was usually written against cosign 1.x — whose keyless verification accepted any identity — and may still pin such a version.

\`\`\`yaml
env:
  COSIGN_EXPERIMENTAL: "1"    # information
\`\`\`

**Fix: Remove the variable** (safe), and make sure the pipeline installs a current cosign (≥ 2.6.3 or ≥ 3.0.6) and verifies with \`--certificate-identity\` and \`--certificate-oidc-issuer\` (KW302).
`,
    fixes: [{ kind: 'remove-variable', label: 'Remove COSIGN_EXPERIMENTAL', safety: 'safe', title: /^Remove COSIGN_EXPERIMENTAL$/ }],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const ids = new IdentityCounter();
    const out: RawFinding[] = [];
    for (const binding of cosignView(file).bindings) {
      if (binding.name !== 'COSIGN_EXPERIMENTAL' || !binding.literal || binding.value === undefined) continue;
      if (parseBool(binding.value.trim()) !== true) continue;
      out.push(
        finding({
          ruleId: 'KW207',
          range: bindingRange(binding),
          severity: 'information',
          documentation: binding.documentation,
          host: binding.host,
          identity: ids.next(`COSIGN_EXPERIMENTAL|${binding.host}`),
          message:
            'COSIGN_EXPERIMENTAL is a cosign v1 switch: keyless signing is the default since cosign 2.0. Remove it, and check that the pipeline installs a current cosign.',
          fixes: [removeBindingFix(binding, 'Remove COSIGN_EXPERIMENTAL')],
        }),
      );
    }
    return out;
  },
};
