import { APPCODE_ANCHORS, appcodeFindings } from '../appcode/view';
import type { Rule } from './rule';

export const appcodeSctVerificationDisabled: Rule = {
  meta: {
    id: 'KW804',
    name: 'appcode-sct-verification-disabled',
    title: 'Verification in application code skips certificate transparency',
    severity: 'warning',
    threats: ['T1'],
    kind: 'config',
    summary:
      'Verification code that accepts Fulcio certificates without a signed certificate timestamp — sigstore-js `ctLogThreshold: 0` (`ctlogThreshold: 0` in `@sigstore/verify`), sigstore-go `WithSignedCertificateTimestamps(0)`, cosign `CheckOpts{IgnoreSCT: true}` — the KW306 mistake in your own code.',
    docs: `
**Risk (T1, Fulcio compromise).** The SCT proves the certificate was logged in the certificate-transparency log, where a mis-issued certificate can be noticed. Without the check, a certificate Fulcio issued by mistake (or under compromise) passes unseen.

\`\`\`ts
await verify(bundle, data, { certificateIdentityURI: ID, certificateIssuer: ISSUER, ctLogThreshold: 0 });   // warning
\`\`\`

\`\`\`go
verify.NewVerifier(trustedMaterial, verify.WithSignedCertificateTimestamps(0), verify.WithTransparencyLog(1))   // warning
&cosign.CheckOpts{IgnoreSCT: true, Identities: ids}                                                         // warning
\`\`\`

**Fix: Remove the option** (safe: the library default requires an SCT) or **Require 1** (safe: \`WithSignedCertificateTimestamps(0)\` → \`(1)\`). For a private Sigstore deployment without a CT log, verify against its own trusted root instead.
`,
    fixes: [
      { kind: 'remove-option', label: 'Remove the option', safety: 'safe', title: /^Remove (ctLogThreshold: 0|ctlogThreshold: 0|IgnoreSCT: true)$/ },
      { kind: 'require-one', label: 'Require 1', safety: 'safe', title: /^Require 1 in WithSignedCertificateTimestamps$/ },
    ],
  },
  gate: { anchors: APPCODE_ANCHORS },
  check(file) {
    return appcodeFindings(file, 'sct');
  },
};
