import { COSIGN_ANCHORS } from '../cosign/view';
import { exactIssuerFix } from '../fixes/cosign-fixes';
import { analyzeIssuerRegexp } from '../cosign/identity-regexp';
import { regexpFlagFindings } from './helpers/cosign-regexp-flag-findings';
import type { Rule } from './rule';

export const wildcardIssuerRegexp: Rule = {
  meta: {
    id: 'KW304',
    name: 'wildcard-issuer-regexp',
    title: 'OIDC issuer regexp matches too much',
    severity: 'error',
    threats: ['T3'],
    kind: 'config',
    summary:
      'A `--certificate-oidc-issuer-regexp` that matches everything or is not anchored accepts tokens from any Fulcio-federated identity provider, so another provider that can mint a matching identity satisfies the policy.',
    docs: `
**Risk (T3, OIDC provider compromise).** The issuer says who vouched for the identity. Fulcio federates many providers (GitHub, GitLab, Google, Microsoft, Kubernetes clusters, BuildKite …). Accepting all of them — \`.*\`, or an unanchored substring — means the weakest provider that can mint an identity matching your identity pattern decides. There are only a handful of issuers; pin the one that signs.

\`\`\`sh
cosign verify --certificate-identity=… --certificate-oidc-issuer-regexp='.*' IMAGE    # error
cosign verify --certificate-identity=… --certificate-oidc-issuer-regexp='token.actions.githubusercontent.com' IMAGE   # error: unanchored
\`\`\`

Severity: match-all or missing \`^\`/\`$\` is an error; another wildcard a warning; only an unescaped \`.\` information. Each top-level alternative (\`^https://gitlab\\.com$|.*\`) is judged on its own anchors; a regexp over 4,096 characters is an error (not analysed). Also matched: \`COSIGN_CERTIFICATE_OIDC_ISSUER_REGEXP\`.

**Fix: Require the exact issuer.** Replaces the regexp with \`--certificate-oidc-issuer=ISSUER\`: the issuer the regexp names (\`https://token.actions.githubusercontent.com\`, \`https://gitlab.com\` …), else the one of the workspace's CI, else a \`<…>\` placeholder.
`,
    fixes: [
      {
        kind: 'exact-issuer',
        label: 'Require the exact issuer',
        safety: 'review',
        migration: true,
        title: /^Require the exact issuer (https:\/\/\S+|\(fill in the placeholder\))$/,
      },
    ],
  },
  gate: { anchors: COSIGN_ANCHORS },
  check(file) {
    return regexpFlagFindings(file, {
      ruleId: 'KW304',
      flag: 'certificate-oidc-issuer-regexp',
      identityKind: 'issuer-regexp',
      noun: 'OIDC issuer',
      remedy: 'Require the exact issuer.',
      analyze: analyzeIssuerRegexp,
      fix: exactIssuerFix,
    });
  },
};
