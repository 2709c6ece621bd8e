import { isMap, isSeq } from 'yaml';
import { checkIdentityEntries } from '../policies/keyless-identities';
import { identityNote, policyIdentity, subjectKey, yamlString } from '../policies/keyless-snippet';
import { POLICY_ANCHORS, policyView } from '../policies/documents';
import { PolicyFindings } from './helpers/policy-findings';
import type { Fix, Severity, TextRange } from '../types';
import { insertIntoBlockMap, nodeRange, pairOf } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const policyKeylessWithoutIdentity: Rule = {
  meta: {
    id: 'KW502',
    name: 'policy-keyless-without-identity',
    title: 'policy-controller keyless authority without an exact signer identity',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      'A `ClusterImagePolicy` `keyless` authority with no `identities`, or with a match-all / unanchored `subjectRegExp` or `issuerRegExp`, admits images signed by anyone who can get a Fulcio certificate.',
    docs: `
**Risk (T1 Fulcio mis-issuance, T3 OIDC compromise).** Anyone can get a Fulcio certificate for *their own* identity. A keyless authority that does not pin *whose* identity admits every keyless-signed image on earth. Go's regexp match is a substring match, so \`subjectRegExp: https://github.com/acme/\` (no \`^…$\`) also matches \`https://evil.example/?https://github.com/acme/\`; \`.*\` matches everything; an issuer regexp lets other providers (that may mint a matching subject) in.

\`\`\`yaml
authorities:
  - keyless:
      url: https://fulcio.sigstore.dev          # error: no identities
  - keyless:
      identities:
        - issuerRegExp: ".*"                     # error
          subjectRegExp: "https://github.com/acme/.*"   # error: unanchored
\`\`\`

**Fix.** Pin the exact \`issuer\` and \`subject\` (or an anchored regexp such as \`^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+$\` for tag releases). When \`identities\` is missing, the fix adds one with the identity inferred from the workspace (git remote, default branch, signing workflow) or \`<…>\` placeholders:

\`\`\`yaml
  - keyless:
      url: https://fulcio.sigstore.dev
      identities:
        - issuer: "https://token.actions.githubusercontent.com"
          subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"
\`\`\`
`,
    fixes: [
      {
        kind: 'require-identity',
        label: 'Require the signer identity',
        safety: 'review',
        migration: true,
        title: /^Require the signer identity( \(fill in the placeholders\))?$/,
      },
    ],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    const push = (range: TextRange | undefined, severity: Severity, message: string, identity: string, fix?: Fix): void =>
      found.report({ range, severity, message, identity, fix });
    for (const [index, authority] of view.authorities.entries()) {
      const keyless = authority.keyless;
      if (!keyless) continue;
      const id = `${authority.policy}|${index}`;
      const identities = pairOf(keyless.value, 'identities');
      if (!identities || !isSeq(identities.value) || identities.value.items.length === 0) {
        const who = policyIdentity(file);
        const lines = ['identities:', `  - issuer: ${yamlString(who.issuer)}`, `    ${subjectKey(who)}: ${yamlString(who.identity)}`];
        const edit = isMap(keyless.value) && !identities ? insertIntoBlockMap(view.text, keyless.value, lines) : undefined;
        push(
          nodeRange(keyless.key),
          'error',
          `Keyless authority of ClusterImagePolicy \`${authority.policy}\` names no identities: any keyless-signed image passes. Pin the exact issuer and subject.`,
          `no-identities|${id}`,
          edit && {
            title: who.exact ? 'Require the signer identity' : 'Require the signer identity (fill in the placeholders)',
            edits: [edit],
            safety: 'review',
            pinsIdentity: true,
            ...(who.exact ? {} : { needsInput: true as const }),
            note: identityNote(who),
          },
        );
        continue;
      }
      const policy = `ClusterImagePolicy \`${authority.policy}\``;
      checkIdentityEntries(
        identities.value.items,
        id,
        {
          noSubject: `An identity of ${policy} names no subject: any signer of that issuer passes.`,
          noIssuer: `An identity of ${policy} names no issuer: a token from any Fulcio-federated provider passes.`,
          subjectRegexp: (detail) => `subjectRegExp of ${policy}: ${detail}. Pin the exact subject or anchor the regexp (^…$).`,
          issuerRegexp: (detail) => `issuerRegExp of ${policy}: ${detail}. Pin the exact issuer.`,
        },
        push,
      );
    }
    return found.list;
  },
};
