import * as vscode from 'vscode';
import type { TextScanWorker } from '../engine/scan/text-scan-worker';
import type { FileScanReport } from '../engine/scan/scanner';
import type { FileSuppressions } from '../engine/findings/suppress';
import type { Logger } from '../engine/types';
import type { WorkspaceFacts } from '../engine/facts/workspace-facts';
import { checkedDocument, isCheckedFromText } from './checked-documents';
import type { DiskRefresh } from './disk-refresh';
import { engine, errorClass } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderStates } from './folder-state';
import { logScanGaps } from './scan-gaps';
import type { KeywardStatusBar } from './status-bar';
import type { WorkspaceFactsReader } from './workspace-facts-reader';

/** Typing pauses shorter than this do not trigger a re-check. */
const CHANGE_DEBOUNCE_MS = 300;

/** What to scan a document as: its workspace-relative path and git's view of it. */
interface Target {
  readonly path: string;
  readonly committed: boolean | undefined;
  /** Removed from git's index but still in HEAD: the findings say so (the key is still published). */
  readonly removalStaged?: boolean;
  readonly maxFileSize: number;
  readonly suppressions: FileSuppressions;
  /** The folder's facts, so identity fixes name the exact signer. */
  readonly workspace?: WorkspaceFacts;
}

/**
 * Re-checks open documents from their editor text: on open, on change (debounced per document) and on
 * save. The editor buffer is what the user sees, so for an open document it wins over the file on disk.
 */
export class DocumentChecker implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Latest check per document: an older check that finishes late must not overwrite a newer one. */
  private readonly generations = new Map<string, number>();
  /** What was last logged of each document's cut findings and failed rules. */
  private readonly loggedGaps = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Created on the first check (the engine is loaded lazily). */
  private textScanner: TextScanWorker | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: FolderStates,
    private readonly disk: DiskRefresh,
    private readonly logger: Logger,
    private readonly facts?: WorkspaceFactsReader,
    private readonly statusBar?: KeywardStatusBar,
  ) {}

  /** Starts following document events. Separate from the constructor so activation decides when. */
  listen(): void {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        // A save may follow `git add` in a terminal; git state is cheap enough to re-read per save.
        this.folders.forUri(document.uri)?.invalidateGit();
        void this.check(document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => void this.closed(document)),
    );
  }

  schedule(document: vscode.TextDocument): void {
    if (!isCheckedFromText(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(document);
      }, CHANGE_DEBOUNCE_MS),
    );
  }

  /** Checks one document now and stores its findings against the document's version. */
  async check(document: vscode.TextDocument): Promise<void> {
    if (!isCheckedFromText(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const version = document.version;
    try {
      const target = await this.target(document);
      if (document.isClosed || this.generations.get(key) !== generation || document.version !== version) return;
      if (target === undefined) {
        this.store.delete(document.uri);
        return;
      }
      const text = document.getText();
      if (text.length > target.maxFileSize) {
        this.logger.debug(`skipped ${target.path}: larger than keyward.maxFileSize`);
        this.store.delete(document.uri);
        return;
      }
      const started = Date.now();
      // On a worker thread: parsing a large workflow must not hold up the extension host.
      this.textScanner ??= new (engine().TextScanWorker)(this.logger);
      // Restricted Mode: the repository's own suppressions do not hide key findings (engine/findings/suppress.ts).
      const untrusted = !vscode.workspace.isTrusted;
      const input = { path: target.path, text, committed: target.committed, ...(target.workspace ? { workspace: target.workspace } : {}) };
      const report = await this.textScanner.scanReport(input, { untrusted });
      if (document.isClosed || this.generations.get(key) !== generation || document.version !== version) return;
      const { ruleById, applyFileSuppressions } = engine();
      const separated = applyFileSuppressions(report, target.suppressions, { untrusted, ruleKind: (id) => ruleById(id)?.meta.kind });
      const findings = separated.findings.map((finding) => (target.removalStaged ? { ...finding, removalStaged: true as const } : finding));
      const { suppressed } = separated;
      this.reportGaps(key, report);
      this.logger.trace(`checked ${target.path} (v${version}) in ${Date.now() - started} ms: ${findings.length} finding(s), ${suppressed.length} suppressed`);
      this.store.set(document.uri, findings, version, suppressed);
    } catch (error) {
      this.logger.error(
        `could not check ${document.uri.scheme === 'file' ? vscode.workspace.asRelativePath(document.uri) : document.uri.path}: ${errorClass(error)}`,
      );
    }
  }

  /** Re-checks every open document (after settings, trust, ignore files or git state changed). */
  async checkOpenDocuments(): Promise<void> {
    await Promise.all(vscode.workspace.textDocuments.filter(isCheckedFromText).map((d) => this.check(d)));
  }

  /**
   * Brings one file's findings up to date wherever they come from: the editor buffer when the file is
   * open, otherwise the file on disk (after "Stop tracking", or when an edited document is closed).
   */
  async refresh(uri: vscode.Uri): Promise<void> {
    const open = checkedDocument(uri);
    if (open !== undefined) {
      await this.check(open);
      return;
    }
    await this.disk.refresh([uri]);
  }

  /** Logs a document's cut findings and failed rules once per change of them, not on every keystroke. */
  private reportGaps(key: string, report: FileScanReport): void {
    const summary = JSON.stringify([report.truncated ?? [], report.internalErrors ?? []]);
    if (this.loggedGaps.get(key) === summary) return;
    this.loggedGaps.set(key, summary);
    this.statusBar?.setRuleFailures(`document:${key}`, logScanGaps(this.logger, report));
  }

  private async closed(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.loggedGaps.delete(key);
    this.statusBar?.setRuleFailures(`document:${key}`, 0);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.delete(key);
    if (document.uri.scheme === 'untitled') {
      this.store.delete(document.uri);
      return;
    }
    // Closing may discard unsaved edits, so the findings now come from the file on disk.
    if (this.store.get(document.uri) !== undefined || document.isDirty) await this.disk.refresh([document.uri]);
  }

  private async target(document: vscode.TextDocument): Promise<Target | undefined> {
    if (document.uri.scheme === 'untitled') {
      // Never saved, so never committed. The name is all there is; rules that look at names see "Untitled-1".
      return { path: document.uri.path, committed: false, maxFileSize: Number.POSITIVE_INFINITY, suppressions: engine().NO_FILE_SUPPRESSIONS };
    }
    // Files outside every workspace folder are not part of any repository Keyward looks after
    // (think ~/.ssh/id_ed25519 opened for a moment): they are not checked.
    const state = this.folders.forUri(document.uri);
    const relPath = state?.relativePath(document.uri);
    if (state === undefined || relPath === undefined) return undefined;
    if (!(await state.isChecked(relPath))) return undefined;
    const [git, suppressions, workspace] = await Promise.all([state.gitState(), state.suppressions(), this.facts?.get(state.root)]);
    return {
      path: relPath,
      committed: engine().committedState(git, relPath),
      removalStaged: git.isRemovalStaged?.(relPath) === true,
      maxFileSize: state.config().maxFileSize,
      suppressions,
      ...(workspace ? { workspace } : {}),
    };
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.textScanner?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
