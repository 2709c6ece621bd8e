/**
 * The steps of @sigstore/verify that Keyward calls one by one (verifier.ts), so that each check gets
 * its own outcome. The package's public API offers only `Verifier.verify`, all checks at once; these
 * functions live in its `dist/` modules, which are not public API and may change in any release. They
 * are imported here and nowhere else, and REVIEWED_VERSION records the release they were checked
 * against: a unit test (verify-sigstore-internals.test.ts) fails when the installed version differs,
 * so an upgrade is a deliberate review of these signatures, not a surprise. (Vendoring them instead
 * would mean ~1,200 lines of verification code that no longer receives upstream security fixes.)
 */
export { verifyCertificateChain } from '@sigstore/verify/dist/key/certificate';
export { verifySCTs } from '@sigstore/verify/dist/key/sct';
export type { SignatureContent } from '@sigstore/verify/dist/shared.types';
export { getTLogTimestamp, getTSATimestamp } from '@sigstore/verify/dist/timestamp';
export { verifyTLogBody, verifyTLogInclusion } from '@sigstore/verify/dist/tlog';

export const REVIEWED_VERSION = '4.1.3';
