import { incompleteHistoryMessage } from '../engine/history/object-presence';
import { historyProperties } from './history-format';
import type { ScanReport } from './report';
import { suppressionCounts, suppressionJson, unhonouredFindings } from './suppression-report';

/** Machine-readable report. Findings carry masked messages only: no key material is ever serialised. */
export function formatJson(report: ScanReport): string {
  const { result } = report;
  const suppressed = result.suppressed ?? [];
  const counts = suppressionCounts(suppressed);
  return (
    JSON.stringify(
      {
        tool: { name: 'keyward', version: report.toolVersion },
        root: report.root,
        summary: {
          filesScanned: result.filesScanned,
          findings: result.findings.length,
          skipped: result.skipped.length,
          cancelled: result.cancelled,
          ...(result.missingObjects !== undefined
            ? { missingObjects: result.missingObjects, incomplete: result.missingObjects > 0 ? incompleteHistoryMessage(result.missingObjects) : null }
            : {}),
          suppressed: counts.total,
          suppressedBySource: { keywardignore: counts.keywardignore, inline: counts.inline },
          suppressionsNotHonoured: unhonouredFindings(result).length,
          excludedPaths: result.excludedPaths ?? 0,
          findingsNotShown: (result.truncated ?? []).reduce((sum, notice) => sum + notice.count, 0),
          internalErrors: result.internalErrors?.length ?? 0,
        },
        findings: result.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          path: f.path,
          start: { line: f.startPosition.line + 1, column: f.startPosition.character + 1 },
          end: { line: f.endPosition.line + 1, column: f.endPosition.character + 1 },
          message: f.message,
          committed: f.committed ?? null,
          ...(f.removalStaged ? { removalStaged: true } : {}),
          carrier: f.carrier,
          key: f.key ?? null,
          fingerprint: f.fingerprint,
          ...(f.related?.length
            ? {
                related: f.related.map((r) => ({
                  ruleId: r.ruleId,
                  start: { line: r.startPosition.line + 1, column: r.startPosition.character + 1 },
                  end: { line: r.endPosition.line + 1, column: r.endPosition.character + 1 },
                  message: r.message,
                })),
              }
            : {}),
          // Untrusted mode: the repository suppressed this key finding, and Keyward did not honour it.
          ...(f.suppression ? { suppression: { ...suppressionJson(f.suppression), honoured: false } } : {}),
          ...historyProperties(f),
        })),
        suppressed: suppressed.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          path: f.path,
          line: f.startPosition.line + 1,
          ...(f.suppression ? suppressionJson(f.suppression) : {}),
          fingerprint: f.fingerprint,
        })),
        skipped: result.skipped,
        ...(report.fixes ? { fixed: report.fixes.fixed, notFixed: report.fixes.notFixed } : {}),
        // Findings past the per-rule and per-file caps, and rules that failed (the scan is then incomplete).
        truncated: result.truncated ?? [],
        internalErrors: result.internalErrors ?? [],
      },
      null,
      2,
    ) + '\n'
  );
}
