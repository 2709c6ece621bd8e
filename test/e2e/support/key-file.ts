// Facts about a generated key file in the open workspace, read in the extension host. Only line numbers
// and body lines (for the "never shown" check) come out; nothing here is printed.
import * as vscode from 'vscode';
import { workspaceFile } from './host';

export interface KeyFile {
  readonly uri: vscode.Uri;
  readonly beginLine: number;
  readonly endLine: number;
  /** The base64 body lines: none may appear in any message Keyward shows. */
  readonly bodyLines: readonly string[];
}

export async function readKeyFile(relative: string): Promise<KeyFile> {
  const uri = workspaceFile(relative);
  const lines = Buffer.from(await vscode.workspace.fs.readFile(uri))
    .toString('utf8')
    .split(/\r?\n/);
  const beginLine = lines.findIndex((line) => line.startsWith('-----BEGIN '));
  const endLine = lines.findIndex((line) => line.startsWith('-----END '));
  if (beginLine < 0 || endLine <= beginLine) throw new Error(`${relative} is not a PEM file`);
  return { uri, beginLine, endLine, bodyLines: lines.slice(beginLine + 1, endLine).filter((line) => line.length >= 16) };
}

/** True when `text` contains any body line (or a 16-character piece of one) of the key. */
export function leaksKeyMaterial(text: string, key: KeyFile): boolean {
  return key.bodyLines.some((line) => {
    for (let i = 0; i + 16 <= line.length; i += 8) if (text.includes(line.slice(i, i + 16))) return true;
    return false;
  });
}
