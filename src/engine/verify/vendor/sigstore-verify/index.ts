/*
@sigstore/verify, minus its `Verifier` class and policy checks, vendored (NOTICE says from which
release, which file each came from and what changed). Keyward runs the steps one by one
(../../verifier.ts) so that each check gets its own outcome; the package's public API offers only
`Verifier.verify`, all checks at once, and keeps the steps in private dist/ modules that may change
in any release. The whole of what Keyward uses is here, so the package is not bundled twice.
A unit test (verify-sigstore-vendored.test.ts) checks that each file compiles to the installed
@sigstore/verify's dist/ code: an upgrade means reading upstream's changes to these files (security
fixes no longer arrive by themselves), and a local edit cannot slip in unstated.
*/
export { toSignedEntity } from './bundle';
export { verifyCertificateChain } from './key/certificate';
export { verifySCTs } from './key/sct';
export type { SignatureContent, SignedEntity } from './shared.types';
export { getTLogTimestamp, getTSATimestamp } from './timestamp';
export { verifyTLogBody, verifyTLogInclusion } from './tlog';
export { toTrustMaterial, type TrustMaterial } from './trust';

export const VENDORED_VERSION = '4.1.3';
