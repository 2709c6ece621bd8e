import * as vscode from 'vscode';
import { errorClass } from '../engine/scanner';
import type { Logger } from '../engine/types';
import type { WorkspaceFacts } from '../engine/workspace-facts';
import { readWorkspaceFacts, WORKSPACE_FACTS_GLOB } from '../engine/workspace-facts-files';

/** Changes come in bursts (a checkout writes HEAD and several workflows): one re-read per burst. */
const REFRESH_DEBOUNCE_MS = 300;

/**
 * The WorkspaceFacts of each workspace folder (origin remote, default branch, signing workflows), read
 * once from files and cached until `.git/config`, `.git/HEAD`, `origin/HEAD` or a workflow changes on
 * disk. Reading files runs no program, so this works in Restricted Mode too. Fires `onDidChange` after a
 * refresh so that open documents can be re-checked: their identity fixes depend on the facts.
 */
export class WorkspaceFactsReader implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<WorkspaceFacts>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_FACTS_GLOB}`);
  private readonly disposables: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {
    const onFile = (uri: vscode.Uri): void => this.fileChanged(uri);
    this.disposables = [
      this.watcher,
      this.watcher.onDidCreate(onFile),
      this.watcher.onDidChange(onFile),
      this.watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.cache.delete(folder.uri.fsPath);
      }),
    ];
  }

  /** The facts of the folder at `root` (a file-system path), read on first use. */
  get(root: string): Promise<WorkspaceFacts> {
    let facts = this.cache.get(root);
    if (facts === undefined) {
      facts = readWorkspaceFacts(root, { logger: this.logger }).catch((error: unknown) => {
        this.logger.warn(`could not read workspace facts of ${root}: ${errorClass(error)}`);
        return {};
      });
      this.cache.set(root, facts);
    }
    return facts;
  }

  private fileChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder === undefined || folder.uri.scheme !== 'file') return;
    // Only the folder's own .git and .github count, not those of nested checkouts.
    const relative = vscode.workspace.asRelativePath(uri, false);
    if (!/^(?:\.git\/(?:config|HEAD|refs\/remotes\/origin\/HEAD)|\.github\/workflows\/[^/]+\.ya?ml)$/.test(relative)) return;
    this.cache.delete(folder.uri.fsPath);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.logger.debug(`${relative} changed: workspace facts of ${folder.name} re-read on next use`);
      this.changed.fire();
    }, REFRESH_DEBOUNCE_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
