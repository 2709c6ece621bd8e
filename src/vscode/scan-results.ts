import * as vscode from 'vscode';
import type { Finding, ScanResult } from '../engine/types';
import { checkedDocument } from './checked-documents';
import type { FileFindings, FindingsStore } from './findings-store';
import type { FolderState } from './folder-state';

/**
 * Puts the result of a disk scan of `state`'s folder into the store. `scope` lists the folder-relative
 * paths (files or folders) the scan covered, or is undefined for the whole folder: within the scope, files
 * the scan no longer reports lose their findings. A cancelled scan only adds what it found. Documents
 * checked from their editor text are left alone: the buffer is newer than the disk.
 */
export function publishScanResult(store: FindingsStore, state: FolderState, result: ScanResult, scope?: readonly string[]): void {
  const byPath = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = byPath.get(finding.path);
    if (list === undefined) byPath.set(finding.path, [finding]);
    else list.push(finding);
  }
  const updates: FileFindings[] = [];
  for (const [relPath, findings] of byPath) {
    const uri = vscode.Uri.joinPath(state.folder.uri, ...relPath.split('/'));
    if (checkedDocument(uri) === undefined) updates.push({ uri, findings, version: undefined });
  }
  if (!result.cancelled) {
    store.deleteWhere((entry) => {
      const relPath = state.relativePath(entry.uri);
      if (relPath === undefined || byPath.has(relPath) || checkedDocument(entry.uri) !== undefined) return false;
      return scope === undefined || scope.some((covered) => relPath === covered || relPath.startsWith(`${covered}/`));
    });
  }
  store.apply(updates);
}
