import { finding } from './helpers/cosign-findings';
import { cosignPasswordsInSecrets, type SecretPassword } from '../cosign/kubernetes-secret';
import { cosignRuleFrame, literalBindingFinding } from './helpers/cosign-rule-frame';
import { COSIGN_ANCHORS } from '../cosign/view';
import type { RawFinding } from '../types';
import type { Rule } from './rule';

export const cosignPasswordLiteral: Rule = {
  meta: {
    id: 'KW203',
    name: 'cosign-password-literal',
    title: 'COSIGN_PASSWORD written in plain text',
    severity: 'error',
    threats: ['T5'],
    kind: 'config',
    summary:
      '`COSIGN_PASSWORD` is set to a literal value in a file, so anyone who can read the repository has the password of the signing key; an empty value means the key is not encrypted at all.',
    docs: `
**Risk (T5, exposed keys).** cosign encrypts private keys with \`COSIGN_PASSWORD\`. Writing the password next to the code that uses the key — in a script, a \`.env\` file, a Dockerfile \`ENV\`, a Makefile variable or a CI \`env:\`/\`variables:\` map — gives it to everyone with read access to the repository and its history. An empty password (\`COSIGN_PASSWORD=""\`) means the key file itself is unencrypted.

\`\`\`sh
export COSIGN_PASSWORD=hunter2           # error
COSIGN_PASSWORD="" cosign sign --key cosign.key …   # error: unencrypted key
\`\`\`
\`\`\`yaml
env:
  COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}   # fine: a reference to a secret store
\`\`\`

**Kubernetes Secrets.** \`cosign generate-key-pair k8s://namespace/name\` stores \`cosign.key\`, \`cosign.pub\` and \`cosign.password\` in one Secret; committing that Secret's manifest commits the password. A \`cosign.password\` or \`COSIGN_PASSWORD\` entry of a Secret (YAML or JSON) is reported: under \`data:\` its value is base64, which is an encoding, not encryption (Keyward decodes it only to tell an empty password from a real one), under \`stringData:\` it is the password itself. Helm templates (\`{{ … }}\`) and variable references are not literals.

References are fine: \`\${{ secrets.X }}\`, \`$VAR\`, \`\${VAR}\`, \`$(command)\`, templates (\`{{ .Env.X }}\`) and Kubernetes \`valueFrom\`. Example files (\`.env.example\`) and Markdown are reported as information. The value is never shown in findings.

**How to fix.** Move the password to the CI's secret store and reference it; then rotate the key's password (it is in the git history). Better: sign keyless (KW201) and delete the key and its password.
`,
    fixes: [],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    const secrets = file.text === undefined ? [] : cosignPasswordsInSecrets(file.text);
    for (const secret of secrets) out.push(secretFinding(secret, ids.next(`Secret|${secret.name}|${secret.empty ? 'empty' : 'literal'}`)));
    for (const binding of view.bindings) {
      if (binding.name !== 'COSIGN_PASSWORD' || !binding.literal || binding.value === undefined) continue;
      // A Secret's `data:` entry is base64, reported above with what it decodes to.
      if (secrets.some((secret) => secret.range.start <= binding.nameRange.start && binding.nameRange.start < secret.range.end)) continue;
      const empty = binding.value === '';
      out.push(
        literalBindingFinding(
          binding,
          ids.next(`COSIGN_PASSWORD|${binding.host}|${empty ? 'empty' : 'literal'}`),
          empty
            ? 'COSIGN_PASSWORD is set to an empty string: the private key it unlocks is not encrypted at all. Sign keyless, or encrypt the key and keep its password in a secret store.'
            : 'COSIGN_PASSWORD is written in plain text here (value masked): anyone who can read the repository has the password of the signing key. Reference a secret store instead, rotate the password, and prefer keyless signing.',
        ),
      );
    }
    return out;
  },
};

function secretFinding(secret: SecretPassword, identity: string): RawFinding {
  const encoded = secret.field === 'data' ? ' (base64-encoded, which is not encryption)' : '';
  const message = secret.empty
    ? `The Kubernetes Secret entry ${secret.name} holds an empty password${encoded}: the cosign private key it unlocks is not encrypted at all. Sign keyless, or encrypt the key and keep the Secret out of the repository.`
    : `The Kubernetes Secret entry ${secret.name} holds the cosign key password in plain text${encoded}; value masked. Anyone who can read the repository has the password of the signing key. Keep the Secret out of the repository (create it in the cluster, or use sealed or external secrets), rotate the password, and prefer keyless signing.`;
  return finding({ range: secret.range, severity: 'error', documentation: false, host: undefined, identity, message });
}
