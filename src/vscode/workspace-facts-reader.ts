import * as vscode from 'vscode';
import type { Logger } from '../engine/types';
import type { WorkspaceFacts } from '../engine/facts/workspace-facts';
import { engine, errorClass } from './engine-loader';

/** Changes come in bursts (a checkout writes HEAD and several workflows): one re-read per burst. */
const REFRESH_DEBOUNCE_MS = 300;

/**
 * The WorkspaceFacts of each workspace folder (origin remote, default branch, signing workflows), read
 * once from files and cached until `.git/config`, `.git/HEAD`, `origin/HEAD` or a workflow changes on
 * disk. Reading files runs no program, so this works in Restricted Mode too. Fires `onDidChange` after a
 * refresh so that open documents can be re-checked: their identity fixes depend on the facts. The file
 * watcher starts with the first read (nothing is cached before it), which keeps the engine, where the
 * watched paths are defined, out of activation.
 */
export class WorkspaceFactsReader implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<WorkspaceFacts>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watching = false;
  private readonly disposables: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {
    this.disposables = [
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.cache.delete(folder.uri.fsPath);
      }),
    ];
  }

  /** The facts of the folder at `root` (a file-system path), read on first use. */
  get(root: string): Promise<WorkspaceFacts> {
    let facts = this.cache.get(root);
    if (facts === undefined) {
      this.watch();
      facts = engine()
        .readWorkspaceFacts(root, { logger: this.logger })
        .catch((error: unknown) => {
          this.logger.warn(`could not read workspace facts of ${root}: ${errorClass(error)}`);
          return {};
        });
      this.cache.set(root, facts);
    }
    return facts;
  }

  /** Starts watching the files the facts come from (once), before the first read so no change is missed. */
  private watch(): void {
    if (this.watching) return;
    const glob = `**/${engine().WORKSPACE_FACTS_GLOB}`;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    const onFile = (uri: vscode.Uri): void => this.fileChanged(uri);
    this.disposables.push(watcher, watcher.onDidCreate(onFile), watcher.onDidChange(onFile), watcher.onDidDelete(onFile));
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
