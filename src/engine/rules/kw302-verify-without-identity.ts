import { effectiveFlag } from '../cosign/command';
import { commandLabel, finding } from './helpers/cosign-findings';
import { addIdentityFlagsFix } from '../fixes/cosign-fixes';
import { isOn } from '../cosign/occurrences';
import { VERIFY_COMMANDS } from '../cosign/subcommands';
import { COSIGN_ANCHORS, fixContextOf } from '../cosign/view';
import type { Rule } from './rule';
import { cosignRuleFrame } from './helpers/cosign-rule-frame';

export const verifyWithoutIdentity: Rule = {
  meta: {
    id: 'KW302',
    name: 'verify-without-identity',
    title: 'Keyless verification without an identity policy',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      'Keyless `cosign verify*` without both a certificate identity (`--certificate-identity[-regexp]`) and an issuer (`--certificate-oidc-issuer[-regexp]`) accepts a signature from anyone who can get a Fulcio certificate — that is, anyone.',
    docs: `
**Risk (T1, Fulcio; T3, OIDC providers).** A keyless signature proves only that *some* identity signed. Without pinning which identity and which OIDC issuer, every GitHub repository, every Google account and every other federated identity produces signatures that pass. cosign ≥ 2 refuses such commands ("--certificate-identity or --certificate-identity-regexp is required for verification in keyless mode"); cosign 1.x accepted them silently, so old scripts and docs still show them.

\`\`\`sh
cosign verify ghcr.io/acme/app@sha256:…                                        # error: no identity, no issuer
cosign verify --certificate-oidc-issuer https://token.actions.githubusercontent.com IMAGE   # error: no identity
\`\`\`

Applies to \`verify\`, \`verify-attestation\`, \`verify-blob\`, \`verify-blob-attestation\`, \`dockerfile verify\` and \`manifest verify\` without \`--key\`/\`--sk\`. The environment forms (\`COSIGN_CERTIFICATE_IDENTITY\` …) count as set. Not reported when an argument is a variable that may hold flags (\`$VERIFY_ARGS\`, \`"$@"\`).

**Fix: Require the signer identity and issuer.** Adds \`--certificate-identity=…\` and/or \`--certificate-oidc-issuer=…\` with the identity inferred from the workspace (see KW301), or \`<…>\` placeholders.
`,
    fixes: [
      {
        kind: 'require-identity',
        label: 'Require the signer identity and issuer',
        safety: 'review',
        migration: true,
        title: /^Require the signer identity and issuer( \(fill in the placeholders\))?$/,
      },
    ],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    const { view, ids, out } = cosignRuleFrame(file);
    const context = fixContextOf(file, view);
    for (const command of view.commands) {
      if (!VERIFY_COMMANDS.has(command.subcommand) || command.opaqueArguments) continue;
      if (effectiveFlag(command, 'key') || isOn(effectiveFlag(command, 'sk'))) continue;
      const identity = effectiveFlag(command, 'certificate-identity') ?? effectiveFlag(command, 'certificate-identity-regexp');
      const issuer = effectiveFlag(command, 'certificate-oidc-issuer') ?? effectiveFlag(command, 'certificate-oidc-issuer-regexp');
      if (identity && issuer) continue;
      const missing = [
        identity ? undefined : 'a certificate identity (--certificate-identity)',
        issuer ? undefined : 'an OIDC issuer (--certificate-oidc-issuer)',
      ].filter((m): m is string => m !== undefined);
      out.push(
        finding({
          ruleId: 'KW302',
          range: command.headRange,
          severity: 'error',
          documentation: command.documentation,
          host: command.segment.host,
          identity: ids.next(`${command.subcommand}|missing|${identity ? '' : 'identity'}|${issuer ? '' : 'issuer'}`),
          message: `Keyless \`${commandLabel(command)}\` without ${missing.join(' or ')}: a signature by any identity Fulcio certifies would pass (cosign ≥ 2 refuses to run it). Pin the exact signer.`,
          fixes: [addIdentityFlagsFix(command, context)],
        }),
      );
    }
    return out;
  },
};
