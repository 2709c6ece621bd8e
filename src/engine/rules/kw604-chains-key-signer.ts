import { CHAINS_ANCHORS, chainsConfigs, setSettingEdit, setting } from '../release/tekton-chains';
import type { RawFinding } from '../types';
import { nodeRange, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

/** Chains' signer settings; each defaults to `x509` (the key in `signing-secrets`) when unset. */
const SIGNERS = ['artifacts.taskrun.signer', 'artifacts.oci.signer', 'artifacts.pipelinerun.signer'];

export const chainsKeySigner: Rule = {
  meta: {
    id: 'KW604',
    name: 'chains-key-signer',
    title: 'Tekton Chains signs with a key from signing-secrets instead of Fulcio',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      'Tekton Chains\' `x509` signer (the default) without `signers.x509.fulcio.enabled: "true"` signs with `cosign.key`/`x509.pem` from the `signing-secrets` Secret: a long-lived key in the cluster.',
    docs: `
**Risk (T5, exposed keys).** Without Fulcio, Chains signs every TaskRun, PipelineRun and image with the private key stored in the \`signing-secrets\` Secret of its namespace. Anyone who can read that Secret (cluster admins, backups, a compromised controller) can sign anything as your pipeline.

\`\`\`yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: chains-config            # warning: x509 signer, Fulcio not enabled
  namespace: tekton-chains
data:
  artifacts.oci.signer: x509
\`\`\`

**Fix: Enable Fulcio.** Adds \`signers.x509.fulcio.enabled: "true"\`; Chains then gets short-lived certificates for its service account's OIDC identity (configure \`signers.x509.fulcio.address\`, \`signers.x509.fulcio.issuer\` and \`signers.x509.identity.token.file\` for your cluster as the Chains docs describe), then delete the key from \`signing-secrets\`.

\`\`\`yaml
data:
  artifacts.oci.signer: x509
  signers.x509.fulcio.enabled: "true"
  transparency.enabled: "true"
\`\`\`
`,
    fixes: [{ kind: 'enable-fulcio', label: 'Enable Fulcio keyless signing', safety: 'review', title: /^Enable Fulcio keyless signing$/ }],
  },
  gate: { anchors: CHAINS_ANCHORS },
  check(file) {
    const out: RawFinding[] = [];
    for (const [index, config] of chainsConfigs(file).entries()) {
      const x509 = SIGNERS.filter((key) => (stringValue(setting(config, key)?.value) ?? 'x509') === 'x509');
      if (x509.length === 0 || stringValue(setting(config, 'signers.x509.fulcio.enabled')?.value)?.toLowerCase() === 'true') continue;
      const explicit = SIGNERS.map((key) => setting(config, key)).find((p) => stringValue(p?.value) === 'x509');
      const range =
        (explicit
          ? { start: nodeRange(explicit.key)?.start ?? config.nameRange.start, end: nodeRange(explicit.value)?.end ?? config.nameRange.end }
          : undefined) ?? config.nameRange;
      const edit = setSettingEdit(config, 'signers.x509.fulcio.enabled', 'true');
      const finding: RawFinding = {
        ruleId: 'KW604',
        range,
        message: `Tekton Chains signs ${x509.map((k) => k.split('.')[1]).join(', ')} with the x509 signer but Fulcio is not enabled: it uses the long-lived key in the signing-secrets Secret. Enable keyless signing (signers.x509.fulcio.enabled: "true").`,
        carrier: 'text',
        identity: `chains-key|${index}`,
      };
      out.push(
        edit
          ? {
              ...finding,
              fixes: [
                {
                  title: 'Enable Fulcio keyless signing',
                  edits: [edit],
                  safety: 'review',
                  note: 'Configure signers.x509.fulcio.address / issuer and the identity token for your cluster as needed, then delete cosign.key, cosign.password and x509.pem from the signing-secrets Secret and rotate the key.',
                },
              ],
            }
          : finding,
      );
    }
    return out;
  },
};
