import { commandLabel, finding } from './helpers/cosign-findings';
import { cosignRuleFrame, literalBindingFinding } from './helpers/cosign-rule-frame';
import { COSIGN_ANCHORS } from '../cosign/view';
import type { Rule } from './rule';

/** A JSON Web Token: base64url header starting `{"`, payload and (optional) signature. */
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.?[A-Za-z0-9_-]*$/;
const TOKEN_VARIABLES = new Set(['SIGSTORE_ID_TOKEN', 'COSIGN_IDENTITY_TOKEN']);

export const literalIdentityToken: Rule = {
  meta: {
    id: 'KW209',
    name: 'literal-identity-token',
    title: 'OIDC identity token written in plain text',
    severity: 'error',
    threats: ['T3'],
    kind: 'config',
    summary:
      'A literal OIDC identity token (`--identity-token eyJ…`, `SIGSTORE_ID_TOKEN=eyJ…`) in a file lets anyone who reads it obtain a signing certificate in your name until the token expires.',
    docs: `
**Risk (T3, OIDC token theft).** Fulcio issues a signing certificate to whoever presents a valid identity token. A token pasted into a script, a CI file or documentation can be replayed by anyone who reads it until it expires — and the resulting signatures carry your identity.

\`\`\`sh
cosign sign --identity-token eyJhbGciOi… "$IMAGE"      # error (value masked in findings)
export SIGSTORE_ID_TOKEN=eyJhbGciOi…                    # error
\`\`\`

References are fine: \`--identity-token "$(cat /var/run/sigstore/token)"\`, \`--identity-token /path/to/token\`, \`SIGSTORE_ID_TOKEN: \${{ steps.oidc.outputs.token }}\`.

**How to fix.** Delete the token (and treat it as leaked until it expires). Let cosign fetch the ambient token: GitHub Actions \`permissions: id-token: write\`; GitLab \`id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }\`. No automatic fix.
`,
    fixes: [],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    for (const command of view.commands) {
      for (const flag of command.flags) {
        if (flag.name !== 'identity-token' || !flag.literal || !JWT.test(flag.value ?? '')) continue;
        out.push(
          finding({
            range: flag.range,
            severity: 'error',
            documentation: command.documentation,
            host: command.segment.host,
            identity: ids.next(`identity-token|${command.subcommand}`),
            message: `\`${commandLabel(command)}\` is given a literal OIDC identity token (masked): anyone who reads this file can get a signing certificate in that identity until the token expires. Delete it and let cosign use the CI's ambient token.`,
          }),
        );
      }
    }
    for (const binding of view.bindings) {
      if (!TOKEN_VARIABLES.has(binding.name) || !binding.literal || !JWT.test((binding.value ?? '').trim())) continue;
      out.push(
        literalBindingFinding(
          binding,
          ids.next(`${binding.name}|${binding.host}`),
          `${binding.name} is set to a literal OIDC identity token (masked): anyone who reads this file can get a signing certificate in that identity until it expires. Delete it and let cosign use the CI's ambient token.`,
        ),
      );
    }
    return out;
  },
};
