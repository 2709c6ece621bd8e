import { isMap } from 'yaml';
import { POLICY_ANCHORS, policyView } from '../policies/documents';
import { PolicyFindings } from './helpers/policy-findings';
import { nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const policyStaticPass: Rule = {
  meta: {
    id: 'KW504',
    name: 'policy-static-pass',
    title: 'policy-controller static authority admits every image without a signature',
    severity: 'error',
    threats: ['T1', 'T5'],
    kind: 'config',
    summary: 'A `ClusterImagePolicy` authority `static: { action: pass }` admits every image the policy matches, signed or not: the policy verifies nothing.',
    docs: `
**Risk.** policy-controller admits an image when *any* authority of a matching policy is satisfied, and a \`static\` authority with \`action: pass\` is always satisfied: no signature, attestation or identity is checked for the images the policy's \`images\` globs cover. One such authority next to a keyless one turns the whole policy into an allow-all; anyone who can push to a matched registry path can run unsigned images.

\`\`\`yaml
spec:
  images:
    - glob: "ghcr.io/acme/**"
  authorities:
    - keyless: { … }
    - static:
        action: pass          # error: every matched image is admitted
\`\`\`

**Fix.** Remove the authority (or use \`action: fail\` to reject the images outright). No automatic edit: whether the policy should verify or deny needs a human. A deliberate break-glass or exemption policy (system images, a narrow glob) is a reviewed exception: suppress this finding with a reason that says so (below), so the next reader knows it is intended.
`,
    fixes: [],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    for (const [index, authority] of view.authorities.entries()) {
      const staticPair = authority.static;
      if (!staticPair || !isMap(staticPair.value)) continue;
      const action = pairOf(staticPair.value, 'action');
      if ((stringValue(action?.value) ?? '').toLowerCase() !== 'pass') continue;
      const start = nodeRange(staticPair.key)?.start;
      const end = nodeRange(action?.value)?.end;
      found.report({
        range: start !== undefined && end !== undefined ? { start, end } : undefined,
        message: `ClusterImagePolicy \`${authority.policy}\` has a \`static: { action: pass }\` authority: every image it matches is admitted without a signature. Remove it, or suppress with a reason if it is a deliberate break-glass policy.`,
        identity: `static-pass|${authority.policy}|${index}`,
      });
    }
    return found.list;
  },
};
