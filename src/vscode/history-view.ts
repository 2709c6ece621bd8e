import * as vscode from 'vscode';
import type { HistoryFinding } from '../engine/history/history-finding';
import type { Logger } from '../engine/types';
import { engine, errorClass } from './engine-loader';
import { notificationText } from './notification-text';

/** What "Keyward: Scan Git History" returns (for tests and scripts): plain, non-secret data. */
export interface HistoryScanSummary {
  /** Objects the history names but the repository lacks (a partial clone): the scan is incomplete. */
  readonly missingObjects?: number;
  readonly keys: readonly {
    readonly fingerprint: string;
    readonly findings: readonly { readonly path: string; readonly commit: string; readonly presentAtHead: boolean; readonly ruleId: string }[];
  }[];
}

type HistoryNode =
  | { readonly kind: 'key'; readonly fingerprint: string; readonly findings: readonly HistoryFinding[] }
  | { readonly kind: 'finding'; readonly finding: HistoryFinding };

/**
 * The "Keyward" tree view: keys found in the git history, grouped by key fingerprint. A key that is only in
 * history has no open document to carry a diagnostic, so this is where it shows. Each entry links to the
 * rotation guide: a history finding is fixed by rotating the key (and purging the history), not by an edit.
 */
class HistoryTree implements vscode.TreeDataProvider<HistoryNode> {
  private groups: { fingerprint: string; findings: HistoryFinding[] }[] = [];
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  set(findings: readonly HistoryFinding[]): void {
    const byKey = new Map<string, HistoryFinding[]>();
    for (const finding of findings) {
      const fingerprint = finding.key?.publicKeyFingerprint ?? finding.fingerprint;
      byKey.set(fingerprint, [...(byKey.get(fingerprint) ?? []), finding]);
    }
    this.groups = [...byKey].map(([fingerprint, list]) => ({ fingerprint, findings: list }));
    this.changed.fire(undefined);
  }

  summary(): HistoryScanSummary {
    return {
      keys: this.groups.map((g) => ({
        fingerprint: g.fingerprint,
        findings: g.findings.map((f) => ({ path: f.path, commit: f.history.commit, presentAtHead: f.history.presentAtHead, ruleId: f.ruleId })),
      })),
    };
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) return this.groups.map((g) => ({ kind: 'key', fingerprint: g.fingerprint, findings: g.findings }));
    return node.kind === 'key' ? node.findings.map((finding) => ({ kind: 'finding', finding })) : [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'key') {
      const first = node.findings[0];
      const item = new vscode.TreeItem(`${first?.key?.format ?? 'Private key'} ${node.fingerprint}`, vscode.TreeItemCollapsibleState.Expanded);
      const atHead = node.findings.some((f) => f.history.presentAtHead);
      item.description = atHead ? 'still at HEAD' : 'only in history';
      item.iconPath = new vscode.ThemeIcon('key');
      item.tooltip = 'Rotate this key: it was committed, so every clone has it. Then purge it from the history.';
      return item;
    }
    const { finding } = node;
    const item = new vscode.TreeItem(finding.history.firstSeenPath, vscode.TreeItemCollapsibleState.None);
    item.description = `${finding.ruleId} · ${finding.history.commit.slice(0, 10)} · ${finding.history.authorDate.slice(0, 10)}${finding.history.presentAtHead ? ' · at HEAD' : ''}`;
    item.tooltip = finding.message;
    item.iconPath = new vscode.ThemeIcon('history');
    item.command = { command: 'keyward.openRotationGuide', title: 'Open Key Rotation Guide' };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the tree view and "Keyward: Scan Git History" (trusted workspaces only: it runs git). */
export function registerHistoryView(logger: Logger): vscode.Disposable {
  const tree = new HistoryTree();
  const view = vscode.window.createTreeView('keyward.history', { treeDataProvider: tree });
  const command = vscode.commands.registerCommand('keyward.scanHistory', async (): Promise<HistoryScanSummary | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Keyward scans git history with git, which it never runs in Restricted Mode. Trust the workspace to scan its history.',
      );
      return undefined;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    let missing = 0;
    const findings = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Keyward: scanning git history', cancellable: true },
      async (_progress, token) => {
        const { scanHistory, GitError } = engine();
        const all: HistoryFinding[] = [];
        for (const folder of folders) {
          if (folder.uri.scheme !== 'file') continue;
          try {
            const result = await scanHistory({ root: folder.uri.fsPath, trusted: true, logger, cancellation: token });
            all.push(...result.findings);
            missing += result.missingObjects ?? 0;
          } catch (error) {
            logger.warn(`history scan of ${folder.name} failed: ${error instanceof GitError ? error.message : errorClass(error)}`);
          }
        }
        return all;
      },
    );
    tree.set(findings);
    // A partial clone lacks objects Keyward never fetches: "no keys" would be a claim about what it did not read.
    const incomplete = missing > 0 ? `History incomplete: ${missing} object${missing === 1 ? '' : 's'} missing (a partial clone; Keyward never fetches). ` : '';
    view.message =
      incomplete + (findings.length > 0 ? '' : incomplete ? 'No private keys in the history Keyward could read.' : 'No private keys in the git history.');
    const summary =
      findings.length === 0
        ? 'Keyward: no private keys in the git history.'
        : `Keyward: ${tree.summary().keys.length} private key(s) in the git history. See the Keyward view.`;
    if (incomplete) void vscode.window.showWarningMessage(notificationText(`Keyward: ${incomplete}${summary.replace(/^Keyward: /, '')}`));
    else void vscode.window.showInformationMessage(notificationText(summary));
    return { ...tree.summary(), missingObjects: missing };
  });
  return vscode.Disposable.from(view, command, tree);
}
