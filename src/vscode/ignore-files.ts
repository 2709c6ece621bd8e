import * as vscode from 'vscode';
import type { TextEdit } from '../engine/types';
import { engine } from './engine-loader';

/**
 * The current text of a small workspace file (.gitignore, .keywardignore): the open editor's buffer when
 * there is one, since that is what an edit will be applied to, else the file on disk; undefined when the
 * file does not exist.
 */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open !== undefined) return open.getText();
  try {
    const decoded = engine().decodeFile(await vscode.workspace.fs.readFile(uri));
    return decoded.kind === 'text' ? decoded.text : undefined;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

/**
 * Adds the engine's offset edits for `uri` to `edit`. `text` is the text the offsets refer to
 * (undefined: the file does not exist yet, so it is created first; nothing happens if it appeared meanwhile).
 */
export function addEngineEdits(edit: vscode.WorkspaceEdit, uri: vscode.Uri, text: string | undefined, edits: readonly TextEdit[]): void {
  if (text === undefined) edit.createFile(uri, { ignoreIfExists: true });
  const lines = new (engine().LineIndex)(text ?? '');
  for (const change of edits) {
    const start = lines.positionAt(change.range.start);
    const end = lines.positionAt(change.range.end);
    edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), change.newText);
  }
}
