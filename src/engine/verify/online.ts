/**
 * Verification with a trusted root refreshed online through TUF (opt-in). The refresh is the only
 * asynchronous, network-touching step; the verification itself is the same offline `verifyBundle`.
 * A failed refresh is an error, never a silent fallback to the embedded root.
 */
import { VerifyError } from './errors';
import { compilePolicy } from './policy';
import { refreshTrustedRoot, type RefreshedTrustedRoot } from './tuf-refresh';
import type { OnlineTrustOptions, VerificationResult, VerifyOptions } from './types';
import { verifyBundle } from './verifier';

export async function verifyBundleOnline(options: VerifyOptions, online: OnlineTrustOptions): Promise<VerificationResult> {
  if (options.trustedRoot !== undefined) throw new VerifyError('INVALID_OPTIONS', 'give either a trusted_root.json or the online TUF refresh, not both');
  // A bad policy is the caller's mistake: say so before going online, not after.
  compilePolicy(options.policy);
  const refreshed = await refreshTrustedRoot({ ...online, staging: options.staging });
  const result = verifyBundle({ ...options, trustedRoot: refreshed.text });
  return { ...result, trustedRoot: 'TUF refresh', trustedRootDetail: describeRefresh(refreshed) };
}

export function describeRefresh(refreshed: RefreshedTrustedRoot): string {
  const anchor = refreshed.tufRoot === 'embedded' ? 'the TUF root embedded in Keyward' : 'the given TUF root.json';
  return refreshed.fromCache
    ? `TUF refresh at ${refreshed.refreshedAt} from ${refreshed.mirror}, reused from the cache (metadata re-checked against ${anchor})`
    : `TUF refresh at ${refreshed.refreshedAt} from ${refreshed.mirror} (metadata verified from ${anchor})`;
}
