import { CHAINS_ANCHORS, chainsConfigs, setSettingEdit, setting } from '../release/tekton-chains';
import type { RawFinding } from '../types';
import { nodeRange, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const chainsTransparencyDisabled: Rule = {
  meta: {
    id: 'KW605',
    name: 'chains-transparency-disabled',
    title: 'Tekton Chains does not record signatures in Rekor',
    severity: 'warning',
    threats: ['T2'],
    kind: 'config',
    summary:
      'Tekton Chains with `transparency.enabled` unset or `"false"` never uploads its signatures to Rekor: no public record of what was signed, and verifiers must skip the transparency-log check.',
    docs: `
**Risk (T2, Rekor tampering).** Rekor is the append-only record of every signature: it lets you notice a signature you did not make (a stolen key, a compromised pipeline) and, for Fulcio certificates, proves the certificate was used while valid. Chains uploads only when \`transparency.enabled\` is \`"true"\` (or \`"manual"\` for annotated runs); it is off by default.

\`\`\`yaml
kind: ConfigMap
metadata:
  name: chains-config        # warning: transparency.enabled not set
data:
  artifacts.oci.signer: x509
\`\`\`

**Fix: Enable transparency.** Sets \`transparency.enabled: "true"\` (optionally \`transparency.url\` for a private Rekor).
`,
    fixes: [{ kind: 'enable-rekor', label: 'Enable Rekor transparency', safety: 'safe', title: /^Enable Rekor transparency$/ }],
  },
  gate: { anchors: CHAINS_ANCHORS },
  check(file) {
    const out: RawFinding[] = [];
    for (const [index, config] of chainsConfigs(file).entries()) {
      const current = setting(config, 'transparency.enabled');
      const value = stringValue(current?.value)?.toLowerCase();
      if (value === 'true' || value === 'manual') continue;
      const range = current ? { start: nodeRange(current.key)?.start ?? 0, end: nodeRange(current.value)?.end ?? 0 } : config.nameRange;
      const edit = setSettingEdit(config, 'transparency.enabled', 'true');
      const finding: RawFinding = {
        ruleId: 'KW605',
        range,
        message: `Tekton Chains ${current ? 'has transparency.enabled set to false' : 'leaves transparency.enabled unset (off)'}: its signatures are never recorded in Rekor. Set transparency.enabled: "true".`,
        carrier: 'text',
        identity: `chains-tlog|${index}`,
      };
      out.push(edit ? { ...finding, fixes: [{ title: 'Enable Rekor transparency', edits: [edit], safety: 'safe' }] } : finding);
    }
    return out;
  },
};
