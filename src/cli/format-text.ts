import { relative, join } from 'node:path';
import { escapeForDisplay } from '../engine/text/display-escape';
import { SEVERITY_RANK, type Finding, type Severity } from '../engine/types';
import type { ScanReport } from './report';

const COLOURS: Readonly<Record<Severity, string>> = { error: '31', warning: '33', information: '36', hint: '90' };

/** Human-readable report grouped by file, in the style of eslint's "stylish" formatter. */
export function formatText(report: ScanReport, options: { color: boolean; cwd: string }): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.result.findings) {
    const list = byFile.get(finding.path) ?? [];
    list.push(finding);
    byFile.set(finding.path, list);
  }
  const out: string[] = [];
  for (const [path, findings] of byFile) {
    out.push(paint('4', displayPath(report.root, path, options.cwd)));
    for (const f of findings) {
      const where = `${f.startPosition.line + 1}:${f.startPosition.character + 1}`;
      const state = f.committed === true ? ' [committed]' : f.committed === false ? ' [not committed]' : '';
      out.push(`  ${where.padEnd(8)} ${paint(COLOURS[f.severity], f.severity.padEnd(11))} ${escapeForDisplay(f.message)}${state}  ${paint('90', f.ruleId)}`);
    }
    out.push('');
  }
  out.push(summaryLine(report, paint));
  if (report.result.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of report.result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    out.push(paint('90', `skipped ${report.result.skipped.length} file(s): ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')} (--verbose lists them)`));
  }
  if (report.result.cancelled) out.push(paint('33', 'scan cancelled: the results are incomplete'));
  return out.join('\n') + '\n';
}

function summaryLine(report: ScanReport, paint: (code: string, text: string) => string): string {
  const { findings, filesScanned } = report.result;
  if (findings.length === 0) return paint('32', `✔ no findings in ${filesScanned} file(s)`);
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = [...counts]
    .sort(([a], [b]) => SEVERITY_RANK[a] - SEVERITY_RANK[b])
    .map(([severity, n]) => paint(COLOURS[severity], `${n} ${severity}`));
  return `✖ ${findings.length} finding(s) in ${filesScanned} file(s) scanned: ${parts.join(', ')}`;
}

function displayPath(root: string, path: string, cwd: string): string {
  // A file name is the repository's choice: its control and bidi characters are shown escaped.
  const shown = relative(cwd, join(root, path));
  return escapeForDisplay(shown === '' || shown.startsWith('..') ? join(root, path) : shown);
}
