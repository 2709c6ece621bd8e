/**
 * The result view: one webview panel, reused for each verification. Scripts are off and the CSP allows
 * only the extension's stylesheet; the "Trust this signer…" link is a command URI limited to that one
 * command.
 */
import * as vscode from 'vscode';
import type { VerificationResult } from '../../engine/verify/types';
import { renderResultPage, STATUS_HEADINGS } from './result-html';

export const TRUST_COMMAND = 'keyward.trustSigner';

export interface ShowResultInput {
  readonly result: VerificationResult;
  readonly artifactLabel: string;
  readonly bundleLabel: string;
  readonly notes: readonly string[];
  readonly offerTrust: boolean;
  readonly title: string;
}

export class ResultPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly mediaRoot: vscode.Uri;

  constructor(extensionUri: vscode.Uri) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media', 'verify');
  }

  /** Shows the result and returns the HTML it set. */
  show(input: ShowResultInput): string {
    const panel = this.ensurePanel();
    panel.title = `${STATUS_HEADINGS[input.result.status]}: ${input.title}`;
    const html = renderResultPage(input.result, {
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'result.css')).toString(),
      artifactLabel: input.artifactLabel,
      bundleLabel: input.bundleLabel,
      notes: input.notes,
      trustCommandUri: input.offerTrust ? `command:${TRUST_COMMAND}` : undefined,
    });
    panel.webview.html = html;
    panel.reveal(undefined, true);
    return html;
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel !== undefined) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      'keyward.verificationResult',
      'Keyward verification',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      {
        enableScripts: false,
        enableCommandUris: [TRUST_COMMAND],
        localResourceRoots: [this.mediaRoot],
        retainContextWhenHidden: false,
      },
    );
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, '..', 'icon.png');
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }
}
