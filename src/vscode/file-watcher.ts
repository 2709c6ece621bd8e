import * as vscode from 'vscode';
import type { Logger } from '../engine/types';
import type { BackgroundScan } from './background-scan';
import type { DiskRefresh } from './disk-refresh';
import type { DocumentChecker } from './document-checker';
import { checkedDocument } from './checked-documents';
import { engine, errorClass } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderState, FolderStates } from './folder-state';

/** Events are collected this long, so a checkout or `npm install` becomes one batch. */
const BATCH_MS = 400;
/** A batch this large is cheaper to handle as one full re-scan than path by path. */
const FULL_SCAN_THRESHOLD = 500;
const IGNORE_FILES = new Set(['.gitignore', '.keywardignore']);

/**
 * Follows the disk outside the editor: a key written by `cosign generate-key-pair` in a terminal, a
 * checkout, a deletion, a commit. Changes to documents open in an editor are left to the document checker.
 *
 * - created/changed files are re-scanned from disk, in batches;
 * - deleted files and folders lose their findings;
 * - a changed `.gitignore` or `.keywardignore` means a quiet full re-scan (what is reported changes anywhere);
 * - a changed `.git/index` (a commit, `git add`, `git rm --cached`) re-reads git's state and re-checks the
 *   files whose committed/not-committed state changed.
 */
export class FileWatcher implements vscode.Disposable {
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');
  private readonly disposables: vscode.Disposable[];
  private pending = new Map<string, vscode.Uri>();
  private fullScan = false;
  private readonly gitIndexChanged = new Set<FolderState>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: FolderStates,
    private readonly checker: DocumentChecker,
    private readonly disk: DiskRefresh,
    private readonly scan: BackgroundScan,
    private readonly logger: Logger,
  ) {
    this.disposables = [
      this.watcher,
      this.watcher.onDidCreate((uri) => this.changed(uri)),
      this.watcher.onDidChange((uri) => this.changed(uri)),
      this.watcher.onDidDelete((uri) => this.deleted(uri)),
    ];
  }

  private changed(uri: vscode.Uri): void {
    const state = this.folders.forUri(uri);
    const relPath = state?.relativePath(uri);
    if (state === undefined || relPath === undefined) return;
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (relPath === '.git/index') this.gitIndexChanged.add(state);
    else if (relPath === '.git' || relPath.startsWith('.git/')) return;
    else if (IGNORE_FILES.has(name)) this.fullScan = true;
    else if (checkedDocument(uri) === undefined) this.pending.set(uri.toString(), uri);
    this.schedule();
  }

  private deleted(uri: vscode.Uri): void {
    if (IGNORE_FILES.has(uri.path.slice(uri.path.lastIndexOf('/') + 1))) {
      this.fullScan = true;
      this.schedule();
    }
    // An open document with unsaved edits keeps its findings: that text still exists, in the editor.
    const prefix = `${uri.toString()}/`;
    this.store.deleteWhere((entry) => {
      const key = entry.uri.toString();
      return (key === uri.toString() || key.startsWith(prefix)) && checkedDocument(entry.uri)?.isDirty !== true;
    });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), BATCH_MS);
  }

  private async flush(): Promise<void> {
    const uris = [...this.pending.values()];
    const gitChanged = [...this.gitIndexChanged];
    const fullScan = this.fullScan || uris.length > FULL_SCAN_THRESHOLD;
    this.pending = new Map();
    this.gitIndexChanged.clear();
    this.fullScan = false;
    try {
      if (fullScan) {
        this.logger.debug(`files changed on disk: re-scanning the workspace`);
        await this.scan.run({ quiet: true });
        return;
      }
      if (uris.length > 0) {
        this.logger.debug(`${uris.length} file(s) changed on disk: re-checking them`);
        await this.disk.refresh(uris);
      }
      for (const state of gitChanged) await this.recheckCommittedState(state);
    } catch (error) {
      this.logger.error(`could not follow changes on disk: ${errorClass(error)}`);
    }
  }

  /** Re-checks the files whose findings say "committed" (or "removal staged") differently from what git says now. */
  private async recheckCommittedState(state: FolderState): Promise<void> {
    state.invalidateGit();
    const git = await state.gitState();
    const stale = [...this.store.all()].filter((entry) => {
      const relPath = state.relativePath(entry.uri);
      const removalStaged = relPath !== undefined && git.isRemovalStaged?.(relPath) === true;
      return (
        relPath !== undefined &&
        entry.findings.some((finding) => finding.committed !== engine().committedState(git, relPath) || (finding.removalStaged === true) !== removalStaged)
      );
    });
    if (stale.length === 0) return;
    this.logger.debug(`git index changed: ${stale.length} file(s) changed committed state`);
    await Promise.all(stale.map((entry) => this.checker.refresh(entry.uri)));
  }

  dispose(): void {
    clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
