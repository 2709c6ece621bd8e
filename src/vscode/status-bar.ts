import * as vscode from 'vscode';
import type { FindingsStore } from './findings-store';

export const RESTRICTED_MODE_NOTE =
  "Restricted Mode: git state unknown, workspace settings that could hide findings are ignored, the repository's suppressions do not hide keys";

export interface StatusBarSnapshot {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

interface Counts {
  errors: number;
  warnings: number;
  /** VS Code's own severity names: Information and Hint (the Problems view's filters say the same). */
  information: number;
  hints: number;
  files: number;
  /** Hidden by the repository's suppressions, by source. */
  suppressedByFile: number;
  suppressedInline: number;
  /** Reported although the repository suppressed them (key findings in Restricted Mode). */
  notHonoured: number;
  /** Paths the exclude settings kept out of the last workspace scan. */
  excluded: number;
}

/**
 * "$(shield) Keyward: N" where N counts errors and warnings; a click opens the Problems view. Hidden when
 * no folder is open, since there is no workspace to report on.
 */
export class KeywardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('keyward.status', vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [];
  private scanning = false;
  /** Per workspace folder: paths its exclude settings kept out of the last full scan. */
  private readonly excludedByFolder = new Map<string, number>();
  /** Rules that failed, per source (a folder's scan, a document's check): their findings are missing. */
  private readonly ruleFailures = new Map<string, number>();

  constructor(private readonly store: FindingsStore) {
    this.item.name = 'Keyward';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      store.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    );
    this.update();
  }

  /** Shows a spinner while the workspace scan runs. */
  setScanning(scanning: boolean): void {
    this.scanning = scanning;
    this.update();
  }

  /** Records how many paths the exclude settings kept out of a folder's last full scan. */
  setExcluded(folder: vscode.Uri, paths: number): void {
    this.excludedByFolder.set(folder.toString(), paths);
    this.update();
  }

  /** How many rules failed in `source`'s latest scan or check (0 clears it). */
  setRuleFailures(source: string, count: number): void {
    if (count === (this.ruleFailures.get(source) ?? 0)) return;
    if (count > 0) this.ruleFailures.set(source, count);
    else this.ruleFailures.delete(source);
    this.update();
  }

  snapshot(): StatusBarSnapshot {
    return { visible: hasWorkspace(), text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  private update(): void {
    if (!hasWorkspace()) {
      this.item.hide();
      return;
    }
    const counts = this.count();
    const problems = counts.errors + counts.warnings;
    const failures = [...this.ruleFailures.values()].reduce((sum, n) => sum + n, 0);
    const icon = this.scanning ? '$(sync~spin)' : failures > 0 ? '$(warning)' : problems === 0 ? '$(check)' : '$(shield)';
    const suppressed = counts.suppressedByFile + counts.suppressedInline;
    this.item.text = `${icon} Keyward: ${problems}${suppressed > 0 ? ` · ${suppressed} suppressed` : ''}${failures > 0 ? ' (incomplete)' : ''}`;
    this.item.tooltip = tooltip(counts, this.scanning, failures);
    this.item.backgroundColor =
      counts.errors > 0
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : counts.warnings > 0
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.accessibilityInformation = { label: `Keyward: ${describe(counts)}${suppressed > 0 ? `, ${plural(suppressed, 'finding')} suppressed` : ''}` };
    this.item.show();
  }

  private count(): Counts {
    const counts: Counts = {
      errors: 0,
      warnings: 0,
      information: 0,
      hints: 0,
      files: 0,
      suppressedByFile: 0,
      suppressedInline: 0,
      notHonoured: 0,
      excluded: 0,
    };
    const open = new Set((vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()));
    for (const [folder, paths] of this.excludedByFolder) if (open.has(folder)) counts.excluded += paths;
    for (const entry of this.store.all()) {
      if (entry.findings.length > 0) counts.files++;
      for (const finding of entry.findings) {
        if (finding.severity === 'error') counts.errors++;
        else if (finding.severity === 'warning') counts.warnings++;
        else if (finding.severity === 'information') counts.information++;
        else counts.hints++;
        if (finding.suppression) counts.notHonoured++;
      }
      for (const finding of entry.suppressed ?? []) {
        if (finding.suppression?.source === 'inline') counts.suppressedInline++;
        else counts.suppressedByFile++;
      }
    }
    return counts;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function hasWorkspace(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
}

function describe(counts: Counts): string {
  if (counts.errors + counts.warnings + counts.information + counts.hints === 0) return 'no private keys found';
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  // "information" has no plural: "2 information", as VS Code counts it.
  if (counts.information > 0) parts.push(`${counts.information} information`);
  if (counts.hints > 0) parts.push(plural(counts.hints, 'hint'));
  return `${parts.join(', ')} in ${plural(counts.files, 'file')}`;
}

function tooltip(counts: Counts, scanning: boolean, failures: number): string {
  const lines = [`Keyward: ${describe(counts)}`];
  const suppressed = counts.suppressedByFile + counts.suppressedInline;
  if (suppressed > 0) {
    const sources = [
      [counts.suppressedByFile, '.keywardignore'],
      [counts.suppressedInline, 'inline'],
    ] as const;
    lines.push(
      `${plural(suppressed, 'finding')} suppressed (${sources
        .filter(([n]) => n > 0)
        .map(([n, name]) => `${name}: ${n}`)
        .join(', ')})`,
    );
  }
  if (counts.notHonoured > 0) lines.push(`${plural(counts.notHonoured, 'key finding')} suppressed by the repository, not honoured in Restricted Mode`);
  if (counts.excluded > 0) lines.push(`${plural(counts.excluded, 'path')} excluded by settings (keyward.exclude, files.exclude): not scanned`);
  if (failures > 0) lines.push(`${plural(failures, 'internal error')}: some results are missing (Keyward: Show Output has the details)`);
  if (scanning) lines.push('Scanning the workspace…');
  if (!vscode.workspace.isTrusted) lines.push(RESTRICTED_MODE_NOTE);
  lines.push('Click to open the Problems view');
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
