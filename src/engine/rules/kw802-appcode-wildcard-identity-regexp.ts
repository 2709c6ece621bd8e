import { APPCODE_ANCHORS, appcodeFindings } from '../appcode/view';
import type { Rule } from './rule';

export const appcodeWildcardIdentityRegexp: Rule = {
  meta: {
    id: 'KW802',
    name: 'appcode-wildcard-identity-regexp',
    title: 'Wildcard or unanchored identity regexp in application code',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      'A signer-identity or issuer regexp in verification code (sigstore-go matchers, cosign `Identity.SubjectRegExp`/`IssuerRegExp`, `@sigstore/verify` `subjectAlternativeName: /…/`) that matches every identity, is not anchored, or has a wildcard owner or repository: the KW303/KW304 mistakes in your own code.',
    docs: `
**Risk (T1, Fulcio; T3, OIDC providers).** Go's \`regexp.MatchString\` and JavaScript's \`RegExp#test\` match a *substring*: \`github.com/acme/\` also matches \`https://github.com/evil/x/.github/workflows/acme/…\`. A wildcard owner or repository lets every repository's workflow sign.

\`\`\`go
verify.NewShortCertificateIdentity("https://token.actions.githubusercontent.com", "", "", ".*")           // error: any signer
verify.NewSANMatcher("", "https://github.com/acme/")                                                   // error: unanchored
cosign.Identity{Issuer: "https://token.actions.githubusercontent.com", SubjectRegExp: "^https://github.com/acme/.*$"}   // warning: any repository of acme
\`\`\`

\`\`\`ts
verifier.verify(entity, { subjectAlternativeName: /acme/, extensions: { issuer } });   // error: unanchored
\`\`\`

Judged like KW303 (identities) and KW304 (issuers), on string and regexp literals; regexps built at run time are not judged.

**Fix:** write the exact identity (\`sanValue\`, \`Subject\`, a string \`subjectAlternativeName\`), or anchor the regexp with \`^…$\` over the one repository and workflow. No automatic fix: the right pattern depends on the refs you release from.
`,
    fixes: [],
  },
  gate: { anchors: APPCODE_ANCHORS },
  check(file) {
    return appcodeFindings(file, 'regexp');
  },
};
