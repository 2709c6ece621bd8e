import * as vscode from 'vscode';
import type { Fix, Logger } from '../engine/types';
import type { DocumentChecker } from './document-checker';
import { engine, errorClass } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderStates } from './folder-state';
import type { WorkspaceFactsReader } from './workspace-facts-reader';
import { notificationText } from './notification-text';

export interface MigrateDeps {
  readonly store: FindingsStore;
  readonly folders: FolderStates;
  readonly checker: DocumentChecker;
  readonly facts: WorkspaceFactsReader;
  readonly logger: Logger;
}

/** "Keyward: Migrate Workspace to Keyless Signing". */
export function registerMigrateWorkspace(deps: MigrateDeps): vscode.Disposable {
  return vscode.commands.registerCommand('keyward.migrateWorkspace', () => migrateWorkspace(deps));
}

interface FileMigration {
  readonly document: vscode.TextDocument;
  /** The document version the fixes were computed on. */
  readonly version: number;
  readonly path: string;
  readonly fixes: readonly Fix[];
}

/**
 * Collects every keyless-migration fix of the workspace (the rules in MIGRATION_RULE_IDS) into ONE
 * WorkspaceEdit, undone as one step. Edits that pin a signer identity need confirmation, so VS Code opens
 * the refactor preview with those unticked and the mechanical ones (keyless commands, token permissions)
 * ticked; without any, the edit applies at once. Afterwards the fixes' notes say what the edit cannot do
 * (delete the key secrets, grant the OIDC token), or that nothing was applied. Resolves true when applied.
 */
async function migrateWorkspace(deps: MigrateDeps): Promise<boolean> {
  const folders = deps.folders.all();
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Keyward: open a folder to migrate it to keyless signing.');
    return false;
  }
  const migrations = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Keyward: looking for key-based signing and verification…', cancellable: true },
    (_progress, token) => collect(deps, token),
  );
  if (migrations === undefined) return false; // cancelled
  if (migrations.length === 0) {
    void vscode.window.showInformationMessage('Keyward found nothing to migrate: no key-based cosign signing or verification with an automatic keyless fix.');
    return false;
  }
  // Offsets are only valid for the text they were computed on.
  if (migrations.some((m) => m.document.isClosed || m.document.version !== m.version)) {
    void vscode.window.showWarningMessage('Files changed while Keyward prepared the migration. Run "Keyward: Migrate Workspace to Keyless Signing" again.');
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const { document, path, fixes } of migrations) {
    for (const fix of fixes) {
      // The preview groups entries by label: one group per kind of change, the file as description.
      const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: fix.pinsIdentity === true, label: fix.title, description: path };
      for (const change of fix.edits) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(change.range.start), document.positionAt(change.range.end)), change.newText, metadata);
      }
    }
  }
  const count = migrations.reduce((sum, m) => sum + m.fixes.length, 0);
  deps.logger.info(`migration: ${count} change(s) in ${migrations.length} file(s) proposed: ${migrations.map((m) => m.path).join(', ')}`);
  // The versions were checked in collect(); applyEdit rejects the edit if a document changed since.
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
    deps.logger.info('migration: not applied (declined in the preview, or a file changed)');
    return false;
  }
  const changed = migrations.filter((m) => m.document.version !== m.version);
  if (changed.length === 0) {
    deps.logger.info('migration: applied with nothing ticked in the preview: no file changed');
    void vscode.window.showInformationMessage(
      'Keyward changed nothing: no change was ticked in the preview. Run "Keyward: Migrate Workspace to Keyless Signing" again and tick the changes to apply.',
    );
    return false;
  }
  deps.logger.info(`migration: applied to ${changed.length} of ${migrations.length} file(s): ${changed.map((m) => m.path).join(', ')}`);
  const notes = [...new Set(changed.flatMap((m) => m.fixes.flatMap((fix) => (fix.note === undefined ? [] : [`${m.path}: ${fix.note}`]))))];
  for (const note of notes) deps.logger.info(`migration note: ${note}`);
  const showOutput = 'Show All Notes';
  const summary = `Keyward migrated ${changed.length} file(s) to keyless signing (undo restores them).`;
  void vscode.window
    .showInformationMessage(notes.length === 0 ? summary : notificationText(`${summary} Next: ${notes.join(' ')}`), ...(notes.length === 0 ? [] : [showOutput]))
    .then((choice) => (choice === showOutput ? vscode.commands.executeCommand('keyward.showOutput') : undefined));
  return true;
}

/**
 * The migration fixes per file, computed on the text the editor holds: files with candidate findings are
 * found by a workspace scan from disk, then opened (not shown) and checked from their document, so an
 * unsaved edit is respected and every edit is tied to a document version.
 */
async function collect(deps: MigrateDeps, token: vscode.CancellationToken): Promise<FileMigration[] | undefined> {
  const { scanWorkspace, migrationFixesOf, MIGRATION_RULE_IDS } = engine();
  const candidates: vscode.Uri[] = [];
  const cancellation = {
    get isCancellationRequested() {
      return token.isCancellationRequested;
    },
  };
  for (const state of deps.folders.all()) {
    const config = state.config();
    try {
      const result = await scanWorkspace({
        root: state.root,
        exclude: [...config.exclude],
        maxFileSize: config.maxFileSize,
        useGitignore: true,
        trusted: vscode.workspace.isTrusted,
        cancellation,
        logger: deps.logger,
        offMainThread: true,
        workspace: await deps.facts.get(state.root),
      });
      const paths = new Set(result.findings.filter((f) => MIGRATION_RULE_IDS.has(f.ruleId) && (f.fixes?.length ?? 0) > 0).map((f) => f.path));
      for (const path of paths) candidates.push(vscode.Uri.joinPath(state.folder.uri, ...path.split('/')));
    } catch (error) {
      deps.logger.error(`migration: scan of ${state.folder.name} failed: ${errorClass(error)}`);
    }
    if (token.isCancellationRequested) return undefined;
  }
  const migrations: FileMigration[] = [];
  for (const uri of candidates) {
    const document = await vscode.workspace.openTextDocument(uri);
    await deps.checker.check(document);
    const entry = deps.store.get(uri);
    if (entry === undefined || entry.version !== document.version) continue;
    const fixes = migrationFixesOf(entry.findings);
    if (fixes.length > 0) migrations.push({ document, version: document.version, path: vscode.workspace.asRelativePath(uri), fixes });
    if (token.isCancellationRequested) return undefined;
  }
  return migrations;
}
