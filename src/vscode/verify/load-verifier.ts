/**
 * Loads the verifier bundle (`dist/verify.js`: the sigstore libraries and the embedded trusted root)
 * the first time a verification runs or a bundle's CodeLens needs it, never at activation: activation
 * stays small, and users who never verify never load it. The path is computed at run time so esbuild
 * leaves the require alone instead of inlining the verifier into dist/extension.js.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as VerifyModule from '../../engine/verify';

export type Verifier = typeof VerifyModule;

let loaded: Verifier | undefined;

export class VerifierMissingError extends Error {
  override readonly name = 'VerifierMissingError';
}

export function loadVerifier(extensionPath: string): Verifier {
  if (loaded !== undefined) return loaded;
  const file = path.join(extensionPath, 'dist', 'verify.js');
  if (!existsSync(file))
    throw new VerifierMissingError('the verifier (dist/verify.js) is missing from the extension: reinstall Keyward (or run "npm run build")');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(file) as Verifier;
  return loaded;
}

/** Whether the verifier bundle has been loaded in this extension host (for tests: lazy loading). */
export function verifierLoaded(): boolean {
  return loaded !== undefined;
}
