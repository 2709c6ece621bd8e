import * as vscode from 'vscode';
import type { Finding, TextEdit } from '../engine/types';
import { keywardRuleId } from './diagnostics';
import { engine } from './engine-loader';
import type { FindingsStore } from './findings-store';
import type { FolderStates } from './folder-state';
import { addEngineEdits, currentText } from './ignore-files';

/** Identifies the exact finding a command was offered for, so the command can re-validate it. */
export interface FindingRef {
  readonly uri: string;
  readonly version: number | undefined;
  readonly fingerprint: string;
  readonly start: number;
}

/**
 * Quick fixes for Keyward's diagnostics, matched to them by `source` and `code` (rule id) plus range:
 * - the engine's own fixes for the finding (`finding.fixes`, e.g. a keyless migration);
 * - the editor fixes the rule declares (`meta.fixes`, host kinds): add to .gitignore, stop tracking, rotation guide;
 * - "Ignore this finding…" for every rule, and "Show documentation".
 * File-level actions (.gitignore, stop tracking, rotation guide, docs) appear once even when a file holds
 * several findings.
 */
export class KeywardCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: FolderStates,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only !== undefined && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const entry = this.store.get(document.uri);
    if (entry === undefined) return [];
    // In the order the menu shows them: fixes, then suppression, then reading material. File-level
    // actions (same title) are offered once, tied to every diagnostic they resolve.
    const fixes: vscode.CodeAction[] = [];
    const suppressions: vscode.CodeAction[] = [];
    const reading: vscode.CodeAction[] = [];
    const byTitle = new Map<string, vscode.CodeAction>();
    const seenEdits = new Set<string>();
    const once = (bucket: vscode.CodeAction[], diagnostic: vscode.Diagnostic, offered: vscode.CodeAction | undefined): void => {
      if (offered === undefined) return;
      const existing = byTitle.get(offered.title);
      if (existing !== undefined) {
        existing.diagnostics?.push(diagnostic);
        return;
      }
      byTitle.set(offered.title, offered);
      bucket.push(offered);
    };
    for (const diagnostic of context.diagnostics) {
      const ruleId = keywardRuleId(diagnostic);
      if (ruleId === undefined) continue;
      const finding = entry.findings.find((f) => f.ruleId === ruleId && sameRange(f, diagnostic.range));
      const rule = engine().ruleById(ruleId);
      if (finding === undefined || rule === undefined) continue;
      const kinds = engine().hostFixKinds(rule.meta);
      // Edits computed from an older text would land in the wrong place: only offer them for the current version.
      const current = entry.version === document.version;
      const ref: FindingRef = { uri: document.uri.toString(), version: entry.version, fingerprint: finding.fingerprint, start: finding.range.start };
      if (current) {
        // Two findings offering the very same edit (one action seen by two rules) get one menu entry.
        for (const [key, offered] of engineFixes(finding, ref, diagnostic)) {
          if (seenEdits.has(key)) continue;
          seenEdits.add(key);
          fixes.push(offered);
        }
      }
      if (kinds.has('add-to-gitignore')) once(fixes, diagnostic, await this.addToGitignore(document, finding, diagnostic));
      if (token.isCancellationRequested) return [];
      if (kinds.has('stop-tracking')) once(fixes, diagnostic, this.stopTracking(document, finding, diagnostic));
      // Suppression works for every rule (inline comment or .keywardignore), like eslint's disable comments.
      if (current) {
        suppressions.push(
          action(`Ignore this finding (${ruleId})…`, diagnostic, { title: 'Ignore this finding', command: 'keyward.ignoreFinding', arguments: [ref] }),
        );
      }
      if (kinds.has('rotation-guide') && finding.removalStaged === true) {
        // Untracking is done; the key is still in HEAD and the history, so rotating it is the next step.
        const rotate = action('Rotate the key: open rotation guide', diagnostic, { title: 'Open rotation guide', command: 'keyward.openRotationGuide' });
        rotate.isPreferred = true;
        once(fixes, diagnostic, rotate);
      } else if (kinds.has('rotation-guide')) {
        once(reading, diagnostic, action('Open rotation guide', diagnostic, { title: 'Open rotation guide', command: 'keyward.openRotationGuide' }));
      }
      once(
        reading,
        diagnostic,
        action(`Show documentation for ${ruleId}`, diagnostic, {
          title: `Show documentation for ${ruleId}`,
          command: 'keyward.showRuleDocs',
          arguments: [ruleId],
        }),
      );
    }
    return [...fixes, ...suppressions, ...reading];
  }

  /** `Add "/path/key.pem" to .gitignore`: preferred when git does not track the file (ignoring it is the whole fix). */
  private async addToGitignore(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
    const state = this.folders.forUri(document.uri);
    const relPath = state?.relativePath(document.uri);
    if (state === undefined || relPath === undefined) return undefined;
    const gitignore = vscode.Uri.joinPath(state.folder.uri, '.gitignore');
    let text: string | undefined;
    try {
      text = await currentText(gitignore);
    } catch {
      return undefined;
    }
    let entry: string;
    let edits: TextEdit[];
    try {
      const { gitignoreEntry, addToGitignoreEdits } = engine();
      entry = gitignoreEntry(relPath);
      edits = addToGitignoreEdits(text, relPath);
    } catch {
      return undefined; // a path a .gitignore line cannot express (a line break in the name)
    }
    if (edits.length === 0) return undefined; // already ignored
    const fix = action(`Add "${entry}" to .gitignore`, diagnostic);
    fix.edit = new vscode.WorkspaceEdit();
    addEngineEdits(fix.edit, gitignore, text, edits);
    fix.isPreferred = finding.committed === false;
    return fix;
  }

  /** Only for committed files, and only in a trusted workspace: it runs git. */
  private stopTracking(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
    // A staged removal has already stopped tracking: what is left is committing it and rotating the key.
    if (finding.committed !== true || finding.removalStaged === true || !vscode.workspace.isTrusted) return undefined;
    if (this.folders.forUri(document.uri)?.relativePath(document.uri) === undefined) return undefined;
    return action('Stop tracking this file (git rm --cached)', diagnostic, {
      title: 'Stop tracking this file',
      command: 'keyward.stopTracking',
      arguments: [document.uri.toString()],
    });
  }
}

/**
 * The rule's own fixes (keyless migration, a flag to add …), computed by the engine as edits to this text.
 * Applied through a command that re-validates the document version; fixes that pin a signer identity open
 * the refactor preview first. The only safe fix of a finding is the preferred one.
 */
function engineFixes(finding: Finding, ref: FindingRef, diagnostic: vscode.Diagnostic): [string, vscode.CodeAction][] {
  const fixes = finding.fixes ?? [];
  const safe = fixes.filter((fix) => fix.safety === 'safe').length;
  return fixes.map((fix, index): [string, vscode.CodeAction] => {
    const title = fix.pinsIdentity ? `${fix.title} (preview)` : fix.title;
    const result = action(title, diagnostic, { title: fix.title, command: 'keyward.applyFix', arguments: [ref, index] });
    result.isPreferred = fix.safety === 'safe' && safe === 1;
    return [JSON.stringify([fix.title, fix.edits]), result];
  });
}

function action(title: string, diagnostic: vscode.Diagnostic, command?: vscode.Command): vscode.CodeAction {
  const result = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  result.diagnostics = [diagnostic];
  if (command !== undefined) result.command = command;
  return result;
}

function sameRange(finding: Finding, range: vscode.Range): boolean {
  return (
    finding.startPosition.line === range.start.line &&
    finding.startPosition.character === range.start.character &&
    finding.endPosition.line === range.end.line &&
    finding.endPosition.character === range.end.character
  );
}
