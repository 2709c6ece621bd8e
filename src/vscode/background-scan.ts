import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Logger, ScanResult } from '../engine/types';
import type { WorkspaceScanOptions } from '../engine/scan/workspace-options';
import { findBundledRipgrep } from './bundled-ripgrep';
import { engine, errorClass } from './engine-loader';
import type { DocumentChecker } from './document-checker';
import type { FindingsStore } from './findings-store';
import type { FolderState, FolderStates } from './folder-state';
import { formatMs, type KeysFirstRecord } from './metrics';
import { logScanGaps } from './scan-gaps';
import { publishScanResult } from './scan-results';
import type { KeywardStatusBar } from './status-bar';

/**
 * The workspace scan: every file-system workspace folder, in the background, with a cancellable progress
 * notification. A new scan cancels the one running. Results for documents open in an editor are left to
 * the document checker, whose view of the buffer is newer than the disk.
 */
export class BackgroundScan implements vscode.Disposable {
  private current: vscode.CancellationTokenSource | undefined;
  private firstScan: number | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: FolderStates,
    private readonly checker: DocumentChecker,
    private readonly statusBar: KeywardStatusBar,
    private readonly logger: Logger,
    /** The extension's private storage for this workspace (none without a workspace): holds the scan caches. */
    private readonly storage: vscode.Uri | undefined,
  ) {}

  /**
   * Scans all folders; resolves when done, cancelled by the user, or superseded by a newer scan.
   * `quiet` scans (after a settings or ignore-file change) show a status-bar spinner instead of a notification.
   */
  run(options: { readonly quiet?: boolean } = {}): Promise<void> {
    this.current?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.current = source;
    return Promise.resolve(
      vscode.window.withProgress(
        options.quiet === true
          ? { location: vscode.ProgressLocation.Window, title: 'Keyward' }
          : { location: vscode.ProgressLocation.Notification, title: 'Keyward', cancellable: true },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => source.cancel());
          const started = performance.now();
          this.firstScanStartedAt ??= started;
          this.statusBar.setScanning(true);
          try {
            const folders = this.folders.all();
            // Every folder's likely key files first (with ripgrep), so no folder's keys wait for another's full scan.
            for (const state of folders) {
              if (source.token.isCancellationRequested) break;
              state.invalidate();
              progress.report({ message: `Looking for private keys in ${state.folder.name}…` });
              await this.keysFirst(state, this.scanOptions(state, source.token), source.token);
            }
            for (const state of folders) {
              if (source.token.isCancellationRequested) break;
              progress.report({ message: `Scanning ${state.folder.name} for private keys…` });
              await this.scanFolder(state, source.token);
            }
            // Git state and filters were re-read for the scan; bring the open documents in line too.
            if (!source.token.isCancellationRequested) await this.checker.checkOpenDocuments();
            if (!source.token.isCancellationRequested) this.firstScan ??= performance.now() - started;
          } finally {
            onCancel.dispose();
            if (this.current === source) {
              this.current = undefined;
              this.statusBar.setScanning(false);
            }
            source.dispose();
          }
        },
      ),
    );
  }

  /** The last "keys first" phase that published its findings. */
  lastKeysFirst: KeysFirstRecord | undefined;

  /** When the first scan started (performance.now()). */
  firstScanStartedAt: number | undefined;

  /** The last folder scan: files scanned, and how many of them the incremental cache answered. */
  lastScan: { readonly files: number; readonly fromCache: number } | undefined;

  /** How long the first scan that ran to the end took (all folders and the open documents), once there was one. */
  get firstScanMs(): number | undefined {
    return this.firstScan;
  }

  /** What a scan of `state`'s folder is asked for, by the keys-first phase and by the full scan alike. */
  private scanOptions(state: FolderState, token: vscode.CancellationToken): WorkspaceScanOptions {
    const config = state.config();
    return {
      root: state.root,
      exclude: [...config.exclude],
      maxFileSize: config.maxFileSize,
      useGitignore: true,
      trusted: vscode.workspace.isTrusted,
      watchman: config.useWatchman,
      // A folder removed from the workspace mid-scan stops its own scan (ripgrep, discovery, workers), not the others'.
      cancellation: {
        get isCancellationRequested() {
          return token.isCancellationRequested || !isOpen(state);
        },
      },
      logger: this.logger,
      // Always on worker threads: one hostile file must not hold up the extension host, however small the workspace.
      offMainThread: true,
      // The editor's own ripgrep names the files worth reading (same findings; fewer files read).
      ...(editorRipgrep() !== undefined ? { ripgrep: { bundled: editorRipgrep()! } } : {}),
      // Keys show up as they are found; the complete result then replaces the folder's findings.
      onFindings: (findings) => {
        if (this.current?.token === token && isOpen(state)) publishScanResult(this.store, state, { findings, skipped: [], filesScanned: 0, cancelled: true });
      },
    };
  }

  private async scanFolder(state: FolderState, token: vscode.CancellationToken): Promise<void> {
    state.invalidate();
    const started = Date.now();
    let result: ScanResult;
    try {
      const cache = this.storage ? { cacheFile: scanCacheFile(this.storage, state.root) } : {};
      result = await engine().scanWorkspace({ ...this.scanOptions(state, token), ...cache });
    } catch (error) {
      this.logger.error(`scan of ${state.folder.name} failed: ${errorClass(error)}`);
      void vscode.window.showErrorMessage(`Keyward could not scan ${state.folder.name}. See "Keyward: Show Output" for details.`);
      return;
    }
    const elapsed = Date.now() - started;
    if (token.isCancellationRequested && this.current?.token !== token) {
      // Superseded by a newer scan: its results replace these.
      this.logger.debug(`scan of ${state.folder.name} superseded after ${elapsed} ms`);
      return;
    }
    if (!isOpen(state)) {
      this.logger.debug(`scan of ${state.folder.name} stopped after ${elapsed} ms: the folder was removed from the workspace`);
      return;
    }
    this.lastScan = { files: result.filesScanned, fromCache: result.fromCache ?? 0 };
    this.logger.info(
      `${result.cancelled ? 'cancelled scan' : 'scanned'} ${state.folder.name}: ${result.filesScanned} file(s) in ${elapsed} ms` +
        `${result.fromCache === undefined ? '' : ` (${result.fromCache} unchanged since the last scan)`}, ` +
        `${result.findings.length} finding(s), ${result.suppressed?.length ?? 0} suppressed, ${result.excludedPaths ?? 0} path(s) excluded by settings, ${result.skipped.length} skipped`,
    );
    for (const skipped of result.skipped) {
      this.logger.debug(`skipped ${skipped.path}: ${skipped.reason}${skipped.detail === undefined ? '' : ` (${skipped.detail})`}`);
    }
    this.statusBar.setRuleFailures(`scan:${state.root}`, logScanGaps(this.logger, result));
    publishScanResult(this.store, state, result);
    if (!result.cancelled) this.statusBar.setExcluded(state.folder.uri, result.excludedPaths ?? 0);
  }

  /**
   * With ripgrep, the files that can hold a key are scanned before the rest (engine scanKeysFirst), so a
   * key in a large workspace shows within a second instead of when the full scan reaches it. What it
   * reports is what the full scan reports for those files; it only adds (never clears) findings, and the
   * full scan's result replaces them. A failure here only costs the head start.
   */
  private async keysFirst(state: FolderState, options: WorkspaceScanOptions, token: vscode.CancellationToken): Promise<void> {
    if (options.ripgrep === undefined) return;
    const startedAt = performance.now();
    let namedAt = startedAt;
    let listedAt = startedAt;
    try {
      const early = await engine().scanKeysFirst(options, (stage) => {
        if (stage === 'named') namedAt = performance.now();
        else listedAt = performance.now();
      });
      if (early === undefined || this.current?.token !== token || !isOpen(state)) return;
      publishScanResult(this.store, state, early);
      const endedAt = performance.now();
      const fingerprints = (findings: readonly Finding[] | undefined) => (findings ?? []).map((finding) => finding.fingerprint);
      this.lastKeysFirst = {
        startedAt,
        namedAt,
        listedAt,
        endedAt,
        files: early.filesScanned,
        findings: fingerprints(early.findings),
        suppressed: fingerprints(early.suppressed),
      };
      this.logger.info(
        `keys first in ${state.folder.name}: ${early.filesScanned} candidate file(s) scanned, ${early.findings.length} finding(s); ` +
          `key-named files listed after ${formatMs(namedAt - startedAt)}, the others after ${formatMs(listedAt - startedAt)}, done after ${formatMs(endedAt - startedAt)}`,
      );
    } catch (error) {
      this.logger.warn(`early key scan of ${state.folder.name} failed (${errorClass(error)}): the full scan follows`);
    }
  }

  dispose(): void {
    this.current?.cancel();
  }
}

/**
 * One incremental-scan cache per folder, in the extension's private storage: never in the workspace, whose
 * content must not decide what is reported (see engine/scan/cache.ts).
 */
function scanCacheFile(storage: vscode.Uri, root: string): string {
  return path.join(storage.fsPath, `scan-cache-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);
}

/** Whether the folder is still in the workspace: a removed folder's findings are gone and must not come back. */
function isOpen(state: FolderState): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.toString() === state.folder.uri.toString());
}

let bundledRipgrep: { readonly path: string | undefined } | undefined;

/** The editor's ripgrep, looked up once per session. */
function editorRipgrep(): string | undefined {
  bundledRipgrep ??= { path: findBundledRipgrep(vscode.env.appRoot) };
  return bundledRipgrep.path;
}
