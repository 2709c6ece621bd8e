import { analyzeIdentityRegexp, analyzeIssuerRegexp } from '../cosign/identity-regexp';
import { POLICY_ANCHORS, policyView } from '../policies/documents';
import { checkKeylessIdentities } from '../policies/keyless-identities';
import { PolicyFindings } from './helpers/policy-findings';
import type { Severity, TextRange } from '../types';
import { nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const kyvernoKeylessWithoutIdentity: Rule = {
  meta: {
    id: 'KW511',
    name: 'kyverno-keyless-without-identity',
    title: 'Kyverno keyless attestor without an exact subject and issuer',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      'A Kyverno `keyless` attestor (verifyImages or ImageValidatingPolicy) with a wildcard `subject` (`*`, `https://github.com/acme/*`), no subject, no `issuer`, or a match-all / unanchored `subjectRegExp`/`issuerRegExp` admits images signed by identities you do not control.',
    docs: `
**Risk (T1, T3).** Anyone can get a Fulcio certificate for their own identity; the attestor must say *whose* signature counts. Kyverno subjects accept \`*\` wildcards: \`subject: "*"\` admits every keyless signature, \`https://github.com/acme/*\` every workflow of every repository of the organisation (including forks' pull-request workflows that can sign). Without \`issuer\`, a token from any Fulcio-federated provider that can mint a matching subject passes.

\`\`\`yaml
- keyless:
    subject: "https://github.com/acme/*"     # error
    # no issuer                              # error
\`\`\`

**Fix.** Exact subject and issuer:

\`\`\`yaml
- keyless:
    subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"
    issuer: "https://token.actions.githubusercontent.com"
    rekor:
      url: https://rekor.sigstore.dev
\`\`\`

(or an anchored \`subjectRegExp\` such as \`^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+$\`). No automatic edit: which workflow is meant needs a human.

The CEL-based \`ImageValidatingPolicy\` (\`policies.kyverno.io\`) lists identities under \`attestors[].cosign.keyless.identities[]\` (\`subject\`/\`subjectRegExp\`, \`issuer\`/\`issuerRegExp\`, matched exactly or as regexps): no identities, an identity without a subject or an issuer, and a match-all or unanchored regexp are reported the same way.
`,
    fixes: [],
  },
  gate: { anchors: POLICY_ANCHORS },
  check(file) {
    const view = policyView(file);
    if (!view) return [];
    const found = new PolicyFindings(view);
    const push = (range: TextRange | undefined, severity: Severity, message: string, identity: string): void =>
      found.report({ range, severity, message, identity });
    for (const [index, entry] of view.kyvernoEntries.entries()) {
      const keyless = entry.keyless;
      if (!keyless) continue;
      const id = `${entry.policy}|${index}`;
      const at = `Kyverno policy \`${entry.policy}\``;
      const subject = pairOf(keyless.value, 'subject');
      const subjectRe = pairOf(keyless.value, 'subjectRegExp');
      const issuer = pairOf(keyless.value, 'issuer');
      const issuerRe = pairOf(keyless.value, 'issuerRegExp');
      const keyRange = nodeRange(keyless.key);
      if (!subject && !subjectRe) push(keyRange, 'error', `${at}: keyless attestor without a subject: any signer passes.`, `no-subject|${id}`);
      if (!issuer && !issuerRe)
        push(keyRange, 'error', `${at}: keyless attestor without an issuer: a token from any Fulcio-federated provider passes.`, `no-issuer|${id}`);
      const subjectText = stringValue(subject?.value);
      if (subjectText !== undefined && subjectText.includes('*'))
        push(
          nodeRange(subject?.value),
          'error',
          `${at}: the subject \`${subjectText.slice(0, 80)}\` is a wildcard: ${subjectText.replace(/[*"]/g, '') === '' ? 'every keyless signature passes' : 'identities you do not control match it'}. Pin the exact workflow identity.`,
          `wildcard-subject|${id}`,
        );
      const issuerText = stringValue(issuer?.value);
      if (issuerText !== undefined && issuerText.includes('*'))
        push(
          nodeRange(issuer?.value),
          'error',
          `${at}: the issuer \`${issuerText.slice(0, 80)}\` is a wildcard. Pin the exact issuer.`,
          `wildcard-issuer|${id}`,
        );
      const sv = subjectRe ? analyzeIdentityRegexp(stringValue(subjectRe.value) ?? '') : undefined;
      if (sv && sv.severity !== 'information')
        push(
          nodeRange(subjectRe?.value),
          sv.severity,
          `${at}: subjectRegExp ${sv.detail}. Pin the exact subject or anchor the regexp (^…$).`,
          `subject-re|${id}`,
        );
      const iv = issuerRe ? analyzeIssuerRegexp(stringValue(issuerRe.value) ?? '') : undefined;
      if (iv && iv.severity !== 'information')
        push(nodeRange(issuerRe?.value), iv.severity, `${at}: issuerRegExp ${iv.detail}. Pin the exact issuer.`, `issuer-re|${id}`);
    }
    for (const [index, attestor] of view.imageValidatingAttestors.entries()) {
      if (attestor.keyless)
        checkKeylessIdentities(
          attestor.keyless,
          `ImageValidatingPolicy \`${attestor.policy}\` (attestor \`${attestor.name}\`)`,
          `ivpol|${attestor.policy}|${index}`,
          push,
        );
    }
    return found.list;
  },
};
