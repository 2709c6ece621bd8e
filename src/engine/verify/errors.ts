/**
 * Errors about the caller's inputs (not about the bundle): a missing artifact file, an invalid policy, a
 * bad or missing trusted root. Problems with the bundle itself are never thrown: they are a `failed`
 * verification result that names the failing check.
 *
 * Messages are one line, say what is wrong and what to do, and never quote file contents.
 */

export type VerifyErrorCode =
  | 'ARTIFACT_NOT_FOUND'
  | 'ARTIFACT_UNREADABLE'
  | 'INVALID_DIGEST'
  | 'INVALID_POLICY'
  | 'INVALID_OPTIONS'
  | 'TRUSTED_ROOT_INVALID'
  | 'TRUSTED_ROOT_UNAVAILABLE'
  | 'TUF_REFRESH_FAILED';

export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly code: VerifyErrorCode;

  constructor(code: VerifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Duck-typed check: the CLI and the editor load the verifier as a separate bundle, which has its own
 * copy of the class, so `instanceof` would not work across the bundle boundary.
 */
export function isVerifyError(error: unknown): error is VerifyError {
  return error instanceof Error && error.name === 'VerifyError' && typeof (error as { code?: unknown }).code === 'string';
}
