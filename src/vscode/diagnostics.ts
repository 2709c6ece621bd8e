import * as vscode from 'vscode';
import type { RuleDocs } from './rule-docs';
import type { Finding, Severity } from '../engine/types';
import { engine } from './engine-loader';
import type { FindingsStore } from './findings-store';

export const DIAGNOSTIC_SOURCE = 'keyward';

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * Where each rule's documentation lives: `<repository>/blob/main/docs/rules.md#kw101`. Built from the
 * `homepage` of the extension's own package.json, so a fork's diagnostics link to the fork's docs.
 */
export function toDiagnostic(finding: Finding, docs: RuleDocs, uri?: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(finding.startPosition.line, finding.startPosition.character, finding.endPosition.line, finding.endPosition.character);
  const diagnostic = new vscode.Diagnostic(range, finding.message + gitSuffix(finding) + suppressionSuffix(finding), SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: docs.uri(finding.ruleId) };
  // Other places of the same problem (the secrets feeding a key-signing command …): one diagnostic, linked.
  if (uri !== undefined && finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (related) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(
            uri,
            new vscode.Range(related.startPosition.line, related.startPosition.character, related.endPosition.line, related.endPosition.character),
          ),
          `${related.ruleId}: ${related.message}`,
        ),
    );
  }
  return diagnostic;
}

/** Whether a diagnostic is one of ours, and which rule it belongs to. */
export function keywardRuleId(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  const value = typeof code === 'object' ? code.value : code;
  return typeof value === 'string' ? value : undefined;
}

/** For key findings, whether the key is already in git matters most: say so in the message. */
function gitSuffix(finding: Finding): string {
  if (engine().ruleById(finding.ruleId)?.meta.kind !== 'key') return '';
  if (finding.removalStaged === true) return ' (removal staged; still in HEAD and history: rotate the key)';
  if (finding.committed === true) return ' (committed)';
  if (finding.committed === false) return ' (not committed yet)';
  return '';
}

/**
 * A finding still carrying a repository suppression was not honoured (a key in Restricted Mode): say that
 * the repository tried to hide it, and why, so the reader can judge the reason.
 */
function suppressionSuffix(finding: Finding): string {
  const suppression = finding.suppression;
  if (!suppression) return '';
  const where = suppression.source === 'keywardignore' ? `.keywardignore line ${suppression.line}` : `a keyward-ignore comment on line ${suppression.line}`;
  return ` — suppressed by the repository (${where}: "${suppression.reason}"), not honoured in Restricted Mode`;
}

/** Mirrors the findings store into one DiagnosticCollection. */
export function publishDiagnostics(store: FindingsStore, docs: RuleDocs): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const listener = store.onDidChange((uris) => {
    for (const uri of uris) {
      const entry = store.get(uri);
      if (entry === undefined) collection.delete(uri);
      else
        collection.set(
          uri,
          entry.findings.map((finding) => toDiagnostic(finding, docs, uri)),
        );
    }
  });
  return vscode.Disposable.from(listener, collection);
}
