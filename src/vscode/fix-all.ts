import * as vscode from 'vscode';
import type { Finding, Fix } from '../engine/types';
import { keywardRuleId } from './diagnostics';
import type { DocumentChecker } from './document-checker';
import { engine } from './engine-loader';
import type { FindingsStore } from './findings-store';

/** `source.fixAll.keyward`: what `"editor.codeActionsOnSave": { "source.fixAll.keyward": "explicit" }` runs. */
export const SOURCE_FIX_ALL_KEYWARD = vscode.CodeActionKind.SourceFixAll.append('keyward');
export const FIX_ALL_TITLE = 'Fix all auto-fixable Keyward problems in this file';

/**
 * Applies every `safe` engine fix of a document at once (removing a disabling flag, anchoring a regexp …),
 * as one WorkspaceEdit: offered as the `source.fixAll.keyward` source action and, next to the quick fixes
 * of a Keyward diagnostic, as "Fix all auto-fixable Keyward problems in this file". `review` fixes (keyless
 * migration, identity changes) change meaning and are never part of it. Overlapping fixes are dropped
 * (see `applicableFixes`); a second run picks up what is still left.
 */
export class KeywardFixAll implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [SOURCE_FIX_ALL_KEYWARD, vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly store: FindingsStore,
    private readonly checker: DocumentChecker,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const only = context.only;
    // Source actions run only when asked for (on save, "Fix All", "Source Action…"), like eslint's.
    const source = only !== undefined && SOURCE_FIX_ALL_KEYWARD.intersects(only) && !only.contains(vscode.CodeActionKind.QuickFix);
    const quickFix = (only === undefined || vscode.CodeActionKind.QuickFix.intersects(only)) && context.diagnostics.some((d) => keywardRuleId(d) !== undefined);
    if (!source && !quickFix) return [];
    const findings = await this.currentFindings(document);
    if (findings === undefined || token.isCancellationRequested) return [];
    const fixes = engine().safeFixesOf(findings);
    if (fixes.length === 0) return [];
    const edit = toWorkspaceEdit(document, fixes);
    const action = new vscode.CodeAction(FIX_ALL_TITLE, source ? SOURCE_FIX_ALL_KEYWARD : vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    if (!source) action.diagnostics = context.diagnostics.filter((d) => keywardRuleId(d) !== undefined);
    return [action];
  }

  /**
   * Findings of exactly this document version. On save the last check may be older than the text
   * (typing is debounced), and edits computed on an older text land in the wrong place: check now.
   */
  private async currentFindings(document: vscode.TextDocument): Promise<readonly Finding[] | undefined> {
    const version = document.version;
    let entry = this.store.get(document.uri);
    if (entry?.version !== version) {
      await this.checker.check(document);
      entry = this.store.get(document.uri);
    }
    // No entry after a check: no findings (or a file Keyward does not check).
    if (entry === undefined) return document.version === version ? [] : undefined;
    return entry.version === version && document.version === version ? entry.findings : undefined;
  }
}

function toWorkspaceEdit(document: vscode.TextDocument, fixes: readonly Fix[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const fix of fixes) {
    for (const change of fix.edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.range.start), document.positionAt(change.range.end)), change.newText);
    }
  }
  return edit;
}
