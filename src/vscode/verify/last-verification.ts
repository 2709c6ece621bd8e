/** The most recent verification of this session: what the result view shows and "Trust this signer" saves from. */
import type { VerificationResult, VerificationStatus } from '../../engine/verify/types';

export interface LastVerification {
  readonly status: VerificationStatus;
  readonly summary: string;
  readonly result: VerificationResult;
  /** The result view's HTML, as set on the webview. */
  readonly html: string;
  /** The same result as plain text (the CLI's rendering). */
  readonly text: string;
  readonly artifactPath: string;
  readonly bundlePath: string;
  /** Where the policy came from. */
  readonly policySource: 'arguments' | 'settings' | 'input' | 'none';
}

/** Signer identity and issuer worth saving: only from a result whose cryptographic checks all passed. */
export function trustableSigner(last: LastVerification | undefined): { identity: string; issuer: string } | undefined {
  if (last === undefined || last.status === 'failed') return undefined;
  const signer = last.result.signer;
  if (signer?.kind !== 'certificate' || signer.identity === undefined || signer.issuer === undefined) return undefined;
  return { identity: signer.identity, issuer: signer.issuer };
}
