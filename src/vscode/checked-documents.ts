import * as vscode from 'vscode';
import { engine } from './engine-loader';

/**
 * Which open documents Keyward checks from their editor text rather than from disk. Its own module so
 * that the document checker, disk refreshes and published scan results can all ask without importing
 * each other.
 */

/**
 * Whether Keyward checks this document from its editor text. Key containers (.p12, .jks …) are binary:
 * their text in an editor is a lossy decoding, so their findings keep coming from the bytes on disk.
 */
export function isCheckedFromText(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === 'untitled') return true;
  return document.uri.scheme === 'file' && !engine().isKeyContainerName(document.uri.path);
}

/** The open document for `uri` if Keyward checks it from its editor text (then the disk copy is not used). */
export function checkedDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key && isCheckedFromText(document));
}
