import { APPCODE_ANCHORS, appcodeFindings } from '../appcode/view';
import type { Rule } from './rule';

export const appcodeTlogVerificationDisabled: Rule = {
  meta: {
    id: 'KW803',
    name: 'appcode-tlog-verification-disabled',
    title: 'Verification in application code skips the transparency log',
    severity: 'error',
    threats: ['T2', 'T1'],
    kind: 'config',
    summary:
      'Verification code that turns off the transparency-log (or any timestamp) check — sigstore-js `tlogThreshold: 0`, sigstore-go `WithTransparencyLog(0)` or `WithoutAnyObserverTimestampsUnsafe()`, cosign `CheckOpts{IgnoreTlog: true}` — accepts signatures nobody can audit: the KW305 mistake in your own code.',
    docs: `
**Risk (T2, Rekor tampering; T1, Fulcio compromise).** The transparency-log entry is the public record of a signature and, for keyless signing, the timestamp that proves the 10-minute certificate was valid when it signed. Without it a leaked or mis-issued certificate signs forever, unseen.

\`\`\`ts
await verify(bundle, data, { certificateIdentityURI: ID, certificateIssuer: ISSUER, tlogThreshold: 0 });   // error
new Verifier(trustMaterial, { tlogThreshold: 0 });                                                             // error
\`\`\`

\`\`\`go
verify.NewVerifier(trustedMaterial, verify.WithTransparencyLog(0))                  // error
verify.NewVerifier(trustedMaterial, verify.WithoutAnyObserverTimestampsUnsafe())    // error
&cosign.CheckOpts{IgnoreTlog: true, Identities: ids}                                // error
\`\`\`

**Fix: Remove the option** (safe: \`tlogThreshold: 0\` and \`IgnoreTlog: true\` are deleted, the library default requires one entry) or **Require 1** (safe: \`WithTransparencyLog(0)\` → \`WithTransparencyLog(1)\`, also \`WithIntegratedTimestamps\`/\`WithObserverTimestamps\`). \`WithoutAnyObserverTimestampsUnsafe()\` has no automatic fix: replace it with \`verify.WithTransparencyLog(1)\` or \`verify.WithSignedTimestamps(1)\`, whichever your bundles carry.
`,
    fixes: [
      { kind: 'remove-option', label: 'Remove the option', safety: 'safe', title: /^Remove (tlogThreshold: 0|IgnoreTlog: true)$/ },
      {
        kind: 'require-one',
        label: 'Require 1',
        safety: 'safe',
        title: /^Require 1 in (WithTransparencyLog|WithIntegratedTimestamps|WithObserverTimestamps)$/,
      },
    ],
  },
  gate: { anchors: APPCODE_ANCHORS },
  check(file) {
    return appcodeFindings(file, 'tlog');
  },
};
