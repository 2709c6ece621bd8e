/**
 * `keyward conformance verify-bundle …`: the client protocol of the Sigstore conformance suite
 * (sigstore/sigstore-conformance), so that the public suite can drive Keyward's verifier:
 *
 *   verify-bundle [--staging] --bundle FILE --certificate-identity ID --certificate-oidc-issuer URL [--trusted-root FILE] FILE_OR_DIGEST
 *   verify-bundle [--staging] --bundle FILE --key KEY.pem [--trusted-root FILE] FILE_OR_DIGEST
 *
 * Exit status 0 means verified, anything else rejected; the output is for people only. Signing
 * (`sign-bundle`) needs live Sigstore services and is not offered.
 */
import { UsageError } from './args';
import { buildRequest, loadVerifier, parse, type CliIo } from './verify-command';

export function runConformance(argv: readonly string[], io: CliIo): number {
  const [subcommand, ...rest] = argv;
  if (subcommand === 'sign-bundle') throw new UsageError('conformance sign-bundle is not supported: Keyward verifies offline and does not sign');
  if (subcommand !== 'verify-bundle') throw new UsageError(`conformance expects "verify-bundle", not "${subcommand ?? ''}"`);
  const { values, positionals } = parse(rest, {
    staging: { type: 'boolean' },
    bundle: { type: 'string' },
    'certificate-identity': { type: 'string' },
    'certificate-oidc-issuer': { type: 'string' },
    key: { type: 'string' },
    'trusted-root': { type: 'string' },
  });
  const identity = typeof values['certificate-identity'] === 'string' ? values['certificate-identity'] : undefined;
  const issuer = typeof values['certificate-oidc-issuer'] === 'string' ? values['certificate-oidc-issuer'] : undefined;
  const key = typeof values['key'] === 'string' ? values['key'] : undefined;
  // The suite always names the expected signer; verifying without one would not be a verification.
  if (key === undefined && (identity === undefined || issuer === undefined))
    throw new UsageError('verify-bundle needs --certificate-identity and --certificate-oidc-issuer, or --key');
  const request = buildRequest(
    {
      bundle: typeof values['bundle'] === 'string' ? values['bundle'] : undefined,
      identity,
      issuer,
      identityRegExp: undefined,
      issuerRegExp: undefined,
      key,
      trustedRoot: typeof values['trusted-root'] === 'string' ? values['trusted-root'] : undefined,
      staging: values['staging'] === true,
      positionals,
    },
    io.cwd,
  );
  const verifier = loadVerifier();
  try {
    const result = verifier.verifyBundle(request);
    if (result.status === 'verified') {
      io.stdout(`${result.summary}\n`);
      return 0;
    }
    io.stderr(`rejected: ${result.summary}\n`);
    return 1;
  } catch (error) {
    if (!verifier.isVerifyError(error)) throw error;
    io.stderr(`rejected: ${error.message}\n`);
    return 1;
  }
}
