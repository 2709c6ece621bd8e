/**
 * CodeLens on opened bundle files (`*.sigstore.json`, `*.sigstore`, `*.bundle.json`): what the bundle
 * claims (signer, issuer, log index, integrated time), marked as unverified, and a "Verify" lens that
 * runs the real verification against the artifact next to it.
 */
import * as vscode from 'vscode';
import { readBundleClaims } from './bundle-claims';
import { VERIFY_COMMAND } from './verify-command';

export const BUNDLE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.sigstore.json' },
  { scheme: 'file', pattern: '**/*.sigstore' },
  { scheme: 'file', pattern: '**/*.bundle.json' },
];

export class BundleCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const claims = readBundleClaims(document.getText());
    if (claims === undefined) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const text = (title: string): vscode.CodeLens => new vscode.CodeLens(top, { title, command: '' });
    const lenses = [
      new vscode.CodeLens(top, {
        title: '$(verified) Verify…',
        command: VERIFY_COMMAND,
        arguments: [document.uri],
        tooltip: 'Verify this bundle against its artifact',
      }),
    ];
    const signer =
      claims.signer !== undefined ? `claims signer ${claims.signer}` : claims.publicKey === true ? 'claims a public-key signature' : 'no signer found';
    lenses.push(text(`${claims.format} (unverified): ${signer}`));
    if (claims.issuer !== undefined) lenses.push(text(`issuer ${claims.issuer}`));
    if (claims.logIndex !== undefined)
      lenses.push(text(`log index ${claims.logIndex}${claims.integratedTime !== undefined ? `, integrated ${claims.integratedTime}` : ''}`));
    return lenses;
  }
}
