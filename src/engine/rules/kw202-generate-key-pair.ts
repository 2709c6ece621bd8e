import { effectiveFlag } from '../cosign/command';
import { finding } from './helpers/cosign-findings';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';
import { COSIGN_ANCHORS } from '../cosign/view';
import type { Rule } from './rule';

export const generateKeyPair: Rule = {
  meta: {
    id: 'KW202',
    name: 'generate-key-pair',
    title: 'cosign generate-key-pair creates a long-lived signing key',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      '`cosign generate-key-pair` without `--kms` writes a private key to disk or to CI/cluster secrets, where it can be copied and must be guarded and rotated forever.',
    docs: `
**Risk (T5, exposed keys).** \`cosign generate-key-pair\` writes \`cosign.key\`/\`cosign.pub\` to the working directory, or — with \`github://OWNER/REPO\`, \`gitlab://PROJECT\` or \`k8s://NAMESPACE/NAME\` — stores \`COSIGN_PRIVATE_KEY\`, \`COSIGN_PASSWORD\` and \`COSIGN_PUBLIC_KEY\` as CI variables or a Kubernetes secret. A script or pipeline that runs it creates key material that every later reader of those places can use to sign as you.

\`\`\`sh
cosign generate-key-pair                         # warning
cosign generate-key-pair github://acme/app       # warning: key stored as repository secrets
cosign generate-key-pair --kms gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k   # fine
\`\`\`

**How to fix.** Delete the step and sign keyless (\`cosign sign --yes IMAGE\` with the CI job's OIDC identity; see KW201). If a key is truly required, create it in a KMS (\`--kms\`), where the private key never leaves the service. No automatic fix: removing the step changes what the pipeline produces.
`,
    fixes: [],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    for (const command of view.commands) {
      if (command.subcommand !== 'generate-key-pair' || effectiveFlag(command, 'kms')) continue;
      const target = command.positionals[0]?.value;
      const where = target && /^(github|gitlab|k8s):\/\//.test(target) ? ` and stores it as secrets in ${target}` : ' (cosign.key / cosign.pub)';
      out.push(
        finding({
          range: command.headRange,
          severity: 'warning',
          documentation: command.documentation,
          host: command.segment.host,
          identity: ids.next(`generate-key-pair|${target ?? 'local'}`),
          message: `\`cosign generate-key-pair\` creates a long-lived private signing key${where}. Sign keyless instead, or keep the key in a KMS (--kms).`,
        }),
      );
    }
    return out;
  },
};
