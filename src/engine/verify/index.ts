/**
 * The Sigstore bundle verifier, built as its own lazily loaded bundle (`dist/verify.js`): the CLI and
 * the extension `require` it only when a verification runs, so scanning never loads the sigstore
 * libraries. This is the only engine code that may reach the network, and only when the caller opts in
 * with `verifyBundleOnline` (TUF refresh of the trusted root, tuf-refresh.ts); `verifyBundle` never does.
 */
export { verifyBundle } from './verifier';
export { verifyBundleOnline } from './online';
export { renderResultText } from './render-text';
export { isSha256Digest } from './artifact';
export { VerifyError, isVerifyError } from './errors';
export type { VerifyErrorCode } from './errors';
export type * from './types';
