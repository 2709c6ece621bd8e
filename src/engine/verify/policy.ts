/**
 * The signer policy: who must have signed. Regular expressions must be anchored (`^…$`): an unanchored
 * `github.com/acme/` also matches `https://evil.example/github.com/acme/…`, a classic way to accept the
 * wrong signer. They are also compiled as `^(?:…)$`, so an alternative cannot escape the anchors.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { VerifyError } from './errors';
import type { VerifyPolicy } from './types';

export type CompiledPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'exact'; readonly identity: string; readonly issuer: string }
  | { readonly kind: 'regexp'; readonly identity: RegExp; readonly issuer: RegExp }
  | { readonly kind: 'key'; readonly key: KeyObject };

export function compilePolicy(policy: VerifyPolicy | undefined): CompiledPolicy {
  if (policy === undefined) return { kind: 'none' };
  if ('publicKeyPem' in policy) {
    try {
      const key = createPublicKey(policy.publicKeyPem);
      return { kind: 'key', key };
    } catch {
      throw new VerifyError('INVALID_POLICY', 'the given public key is not a PEM public key (expected "-----BEGIN PUBLIC KEY-----")');
    }
  }
  if ('identityRegExp' in policy) {
    return { kind: 'regexp', identity: anchored(policy.identityRegExp, 'identity'), issuer: anchored(policy.issuerRegExp, 'issuer') };
  }
  if (policy.identity === '' || policy.issuer === '')
    throw new VerifyError('INVALID_POLICY', 'both the certificate identity and the OIDC issuer must be given');
  return { kind: 'exact', identity: policy.identity, issuer: policy.issuer };
}

function anchored(source: string, what: 'identity' | 'issuer'): RegExp {
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) {
    throw new VerifyError(
      'INVALID_POLICY',
      `the ${what} regular expression must be anchored: start it with ^ and end it with $ (e.g. ^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v.*$)`,
    );
  }
  try {
    // Compiled alone first: a pattern that is valid on its own has balanced groups, so it cannot close
    // the wrapper below (`^a)|(evil$`) and escape it.
    new RegExp(source);
    // The `^…$` checked above is only the surface: `^a$|evil` is `^a$` OR `evil`, and `evil` matches
    // anywhere. The whole expression must match the whole identity, whatever its alternatives say.
    return new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new VerifyError('INVALID_POLICY', `the ${what} regular expression is invalid: ${(error as Error).message}`);
  }
}

/** The pattern as the user wrote it: the compiled one is wrapped in `^(?:…)$`. */
export function writtenPattern(pattern: RegExp): string {
  const source = pattern.source;
  return source.startsWith('^(?:') && source.endsWith(')$') ? source.slice(4, -2) : source;
}

/** Describes the policy in words, for the result and the report. */
export function describePolicy(policy: CompiledPolicy): string {
  switch (policy.kind) {
    case 'none':
      return 'none: the signer was not checked';
    case 'exact':
      return `identity "${policy.identity}" issued by "${policy.issuer}"`;
    case 'regexp':
      return `identity matching ${writtenPattern(policy.identity)} issued by an issuer matching ${writtenPattern(policy.issuer)}`;
    case 'key':
      return 'the given public key';
  }
}

export function matches(expected: string | RegExp, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return typeof expected === 'string' ? expected === actual : expected.test(actual);
}
