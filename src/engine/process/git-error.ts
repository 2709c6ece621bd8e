export type GitErrorCode = 'untrusted' | 'git-missing' | 'not-a-repository' | 'not-tracked' | 'invalid-path' | 'timeout' | 'failed';

/** A git operation that did not happen, with a code callers can branch on. Messages never quote file content. */
export class GitError extends Error {
  override readonly name = 'GitError';
  constructor(
    readonly code: GitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
