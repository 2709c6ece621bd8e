import type { Severity } from '../engine/types';
import type { ScanReport } from './report';

/** GitLab's code quality severities (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format). */
const GITLAB_SEVERITY: Readonly<Record<Severity, 'critical' | 'major' | 'minor' | 'info'>> = {
  error: 'critical',
  warning: 'major',
  information: 'minor',
  hint: 'info',
};

/**
 * A GitLab code quality report: a JSON array GitLab shows in merge requests (`artifacts: reports:
 * codequality`). The fingerprint is Keyward's line-independent one, so GitLab tracks a finding across
 * pushes. Messages are the masked finding messages: no key material.
 */
export function formatGitlab(report: ScanReport): string {
  const issues = report.result.findings.map((f) => ({
    description: `${f.ruleId}: ${f.message}`,
    check_name: f.ruleId,
    fingerprint: f.fingerprint,
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: f.path, lines: { begin: f.startPosition.line + 1 } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
