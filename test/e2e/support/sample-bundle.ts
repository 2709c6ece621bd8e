// The public sample artifact and bundle (demo/sample-bundle/, a real public-good signature), copied into
// the e2e workspace at run time, with the signer it was made by.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { workspaceFile } from './host';

export const SAMPLE_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
export const SAMPLE_ISSUER = 'https://token.actions.githubusercontent.com';
export const SAMPLE_BUNDLE = 'a.txt.sigstore.json';

export interface SampleFiles {
  readonly artifact: Buffer;
  readonly bundle: Buffer;
}

export function readSample(extension: vscode.Extension<unknown>): SampleFiles {
  const dir = path.join(extension.extensionPath, 'demo', 'sample-bundle');
  return { artifact: readFileSync(path.join(dir, 'a.txt')), bundle: readFileSync(path.join(dir, SAMPLE_BUNDLE)) };
}

/** Writes `<folder>/a.txt` (unless undefined) and `<folder>/a.txt.sigstore.json` into the workspace. */
export function placeSample(folder: string, artifact: Buffer | undefined, bundle: Buffer | string): void {
  const dir = workspaceFile(folder).fsPath;
  mkdirSync(dir, { recursive: true });
  if (artifact !== undefined) writeFileSync(path.join(dir, 'a.txt'), artifact);
  writeFileSync(path.join(dir, SAMPLE_BUNDLE), bundle);
}
