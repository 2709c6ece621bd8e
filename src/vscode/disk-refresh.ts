import * as vscode from 'vscode';
import type { Logger } from '../engine/types';
import { engine, errorClass } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderStates } from './folder-state';
import { logScanGaps } from './scan-gaps';
import { publishScanResult } from './scan-results';
import type { KeywardStatusBar } from './status-bar';

/**
 * Re-scans a few files (or folders) from disk: files created or changed outside the editor, a document
 * closed with unsaved edits, a file just untracked. One engine scan per workspace folder, limited to the
 * given paths, so git's state is read once per batch and the results match the CLI's.
 */
export class DiskRefresh {
  constructor(
    private readonly store: FindingsStore,
    private readonly folders: FolderStates,
    private readonly logger: Logger,
    private readonly statusBar?: KeywardStatusBar,
  ) {}

  async refresh(uris: readonly vscode.Uri[]): Promise<void> {
    const byFolder = new Map<string, { state: NonNullable<ReturnType<FolderStates['forUri']>>; paths: Set<string> }>();
    for (const uri of uris) {
      const state = this.folders.forUri(uri);
      const relPath = state?.relativePath(uri);
      if (state === undefined || relPath === undefined) {
        this.store.delete(uri);
        continue;
      }
      const key = state.folder.uri.toString();
      const group = byFolder.get(key) ?? { state, paths: new Set<string>() };
      group.paths.add(relPath);
      byFolder.set(key, group);
    }
    for (const { state, paths } of byFolder.values()) {
      const config = state.config();
      const scope = [...paths];
      try {
        const result = await engine().scanWorkspace({
          root: state.root,
          paths: scope,
          exclude: config.exclude,
          maxFileSize: config.maxFileSize,
          useGitignore: true,
          trusted: vscode.workspace.isTrusted,
          logger: this.logger,
          // On a worker thread even for one file: a hostile file must not hold up the extension host.
          offMainThread: true,
          jobs: 1,
        });
        this.statusBar?.setRuleFailures(`refresh:${state.root}`, logScanGaps(this.logger, result));
        publishScanResult(this.store, state, result, scope);
      } catch (error) {
        this.logger.error(`could not re-check ${scope.length} path(s) in ${state.folder.name}: ${errorClass(error)}`);
      }
    }
  }
}
