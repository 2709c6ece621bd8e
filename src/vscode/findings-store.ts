import * as vscode from 'vscode';
import type { Finding } from '../engine/types';

/** The findings of one file and the text they were computed from. */
export interface FileFindings {
  readonly uri: vscode.Uri;
  readonly findings: readonly Finding[];
  /**
   * The `TextDocument.version` the findings were computed from, or undefined when they come from the
   * file on disk (workspace scan). Fixes that edit the document only apply to the version they were
   * computed for: offsets from an older text would land in the wrong place.
   */
  readonly version: number | undefined;
  /** Findings the repository's suppressions hid (each with its `suppression`): counted, never diagnostics. */
  readonly suppressed?: readonly Finding[] | undefined;
}

/**
 * The single source of truth for what Keyward currently reports. Diagnostics, the status bar, code
 * actions and the extension's test API all read from here; only the document checker and the workspace
 * scan write.
 */
export class FindingsStore implements vscode.Disposable {
  private readonly entries = new Map<string, FileFindings>();
  private readonly changed = new vscode.EventEmitter<readonly vscode.Uri[]>();
  /** Fires with the URIs whose findings were set or removed. */
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): FileFindings | undefined {
    return this.entries.get(uri.toString());
  }

  all(): IterableIterator<FileFindings> {
    return this.entries.values();
  }

  /** Replaces the findings of one file; no findings and nothing suppressed removes the file. */
  set(uri: vscode.Uri, findings: readonly Finding[], version: number | undefined, suppressed?: readonly Finding[]): void {
    this.apply([{ uri, findings, version, suppressed }]);
  }

  delete(uri: vscode.Uri): void {
    this.deleteWhere((entry) => entry.uri.toString() === uri.toString());
  }

  /** Removes every file matching `predicate` and reports them in one change event. */
  deleteWhere(predicate: (entry: FileFindings) => boolean): void {
    const removed = [...this.entries.values()].filter(predicate);
    for (const entry of removed) this.entries.delete(entry.uri.toString());
    if (removed.length > 0) this.changed.fire(removed.map((entry) => entry.uri));
  }

  /** Sets many files at once (one change event): entries with no findings and nothing suppressed are removed. */
  apply(updates: readonly FileFindings[]): void {
    const touched: vscode.Uri[] = [];
    for (const update of updates) {
      const key = update.uri.toString();
      if (update.findings.length === 0 && (update.suppressed?.length ?? 0) === 0) {
        if (this.entries.delete(key)) touched.push(update.uri);
      } else {
        this.entries.set(key, update);
        touched.push(update.uri);
      }
    }
    if (touched.length > 0) this.changed.fire(touched);
  }

  /**
   * The finding a fix was offered for, if it is still current: same document version, same finding.
   * `start` tells apart two findings with the same fingerprint (the same key pasted twice).
   */
  find(uri: vscode.Uri, version: number | undefined, fingerprint: string, start: number): Finding | undefined {
    const entry = this.get(uri);
    if (entry === undefined || entry.version !== version) return undefined;
    return entry.findings.find((finding) => finding.fingerprint === fingerprint && finding.range.start === start);
  }

  dispose(): void {
    this.entries.clear();
    this.changed.dispose();
  }
}
