/**
 * The Sigstore bundle verifier, built as its own lazily loaded bundle (`dist/verify.js`): the CLI and
 * the extension `require` it only when a verification runs, so scanning never loads the sigstore
 * libraries. This is the only engine code that could ever reach the network, and today it does not:
 * trust comes from the embedded or given trusted root (online TUF refresh is not implemented).
 */
export { verifyBundle } from './verifier';
export { renderResultText } from './render-text';
export { isSha256Digest } from './artifact';
export { VerifyError, isVerifyError } from './errors';
export type { VerifyErrorCode } from './errors';
export type * from './types';
