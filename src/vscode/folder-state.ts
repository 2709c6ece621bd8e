import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitState } from '../engine/process/git';
import type { FileSuppressions } from '../engine/findings/suppress';
import type { Logger } from '../engine/types';
import { readConfig, type KeywardConfig } from './config';
import { engine, errorClass } from './engine-loader';

export type PathFilter = (relPath: string) => boolean;

/**
 * What Keyward knows about one workspace folder and reuses between document checks: the path filter
 * (`.gitignore` + excludes), git's tracked-file state and the `.keywardignore` suppressions. Each is loaded
 * lazily and dropped when what it depends on changes (settings, trust, ignore files, a save, "Stop tracking").
 */
export class FolderState {
  private filter: Promise<PathFilter> | undefined;
  private git: Promise<GitState> | undefined;
  private ignored: Promise<FileSuppressions> | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly logger: Logger,
  ) {}

  get root(): string {
    return this.folder.uri.fsPath;
  }

  config(): KeywardConfig {
    return readConfig(this.folder, vscode.workspace.isTrusted);
  }

  /** The folder-relative path of `uri` with `/` separators, or undefined when it is outside the folder. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const relative = path.relative(this.root, uri.fsPath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }

  /**
   * The engine's path filter, given git's state so that a tracked file stays checked even when a
   * `.gitignore` entry matches it (ignoring a committed key does not remove it from the repository).
   */
  pathFilter(): Promise<PathFilter> {
    this.filter ??= this.gitState()
      .then((git) => engine().createPathFilter(this.root, { exclude: this.config().exclude, useGitignore: true, git }))
      .catch((error: unknown) => {
        // Without a filter, check everything: a broken .gitignore must not hide a key.
        this.logger.warn(`could not read ignore files in ${this.folder.name}: ${errorClass(error)}; checking every file`);
        return () => true;
      });
    return this.filter;
  }

  gitState(): Promise<GitState> {
    const { readGitState, UNKNOWN_GIT_STATE } = engine();
    this.git ??= readGitState(this.root, { trusted: vscode.workspace.isTrusted, logger: this.logger }).catch((error: unknown) => {
      this.logger.warn(`could not read git state of ${this.folder.name}: ${errorClass(error)}`);
      return UNKNOWN_GIT_STATE;
    });
    return this.git;
  }

  /**
   * Whether a file is checked at all: the same path filter the workspace scan and the CLI use, so the
   * editor and `keyward scan` report the same findings.
   */
  async isChecked(relPath: string): Promise<boolean> {
    return (await this.pathFilter())(relPath);
  }

  /**
   * The folder's `.keywardignore` as the scanner applies it, read from disk like the CLI does (an unsaved
   * edit takes effect when saved). Entries without a reason are not applied; the engine logs which.
   */
  suppressions(): Promise<FileSuppressions> {
    const { loadKeywardIgnore, NO_FILE_SUPPRESSIONS } = engine();
    this.ignored ??= loadKeywardIgnore(this.root, { logger: this.logger }).then(
      (loaded) => loaded.suppressions,
      (error: unknown) => {
        this.logger.warn(`could not read .keywardignore in ${this.folder.name}: ${errorClass(error)}`);
        return NO_FILE_SUPPRESSIONS;
      },
    );
    return this.ignored;
  }

  /** Forgets everything read from disk and git (before a scan, after trust or settings changed). */
  invalidate(): void {
    this.filter = undefined;
    this.git = undefined;
    this.ignored = undefined;
  }

  /** Also drops the path filter, which was built with the old git state. */
  invalidateGit(): void {
    this.git = undefined;
    this.filter = undefined;
  }
}

/** One FolderState per workspace folder, following folder additions and removals. */
export class FolderStates implements vscode.Disposable {
  private readonly states = new Map<string, FolderState>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly logger: Logger) {
    this.subscription = vscode.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const folder of event.removed) this.states.delete(folder.uri.toString());
    });
  }

  /** The state of the workspace folder holding `uri` (file scheme only). */
  forUri(uri: vscode.Uri): FolderState | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder === undefined ? undefined : this.forFolder(folder);
  }

  forFolder(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.states.get(key);
    if (state === undefined) {
      state = new FolderState(folder, this.logger);
      this.states.set(key, state);
    }
    return state;
  }

  /** Every file-system workspace folder, in workspace order. */
  all(): FolderState[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => this.forFolder(folder));
  }

  invalidateAll(): void {
    for (const state of this.states.values()) state.invalidate();
  }

  dispose(): void {
    this.subscription.dispose();
    this.states.clear();
  }
}
