/**
 * "Trust this signer for this artifact pattern": saves the signer identity and issuer of the last
 * successful verification as `{ artifacts, identity, issuer }` in `keyward.verify.policies` (workspace
 * folder settings), so the next verification of a matching artifact needs no typing. The glob is
 * confirmed by the user (default: the artifact's folder). Only offered after the signature, chain and
 * log checks all passed: a failed result's certificate is not worth trusting.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LastVerification } from './last-verification';
import { trustableSigner } from './last-verification';
import { defaultGlobFor, type PolicyEntry } from './policy-match';
import { savePolicy } from './settings';

/** Optional argument (tests, scripts): the glob to save without asking. */
export interface TrustSignerOptions {
  readonly artifacts?: string;
}

/** Returns the saved entry, or undefined when cancelled or not applicable. */
export async function trustSigner(last: LastVerification | undefined, rawOptions: unknown): Promise<PolicyEntry | undefined> {
  const signer = trustableSigner(last);
  if (last === undefined || signer === undefined) {
    void vscode.window.showErrorMessage('Keyward: nothing to trust yet: verify a bundle first; its signature must be valid and signed with a certificate.');
    return undefined;
  }
  const options = typeof rawOptions === 'object' && rawOptions !== null ? (rawOptions as TrustSignerOptions) : {};
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(last.artifactPath));
  const relative = folder === undefined ? undefined : path.relative(folder.uri.fsPath, last.artifactPath).split(path.sep).join('/');
  const suggested = relative !== undefined ? defaultGlobFor(relative) : `${path.dirname(last.artifactPath).split(path.sep).join('/')}/**`;
  const glob =
    typeof options.artifacts === 'string'
      ? options.artifacts
      : await vscode.window.showInputBox({
          title: 'Keyward: trust this signer for which artifacts?',
          prompt: `Artifacts matching this glob (${folder !== undefined ? 'relative to the workspace folder' : 'absolute'}) must be signed by ${signer.identity} (issuer ${signer.issuer}).`,
          value: suggested,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === '' ? 'a glob is required' : undefined),
        });
  if (glob === undefined || glob.trim() === '') return undefined;
  const entry: PolicyEntry = { artifacts: glob.trim(), identity: signer.identity, issuer: signer.issuer };
  const target = await savePolicy(entry, folder);
  const where = target === vscode.ConfigurationTarget.WorkspaceFolder ? 'workspace settings' : 'user settings';
  const restricted = !vscode.workspace.isTrusted && target !== vscode.ConfigurationTarget.Global ? ' It applies once you trust this workspace.' : '';
  void vscode.window.showInformationMessage(
    `Keyward: saved to ${where}: artifacts matching ${entry.artifacts} must be signed by ${signer.identity}.${restricted}`,
  );
  return entry;
}
