import { relative, join } from 'node:path';
import { describeNotShown } from '../engine/findings/finding-caps';
import { escapeForDisplay } from '../engine/text/display-escape';
import { SEVERITY_RANK, type Finding, type Severity } from '../engine/types';
import { REMOVAL_STAGED_NOTE } from '../engine/process/git';
import { incompleteHistoryMessage } from '../engine/history/object-presence';
import type { ScanReport } from './report';
import { describeSuppression, excludedSummary, suppressedSummary, suppressionCounts, UNHONOURED_NOTE, unhonouredFindings } from './suppression-report';

const COLOURS: Readonly<Record<Severity, string>> = { error: '31', warning: '33', information: '36', hint: '90' };

/** Human-readable report grouped by file, in the style of eslint's "stylish" formatter. */
export function formatText(report: ScanReport, options: { color: boolean; cwd: string; verbose?: boolean }): string {
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
      const state =
        f.removalStaged === true ? ` [${REMOVAL_STAGED_NOTE}]` : f.committed === true ? ' [committed]' : f.committed === false ? ' [not committed]' : '';
      const unhonoured = f.suppression ? ` [${UNHONOURED_NOTE}: ${escapeForDisplay(describeSuppression(f.suppression))}]` : '';
      out.push(
        `  ${where.padEnd(8)} ${paint(COLOURS[f.severity], f.severity.padEnd(11))} ${escapeForDisplay(f.message)}${state}${paint('33', unhonoured)}  ${paint('90', f.ruleId)}`,
      );
      for (const related of f.related ?? [])
        out.push(
          paint(
            '90',
            `  ${''.padEnd(8)} ${'related'.padEnd(11)} ${related.startPosition.line + 1}:${related.startPosition.character + 1} ${escapeForDisplay(related.message)}  ${related.ruleId}`,
          ),
        );
    }
    out.push('');
  }
  out.push(summaryLine(report, paint));
  out.push(...suppressionLines(report, paint, options.cwd, options.verbose === true));
  if (report.result.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of report.result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    out.push(paint('90', `skipped ${report.result.skipped.length} file(s): ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')} (--verbose lists them)`));
  }
  for (const notice of report.result.truncated ?? []) out.push(paint('33', describeNotShown(notice)));
  for (const failure of report.result.internalErrors ?? [])
    out.push(paint('31', `internal error: rule ${failure.ruleId} failed on ${failure.path} (${failure.errorClass}): its findings in this file are missing`));
  if (report.result.internalErrors) out.push(paint('31', 'scan incomplete: a rule failed (exit code 2). Re-run with --verbose and report it.'));
  if (report.result.cancelled) out.push(paint('33', 'scan cancelled: the results are incomplete'));
  const missing = report.result.missingObjects ?? 0;
  if (missing > 0)
    out.push(paint('33', `${incompleteHistoryMessage(missing)} (a partial clone lacks them; Keyward never fetches): fetch them or scan a full clone`));
  return out.join('\n') + '\n';
}

function summaryLine(report: ScanReport, paint: (code: string, text: string) => string): string {
  const { findings, filesScanned } = report.result;
  if (findings.length === 0 && report.result.internalErrors) return paint('31', `✖ no findings in ${filesScanned} file(s), but the scan is incomplete`);
  if (findings.length === 0) return paint('32', `✔ no findings in ${filesScanned} file(s)`);
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => SEVERITY_RANK[a] - SEVERITY_RANK[b]).map(([severity, n]) => paint(COLOURS[severity], `${n} ${severity}`));
  return `✖ ${findings.length} finding(s) in ${filesScanned} file(s) scanned: ${parts.join(', ')}`;
}

/** Suppressed findings shown without --verbose: the count always, the first few with their reasons. */
const SUPPRESSED_SHOWN = 10;

/** Suppressed findings, one line each, and how many repository suppressions untrusted mode did not honour. */
function suppressionLines(report: ScanReport, paint: (code: string, text: string) => string, cwd: string, verbose: boolean): string[] {
  const suppressed = report.result.suppressed ?? [];
  const lines: string[] = [];
  const summary = suppressedSummary(suppressionCounts(suppressed));
  if (summary !== undefined) lines.push(paint('90', `${summary}:`));
  const shown = verbose ? suppressed : suppressed.slice(0, SUPPRESSED_SHOWN);
  for (const f of shown) {
    const where = `${displayPath(report.root, f.path, cwd)}:${f.startPosition.line + 1}`;
    lines.push(paint('90', `  ${where} ${f.ruleId} ${f.suppression ? describeSuppression(f.suppression) : ''}`));
  }
  if (shown.length < suppressed.length) lines.push(paint('90', `  … and ${suppressed.length - shown.length} more (--verbose or --format json lists them all)`));
  const unhonoured = unhonouredFindings(report.result).length;
  if (unhonoured > 0)
    lines.push(paint('33', `${unhonoured} finding${unhonoured === 1 ? '' : 's'} ${UNHONOURED_NOTE} (reported above, and counted by --fail-on)`));
  const excluded = excludedSummary(report.result);
  if (excluded !== undefined) lines.push(paint('90', excluded));
  return lines;
}

function displayPath(root: string, path: string, cwd: string): string {
  // A file name is the repository's choice: its control and bidi characters are shown escaped.
  const shown = relative(cwd, join(root, path));
  return escapeForDisplay(shown === '' || shown.startsWith('..') ? join(root, path) : shown);
}
