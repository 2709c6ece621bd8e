/**
 * What a failed check means for the person holding the artifact, in plain words. The verifier's own
 * `detail` says what came out; this says what to conclude and what to do next.
 */
import type { CheckId } from '../../engine/verify/types';

export const CHECK_MEANINGS: Readonly<Record<CheckId, string>> = {
  'bundle-format':
    'The file is not a Sigstore bundle Keyward can read (or it is damaged). Nothing about the artifact could be checked: get the bundle again from where the artifact was published.',
  artifact:
    'The artifact is not the one that was signed: its digest differs from what the bundle covers. The file was changed after signing, or the bundle belongs to another file. Do not use this artifact.',
  'public-key': 'The bundle was not signed with the expected public key.',
  signature: 'The signature does not match the signed content. The bundle or the artifact was altered, or they do not belong together.',
  'certificate-chain':
    'The signing certificate was not issued by a trusted Fulcio certificate authority (for the trusted root in use). Anyone could have made this certificate.',
  sct: 'The signing certificate was not logged in certificate transparency, so its issuance cannot be audited.',
  'tlog-entry': 'The transparency-log entry in the bundle does not describe this signature: the entry was swapped or edited.',
  'tlog-inclusion':
    'The transparency log does not vouch for the entry: its inclusion proof, checkpoint or signed entry timestamp does not check out against the trusted log keys.',
  timestamps: 'No trusted time shows that the signature was made while the short-lived certificate was valid.',
  identity: 'The artifact was signed, but by someone other than the expected signer. Treat it as untrusted unless you know why the identity differs.',
  issuer: 'The signer identity was vouched for by a different OIDC provider than expected. Treat it as untrusted.',
};
