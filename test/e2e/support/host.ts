// Helpers for tests that run inside the extension host. They wait for events or conditions with a
// deadline and say what they saw when the deadline passes; no test sleeps for a fixed time.
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';

export const EXTENSION_ID = 'keyward.keyward';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

export function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `condition` until it returns a value other than undefined. For state that has no change event
 * (extension activation, files written by another process); the interval only bounds the reaction time.
 */
export async function waitFor<T>(condition: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `[${d.source ?? '-'} ${codeValue(d) ?? '-'} ${vscode.DiagnosticSeverity[d.severity]} line ${d.range.start.line}]`).join(' ');
}

export function codeValue(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Resolves with the diagnostics of `uri` once `accept` returns true for them: checks the current state,
 * then every `onDidChangeDiagnostics` event for that URI.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs: number,
  what: string,
): Promise<readonly vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (accept(current)) return current;
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<readonly vscode.Diagnostic[]>((resolve) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (accept(diagnostics)) resolve(diagnostics);
    });
  });
  try {
    return await withTimeout(changed, timeoutMs, what);
  } catch (error) {
    const seen = describeDiagnostics(vscode.languages.getDiagnostics(uri));
    throw new Error(`${(error as Error).message}; diagnostics of ${vscode.workspace.asRelativePath(uri)} now: ${seen}`);
  } finally {
    subscription?.dispose();
  }
}

export function keywardDiagnostics(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source === 'keyward');
}

/** All keyward diagnostics in the workspace, by URI. */
export function allKeywardDiagnostics(): Array<[vscode.Uri, vscode.Diagnostic[]]> {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, diagnostics]): [vscode.Uri, vscode.Diagnostic[]] => [uri, keywardDiagnostics(diagnostics)])
    .filter(([, diagnostics]) => diagnostics.length > 0);
}

/** Waits until Keyward is active on its own (activation events), without calling activate() for it. */
export async function waitForKeywardActive(timeoutMs: number): Promise<vscode.Extension<KeywardApi>> {
  const extension = vscode.extensions.getExtension<KeywardApi>(EXTENSION_ID);
  if (!extension) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${EXTENSION_ID} is not installed (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  return waitFor(() => (extension.isActive ? extension : undefined), timeoutMs, `${EXTENSION_ID} to activate by itself`);
}

/** The code actions offered at `range`, as the light bulb would list them. Opens the document: the provider command needs its model. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  await vscode.workspace.openTextDocument(uri);
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range);
  // Providers may return bare Commands; the tests only deal with CodeActions.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** Applies a code action as the editor would: its edit first, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const applied = await vscode.workspace.applyEdit(action.edit);
    if (!applied) throw new Error(`the edit of code action "${action.title}" was not applied`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}
