/**
 * `keyward_verify_bundle` for agents: a Sigstore bundle and an artifact (file or sha256 digest), checked
 * offline against the embedded trusted root and the expected signer. The verifier module is passed in
 * (`dist/verify.js` is loaded only when a verification runs, by the CLI or the editor), so this module
 * imports its types only and the engine bundle stays free of the sigstore libraries.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type * as VerifyModule from '../verify';

/** Sigstore bundles are a few KB; anything far larger is not one (and is not read into memory). */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

export interface AgentVerifyInput {
  /** The bundle file (`*.sigstore.json`, cosign's `--bundle` output), relative to the workspace root or absolute. */
  readonly bundle: string;
  /** The artifact file the bundle signs, relative to the workspace root or absolute. */
  readonly artifact?: string | undefined;
  /** Or its digest, `sha256:<64 hex>`, when the file is not at hand. */
  readonly digest?: string | undefined;
  readonly identity?: string | undefined;
  readonly issuer?: string | undefined;
  readonly identityRegExp?: string | undefined;
  readonly issuerRegExp?: string | undefined;
}

export type AgentVerifyAnswer =
  { readonly ok: true; readonly verified: boolean; readonly result: VerifyModule.VerificationResult } | { readonly ok: false; readonly error: string };

export function runAgentVerify(
  input: AgentVerifyInput,
  context: { readonly root: string; readonly verifier: Pick<typeof VerifyModule, 'verifyBundle' | 'isVerifyError'> },
): AgentVerifyAnswer {
  const policy = policyOf(input);
  if (typeof policy === 'string') return { ok: false, error: policy };
  if ((input.artifact === undefined) === (input.digest === undefined))
    return { ok: false, error: 'give either artifact (a file) or digest (sha256:<hex>), not both' };
  if (input.digest !== undefined && !/^sha256:[0-9a-fA-F]{64}$/.test(input.digest))
    return { ok: false, error: 'digest must be sha256: followed by 64 hex digits' };
  const bundlePath = path.resolve(context.root, input.bundle);
  let bundle: string;
  try {
    const stat = statSync(bundlePath);
    if (!stat.isFile()) return { ok: false, error: 'the bundle is not a file' };
    if (stat.size > MAX_BUNDLE_BYTES) return { ok: false, error: `the bundle is larger than ${MAX_BUNDLE_BYTES} bytes: not a Sigstore bundle` };
    bundle = readFileSync(bundlePath, 'utf8');
  } catch (error) {
    return { ok: false, error: `cannot read the bundle (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const artifact = input.digest !== undefined ? { digest: input.digest.toLowerCase() } : { path: path.resolve(context.root, input.artifact ?? '') };
  try {
    const result = context.verifier.verifyBundle({ bundle, artifact, policy });
    return { ok: true, verified: result.status === 'verified', result };
  } catch (error) {
    if (context.verifier.isVerifyError(error)) return { ok: false, error: error.message };
    throw error;
  }
}

/** The expected signer: exact identity + issuer, or the two anchored regular expressions; one of them is required. */
function policyOf(input: AgentVerifyInput): VerifyModule.VerifyPolicy | string {
  const exact = input.identity !== undefined || input.issuer !== undefined;
  const regexp = input.identityRegExp !== undefined || input.issuerRegExp !== undefined;
  if (exact && regexp) return 'give identity + issuer, or identityRegExp + issuerRegExp, not both';
  if (exact) {
    if (input.identity === undefined || input.issuer === undefined) return 'identity and issuer go together';
    return { identity: input.identity, issuer: input.issuer };
  }
  if (regexp) {
    if (input.identityRegExp === undefined || input.issuerRegExp === undefined) return 'identityRegExp and issuerRegExp go together';
    return { identityRegExp: input.identityRegExp, issuerRegExp: input.issuerRegExp };
  }
  return 'name the expected signer: identity + issuer (exact), or identityRegExp + issuerRegExp (anchored ^…$): a signature by anyone proves nothing';
}
