import { historyProperties } from './history-format';
import type { ScanReport } from './report';

/** Machine-readable report. Findings carry masked messages only: no key material is ever serialised. */
export function formatJson(report: ScanReport): string {
  const { result } = report;
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
          carrier: f.carrier,
          key: f.key ?? null,
          fingerprint: f.fingerprint,
          ...historyProperties(f),
        })),
        skipped: result.skipped,
        // Findings past the per-rule and per-file caps, and rules that failed (the scan is then incomplete).
        truncated: result.truncated ?? [],
        internalErrors: result.internalErrors ?? [],
      },
      null,
      2,
    ) + '\n'
  );
}
