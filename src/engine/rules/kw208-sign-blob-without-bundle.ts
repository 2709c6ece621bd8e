import { effectiveFlag } from '../cosign/command';
import { finding } from './helpers/cosign-findings';
import { bundleFix } from '../fixes/cosign-fixes';
import { COSIGN_ANCHORS, fixContextOf } from '../cosign/view';
import type { Rule } from './rule';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';

export const signBlobWithoutBundle: Rule = {
  meta: {
    id: 'KW208',
    name: 'sign-blob-without-bundle',
    title: 'cosign sign-blob without a Sigstore bundle',
    severity: 'warning',
    threats: ['T2', 'T4'],
    kind: 'config',
    summary:
      '`cosign sign-blob` without `--bundle` produces a detached signature (and certificate) without the transparency-log inclusion proof; the output flags are deprecated and cosign v3 requires `--bundle`.',
    docs: `
**Risk (T2, Rekor tampering; T4, clients).** \`--output-signature\` / \`--output-certificate\` / \`--output\` write bare files: the Rekor inclusion proof and signed timestamp are not shipped with the artifact, so verifiers must query the log online (or skip it). cosign v3 requires \`--bundle\` (changelog v3.0.1), so these pipelines break on upgrade.

\`\`\`sh
cosign sign-blob --yes --output-signature app.sig --output-certificate app.pem app.tgz   # warning
cosign sign-blob --yes --bundle app.tgz.sigstore.json app.tgz                           # fine
\`\`\`

**Fix: Write a Sigstore bundle.** Adds \`--bundle ARTIFACT.sigstore.json\` (named after the artifact word, quoting and variables kept) and removes the detached output flags. Consumers then verify with \`cosign verify-blob --bundle ARTIFACT.sigstore.json --certificate-identity=… --certificate-oidc-issuer=… ARTIFACT\`. Not offered when the arguments come from a variable (\`$COSIGN_ARGS\`), which may already hold \`--bundle\`.
`,
    fixes: [{ kind: 'add-bundle', label: 'Write a Sigstore bundle', safety: 'review', title: /^Write a Sigstore bundle \(--bundle\)$/ }],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    const context = fixContextOf(file, view);
    for (const command of view.commands) {
      if (command.subcommand !== 'sign-blob' || command.opaqueArguments || effectiveFlag(command, 'bundle')) continue;
      const outputs = command.flags.filter((f) => ['output-signature', 'output-certificate', 'output'].includes(f.name));
      out.push(
        finding({
          ruleId: 'KW208',
          range: command.headRange,
          severity: 'warning',
          documentation: command.documentation,
          host: command.segment.host,
          identity: ids.next(`sign-blob|no-bundle|${command.positionals[0]?.value ?? ''}`),
          message:
            outputs.length > 0
              ? `\`cosign sign-blob\` writes detached ${outputs.map((f) => `--${f.name}`).join(', ')} files without a --bundle: the transparency-log inclusion proof is not kept, and cosign v3 requires --bundle.`
              : '`cosign sign-blob` without --bundle: the signature is not saved with its certificate and transparency-log inclusion proof, and cosign v3 requires --bundle.',
          fixes: [bundleFix(command, context)],
        }),
      );
    }
    return out;
  },
};
