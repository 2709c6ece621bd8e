import { APPCODE_ANCHORS, appcodeFindings } from '../appcode/view';
import type { Rule } from './rule';

export const appcodeVerifyWithoutIdentity: Rule = {
  meta: {
    id: 'KW801',
    name: 'appcode-verify-without-identity',
    title: 'Verification in application code accepts any signer',
    severity: 'error',
    threats: ['T1', 'T3'],
    kind: 'config',
    summary:
      "Code that verifies Sigstore bundles with a Sigstore library but pins no signer identity and issuer (sigstore-js, sigstore-go, sigstore-python, sigstore-java, cosign's Go API) accepts a signature from anyone who can get a Fulcio certificate: the KW302 mistake, in your own code.",
    docs: `
**Risk (T1, Fulcio; T3, OIDC providers).** A keyless signature proves only that *some* identity signed. Application code that verifies bundles must say which identity (the certificate SAN: a workflow URI or an email) and which OIDC issuer it trusts, or every GitHub repository and every Google account produces bundles that pass.

\`\`\`ts
import { verify } from 'sigstore';
await verify(bundle, artifact);                                         // error: no identity, no issuer
await verify(bundle, artifact, { certificateIssuer: 'https://token.actions.githubusercontent.com' });   // error: no identity
import { Verifier } from '@sigstore/verify';
verifier.verify(entity, { extensions: { issuer: ISSUER } });           // error: no subjectAlternativeName
\`\`\`

\`\`\`go
verifier.Verify(entity, verify.NewPolicy(verify.WithArtifact(f), verify.WithoutIdentitiesUnsafe()))   // error
verify.NewShortCertificateIdentity(issuer, "", "", "")                                                // error: empty SAN
cosign.VerifyImageSignatures(ctx, ref, &cosign.CheckOpts{RekorClient: rc})                             // error: no Identities
\`\`\`

\`\`\`python
verifier.verify_artifact(data, bundle, policy.UnsafeNoOp())                               # error
policy.Identity(identity="https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main")   # error: any issuer
policy.AllOf([policy.OIDCIssuer(ISSUER), policy.GitHubWorkflowTrigger("push")])          # error: anyone's repository
\`\`\`

\`\`\`java
verifier.verify(artifact, bundle, VerificationOptions.empty());                               // error
CertificateMatcher.fulcio().issuer(StringMatcher.string(ISSUER)).build();                    // error: no subjectAlternativeName
\`\`\`

Matched in JavaScript/TypeScript, Go, Python and Java files that import the library (\`sigstore\`, \`@sigstore/verify\`, \`sigstore-go/pkg/verify\`, \`cosign/…/pkg/cosign\`, \`sigstore.verify\`, \`dev.sigstore\`), on call expressions and object literals (comments and strings never match; options may be built in a local variable first). Options the code cannot see (a parameter, a spread \`...opts\`, a \`CheckOpts\` returned to a caller or whose \`Identities\` are set later) are not reported. A \`CheckOpts\` with a \`SigVerifier\` is key-based verification, not reported here. For sigstore-python, \`AllOf\` must contain a policy that names the repository or signer (\`Identity\`, \`GitHubWorkflowRepository\`, \`OIDCSourceRepositoryURI\`, \`OIDCBuildSignerURI\` …); a commit digest or ref alone does not (forks share them).

**Fix: Require the signer identity and issuer** (sigstore-js \`verify\`/\`createVerifier\`): adds \`certificateIdentityURI\` and/or \`certificateIssuer\` with the identity inferred from the workspace (see KW301), or \`<…>\` placeholders. **Require the OIDC issuer** (sigstore-python \`Identity\`): adds \`issuer=\` from the identity's host (GitHub or GitLab), or a placeholder. Both are previewed: they decide whom your code trusts.
`,
    fixes: [
      {
        kind: 'require-identity',
        label: 'Require the signer identity and issuer',
        safety: 'review',
        title: /^Require the signer identity and issuer( \(fill in the placeholders\))?$/,
      },
      { kind: 'require-issuer', label: 'Require the OIDC issuer', safety: 'review', title: /^Require the OIDC issuer( \(fill in the placeholder\))?$/ },
    ],
  },
  gate: { anchors: APPCODE_ANCHORS },
  check(file) {
    return appcodeFindings(file, 'identity');
  },
};
