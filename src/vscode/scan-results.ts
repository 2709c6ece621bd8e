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
  const byPath = new Map<string, { findings: Finding[]; suppressed: Finding[] }>();
  const file = (path: string) => {
    let entry = byPath.get(path);
    if (entry === undefined) byPath.set(path, (entry = { findings: [], suppressed: [] }));
    return entry;
  };
  for (const finding of result.findings) file(finding.path).findings.push(finding);
  for (const finding of result.suppressed ?? []) file(finding.path).suppressed.push(finding);
  const updates: FileFindings[] = [];
  for (const [relPath, { findings, suppressed }] of byPath) {
    const uri = vscode.Uri.joinPath(state.folder.uri, ...relPath.split('/'));
    if (checkedDocument(uri) === undefined) updates.push({ uri, findings, version: undefined, suppressed });
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
