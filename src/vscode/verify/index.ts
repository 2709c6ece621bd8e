/**
 * Wires Sigstore bundle verification into the editor: the verify command, "Trust this signer", the
 * result view and the CodeLens on bundle files. Nothing here loads the verifier bundle; it is required
 * only when a verification runs.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../engine/types';
import { BUNDLE_SELECTOR, BundleCodeLens } from './bundle-lens';
import type { LastVerification } from './last-verification';
import { trustableSigner } from './last-verification';
import { verifierLoaded } from './load-verifier';
import { ResultPanel } from './result-panel';
import { trustSigner } from './trust-signer';
import { runVerifyCommand } from './verify-command';
import type { WorkspaceFactsReader } from '../workspace-facts-reader';

export type { LastVerification } from './last-verification';

export interface VerifyFeature extends vscode.Disposable {
  /** The last verification of this session (status, result, the result view's HTML and text). */
  lastVerification(): LastVerification | undefined;
  /** Whether dist/verify.js has been loaded (it must not be, until a verification runs). */
  verifierLoaded(): boolean;
}

export function registerVerify(context: vscode.ExtensionContext, logger: Logger, facts: WorkspaceFactsReader): VerifyFeature {
  const panel = new ResultPanel(context.extensionUri);
  let last: LastVerification | undefined;
  const setLast = (value: LastVerification): void => {
    last = value;
    void vscode.commands.executeCommand('setContext', 'keyward.canTrustSigner', trustableSigner(value) !== undefined);
  };
  const deps = {
    extensionPath: context.extensionPath,
    tufCacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'tuf').fsPath,
    logger,
    panel,
    setLast,
    facts,
  };
  const disposable = vscode.Disposable.from(
    panel,
    vscode.commands.registerCommand('keyward.verifyBundle', (target: unknown, options: unknown) => runVerifyCommand(deps, target, options)),
    vscode.commands.registerCommand('keyward.trustSigner', (options: unknown) => trustSigner(last, options)),
    vscode.languages.registerCodeLensProvider(BUNDLE_SELECTOR, new BundleCodeLens()),
  );
  return {
    lastVerification: () => last,
    verifierLoaded,
    dispose: () => disposable.dispose(),
  };
}
