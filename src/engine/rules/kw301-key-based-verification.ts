import { effectiveFlag } from '../cosign/command';
import { bindingRange, commandLabel, finding } from './helpers/cosign-findings';
import { identityVerificationFix } from '../fixes/cosign-fixes';
import { isManagedKey } from '../cosign/key-ref';
import { resolveKeyRef } from '../cosign/key-variable';
import { VERIFY_COMMANDS } from '../cosign/subcommands';
import { COSIGN_ANCHORS, fixContextOf } from '../cosign/view';
import type { Rule } from './rule';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';

export const keyBasedVerification: Rule = {
  meta: {
    id: 'KW301',
    name: 'key-based-verification',
    title: 'cosign verifies against a public key instead of a signer identity',
    severity: 'information',
    threats: ['T5'],
    kind: 'config',
    summary:
      '`cosign verify* --key cosign.pub` trusts whoever holds the matching long-lived private key; when the signer is a CI workflow, verify its keyless identity instead.',
    docs: `
**Risk (T5, exposed keys).** Key-based verification is exactly as strong as the secrecy of one long-lived private key, forever: a leaked key signs valid artifacts and the verifier cannot tell. When the artifact is signed in CI, verify the keyless identity of the signing workflow — a Fulcio certificate for one repository, workflow and branch — which no stolen secret can produce.

\`\`\`sh
cosign verify --key cosign.pub ghcr.io/acme/app@sha256:…            # information (warning when this repository signs in CI)
cosign verify-blob --key https://example.com/cosign.pub --bundle …   # information
cosign verify --key gcpkms://… ghcr.io/acme/app@…                     # information: KMS key
\`\`\`

Severity is **warning** when the workspace has CI workflows that sign with cosign (the identity to verify is known), **information** otherwise and in Markdown.

**Fix: Verify the signer identity.** Replaces \`--key cosign.pub\` with
\`--certificate-identity=https://github.com/OWNER/REPO/.github/workflows/FILE@refs/heads/BRANCH --certificate-oidc-issuer=https://token.actions.githubusercontent.com\`
(GitLab: \`https://gitlab.com/OWNER/REPO//.gitlab-ci.yml@refs/heads/BRANCH\`, issuer \`https://gitlab.com\`), inferred from the git remote, the default branch and the workflow that signs. When that cannot be inferred, the fix inserts \`<…>\` placeholders and says so. Review it: verification then only passes for keyless signatures by that identity.
`,
    fixes: [
      {
        kind: 'verify-identity',
        label: 'Verify the signer identity',
        safety: 'review',
        migration: true,
        title: /^Verify the signer identity instead of a public key( \(fill in the placeholders\))?$/,
      },
    ],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    if (view.commands.length === 0) return [];
    const context = fixContextOf(file, view);
    const signsInCi = (file.workspace?.signingWorkflows?.length ?? 0) > 0 || context.signingWorkflow;
    for (const command of view.commands) {
      if (!VERIFY_COMMANDS.has(command.subcommand)) continue;
      const key = effectiveFlag(command, 'key');
      if (!key || key.value === undefined) continue;
      const ref = resolveKeyRef(command, key, view.variables).ref;
      const managed = isManagedKey(ref);
      const shown = key.value.length > 80 ? `${key.value.slice(0, 77)}…` : key.value;
      out.push(
        finding({
          ruleId: 'KW301',
          range: key.binding ? bindingRange(key.binding) : key.range,
          severity: !managed && signsInCi ? 'warning' : 'information',
          documentation: command.documentation,
          host: command.segment.host,
          identity: ids.next(`${command.subcommand}|key|${shown}`),
          message: managed
            ? `\`${commandLabel(command)}\` verifies against a ${ref.kind === 'kms' ? 'KMS' : 'PKCS#11'} key (${shown}). Where the signer is a CI workflow, verifying its keyless identity needs no key at all.`
            : `\`${commandLabel(command)}\` trusts the public key ${shown}: anyone holding the matching long-lived private key can produce valid signatures. ${signsInCi ? "This repository signs in CI: verify that workflow's keyless identity instead." : 'Where the signer is a CI workflow, verify its keyless identity instead.'}`,
          fixes: managed ? [] : [identityVerificationFix(command, context)],
        }),
      );
    }
    return out;
  },
};
