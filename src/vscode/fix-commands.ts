import * as vscode from 'vscode';
import type { Finding, Logger } from '../engine/types';
import { escapeForDisplay } from '../engine/text/display-escape';
import type { FindingRef } from './code-actions';
import type { RuleDocs } from './rule-docs';
import type { DocumentChecker } from './document-checker';
import { engine, errorClass } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderStates } from './folder-state';
import { addEngineEdits, currentText } from './ignore-files';
import { notificationText } from './notification-text';

export interface FixCommandDeps {
  readonly store: FindingsStore;
  readonly folders: FolderStates;
  readonly checker: DocumentChecker;
  readonly logger: Logger;
  readonly extensionUri: vscode.Uri;
  readonly docs: RuleDocs;
}

const STALE = 'The file changed since Keyward checked it. Wait for the diagnostics to update and try the fix again.';
const MAX_REASON_LENGTH = 200;

/** The commands behind the quick fixes that need a question, a process or a document outside the editor. */
export function registerFixCommands(deps: FixCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('keyward.openRotationGuide', () => openRotationGuide(deps.extensionUri)),
    vscode.commands.registerCommand('keyward.showRuleDocs', (ruleId: unknown) => (typeof ruleId === 'string' ? deps.docs.show(ruleId) : undefined)),
    vscode.commands.registerCommand('keyward.stopTracking', (uri: unknown) =>
      typeof uri === 'string' ? stopTracking(deps, vscode.Uri.parse(uri)) : undefined,
    ),
    vscode.commands.registerCommand('keyward.ignoreFinding', (ref: unknown) => (isFindingRef(ref) ? ignoreFinding(deps, ref) : undefined)),
    vscode.commands.registerCommand('keyward.applyFix', (ref: unknown, index: unknown) =>
      isFindingRef(ref) && typeof index === 'number' ? applyEngineFix(deps, ref, index) : undefined,
    ),
  );
}

/** docs/rotation-guide.md ships inside the extension, so the guide works offline and matches this version. */
async function openRotationGuide(extensionUri: vscode.Uri): Promise<void> {
  const guide = vscode.Uri.joinPath(extensionUri, 'docs', 'rotation-guide.md');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', guide);
  } catch {
    // The built-in Markdown extension can be disabled: fall back to the source.
    await vscode.window.showTextDocument(guide, { preview: true });
  }
}

/** `git rm --cached` after a modal confirmation. The file stays on disk; its history does not go away. */
async function stopTracking(deps: FixCommandDeps, uri: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Keyward runs git only in a trusted workspace. Trust this workspace to stop tracking the file from here.');
    return;
  }
  const state = deps.folders.forUri(uri);
  const relPath = state?.relativePath(uri);
  if (state === undefined || relPath === undefined) return;
  const confirm = 'Stop Tracking';
  const choice = await vscode.window.showWarningMessage(
    `Stop tracking ${relPath}?`,
    {
      modal: true,
      detail:
        `Keyward will run "git rm --cached -- ${relPath}". The file stays on disk; git stops tracking it and stages its removal for your next commit.\n\n` +
        'The key is still in the repository history, so anyone with a clone has it: rotate the key as well.',
    },
    confirm,
  );
  if (choice !== confirm) return;
  try {
    await engine().untrackFile(state.root, relPath, { trusted: vscode.workspace.isTrusted });
  } catch (error) {
    deps.logger.error(`git rm --cached ${relPath} failed: ${errorClass(error)}`);
    const reason = error instanceof Error ? error.message : 'git failed';
    void vscode.window.showErrorMessage(`Could not stop tracking ${escapeForDisplay(relPath)}: ${escapeForDisplay(reason)}`);
    return;
  }
  deps.logger.info(`stopped tracking ${relPath}`);
  state.invalidateGit();
  await deps.checker.refresh(uri);
  const guide = 'Open Rotation Guide';
  const next = await vscode.window.showInformationMessage(
    `${relPath} is no longer tracked. Commit the change, add the file to .gitignore, and rotate the key: it is still in the history.`,
    guide,
  );
  if (next === guide) await openRotationGuide(deps.extensionUri);
}

/**
 * Suppresses one finding with a reason: an inline `keyward-ignore` comment where the file format has
 * comments, else an entry in the folder's .keywardignore. Applied as a WorkspaceEdit, so it can be undone.
 */
async function ignoreFinding(deps: FixCommandDeps, ref: FindingRef): Promise<void> {
  const current = (): CurrentFinding | undefined => resolveFinding(deps.store, ref);
  const before = current();
  if (before === undefined) {
    void vscode.window.showWarningMessage(STALE);
    return;
  }
  const reason = await vscode.window.showInputBox({
    title: `Ignore ${before.finding.ruleId}`,
    prompt: 'Why is this finding safe to ignore? The reason is saved next to the suppression for reviewers.',
    placeHolder: 'for example: throwaway key generated for a unit test, never used to sign',
    ignoreFocusOut: true,
    validateInput: validateReason,
  });
  if (reason === undefined) return;
  // The input box may have stayed open while the document changed: re-validate before editing.
  const now = current();
  if (now === undefined) {
    void vscode.window.showWarningMessage(STALE);
    return;
  }
  const edit = await ignoreEdit(deps, now.document, now.finding, reason.trim());
  if (edit === undefined) return;
  // As a refactoring, VS Code saves .keywardignore when `files.refactoring.autoSave` is on (the default),
  // so the entry takes effect at once; with it off, the entry applies when the user saves.
  if (!(await vscode.workspace.applyEdit(edit.edit, { isRefactoring: true }))) {
    void vscode.window.showErrorMessage(`Keyward could not write the suppression to ${escapeForDisplay(edit.target)}.`);
    return;
  }
  deps.logger.info(`ignored ${now.finding.ruleId} in ${now.finding.path} via ${edit.target}`);
}

interface CurrentFinding {
  readonly document: vscode.TextDocument;
  readonly finding: Finding;
}

/** The finding a fix was offered for, if the document is still at the version the finding was computed on. */
function resolveFinding(store: FindingsStore, ref: FindingRef): CurrentFinding | undefined {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === ref.uri);
  if (document === undefined || document.version !== ref.version) return undefined;
  const finding = store.find(document.uri, ref.version, ref.fingerprint, ref.start);
  return finding === undefined ? undefined : { document, finding };
}

/**
 * Applies one of the engine's fixes for a finding: an undoable edit. A fix that pins a signer identity
 * decides whom verification trusts, so its edits need confirmation: VS Code shows the refactor preview
 * (with them unticked) before applying, and a preview applied with nothing ticked is reported.
 */
async function applyEngineFix(deps: FixCommandDeps, ref: FindingRef, index: number): Promise<void> {
  const current = resolveFinding(deps.store, ref);
  const fix = current?.finding.fixes?.[index];
  if (current === undefined || fix === undefined) {
    void vscode.window.showWarningMessage(STALE);
    return;
  }
  const { document } = current;
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = {
    needsConfirmation: fix.pinsIdentity === true,
    label: fix.title,
    ...(fix.note === undefined ? {} : { description: fix.note }),
  };
  for (const change of fix.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.range.start), document.positionAt(change.range.end)), change.newText, metadata);
  }
  const version = document.version;
  if (!(await vscode.workspace.applyEdit(edit))) return; // declined in the preview, or the document changed
  if (document.version === version) {
    void vscode.window.showInformationMessage(`Keyward: "${notificationText(fix.title)}" was not applied: nothing was ticked in the preview.`);
    return;
  }
  deps.logger.info(`applied "${fix.title}" to ${current.finding.path}`);
  if (fix.note !== undefined) void vscode.window.showInformationMessage(notificationText(fix.note));
}

interface IgnoreEdit {
  readonly edit: vscode.WorkspaceEdit;
  /** Human-readable name of the file written. */
  readonly target: string;
}

async function ignoreEdit(deps: FixCommandDeps, document: vscode.TextDocument, finding: Finding, reason: string): Promise<IgnoreEdit | undefined> {
  const { inlineIgnoreEdit, KEYWARDIGNORE_FILE, keywardIgnoreEdits } = engine();
  const inline = inlineIgnoreEdit(document.getText(), finding, reason);
  if (inline !== undefined) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(inline.range.start), document.positionAt(inline.range.end)), inline.newText);
    return { edit, target: vscode.workspace.asRelativePath(document.uri) };
  }
  const state = deps.folders.forUri(document.uri);
  if (state === undefined) {
    void vscode.window.showWarningMessage(
      `${finding.ruleId} cannot be ignored here: this file format has no comments and the file is not in a workspace folder, so there is no ${KEYWARDIGNORE_FILE} for it.`,
    );
    return undefined;
  }
  const ignoreFile = vscode.Uri.joinPath(state.folder.uri, KEYWARDIGNORE_FILE);
  const text = await currentText(ignoreFile);
  const edits = keywardIgnoreEdits(text, finding, reason);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(`${finding.ruleId} in ${escapeForDisplay(finding.path)} is already listed in ${KEYWARDIGNORE_FILE}.`);
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  addEngineEdits(edit, ignoreFile, text, edits);
  return { edit, target: KEYWARDIGNORE_FILE };
}

function validateReason(value: string): string | undefined {
  const reason = value.trim();
  if (reason.length === 0) return 'A reason is required, so that reviewers know why this key is safe to ignore.';
  if (reason.length > MAX_REASON_LENGTH) return `Keep the reason under ${MAX_REASON_LENGTH} characters.`;
  return undefined;
}

function isFindingRef(value: unknown): value is FindingRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  return (
    typeof ref['uri'] === 'string' &&
    (typeof ref['version'] === 'number' || ref['version'] === undefined) &&
    typeof ref['fingerprint'] === 'string' &&
    typeof ref['start'] === 'number'
  );
}
