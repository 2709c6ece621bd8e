import { cosignRuleFrame, literalBindingFinding } from '../cosign/rule-frame';
import { COSIGN_ANCHORS } from '../cosign/view';
import type { Rule } from './rule';

export const cosignPasswordLiteral: Rule = {
  meta: {
    id: 'KW203',
    name: 'cosign-password-literal',
    title: 'COSIGN_PASSWORD written in plain text',
    severity: 'error',
    threats: ['T5'],
    kind: 'config',
    summary: '`COSIGN_PASSWORD` is set to a literal value in a file, so anyone who can read the repository has the password of the signing key; an empty value means the key is not encrypted at all.',
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

References are fine: \`\${{ secrets.X }}\`, \`$VAR\`, \`\${VAR}\`, \`$(command)\`, templates (\`{{ .Env.X }}\`) and Kubernetes \`valueFrom\`. Example files (\`.env.example\`) and Markdown are reported as information. The value is never shown in findings.

**How to fix.** Move the password to the CI's secret store and reference it; then rotate the key's password (it is in the git history). Better: sign keyless (KW201) and delete the key and its password.
`,
    fixes: [],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    for (const binding of view.bindings) {
      if (binding.name !== 'COSIGN_PASSWORD' || !binding.literal || binding.value === undefined) continue;
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
