import { SEVERITY_RANK, type Finding } from '../engine/types';

/**
 * GitHub code scanning's hard limits on an uploaded SARIF file (docs.github.com, "SARIF results exceed limit"):
 * a run over any of them is rejected whole, so a repository with too many findings would show none at all.
 * Display limits are lower (the top 5,000 results by severity, 100 locations per result, 10 tags per rule).
 */
export const CODE_SCANNING_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  /** The primary location and the related locations of one result together. */
  locationsPerResult: 1_000,
  tagsPerRule: 20,
} as const;

export interface SarifSelection {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  /** Results left out to stay within CODE_SCANNING_LIMITS.resultsPerRun. */
  readonly leftOut: number;
}

/**
 * The findings a run reports, at most CODE_SCANNING_LIMITS.resultsPerRun of them. Under the limit nothing
 * changes; over it, open findings come before suppressed ones and the most severe first, so the alerts that
 * matter reach code scanning and the rest is counted (reported as a tool notification).
 */
export function selectWithinLimits(
  findings: readonly Finding[],
  suppressed: readonly Finding[],
  limit: number = CODE_SCANNING_LIMITS.resultsPerRun,
): SarifSelection {
  if (findings.length + suppressed.length <= limit) return { findings, suppressed, leftOut: 0 };
  const bySeverity = (list: readonly Finding[]) => [...list].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const open = bySeverity(findings).slice(0, limit);
  const dismissed = bySeverity(suppressed).slice(0, limit - open.length);
  return { findings: open, suppressed: dismissed, leftOut: findings.length + suppressed.length - open.length - dismissed.length };
}

/** Related locations of one result, within CODE_SCANNING_LIMITS.locationsPerResult (one is the primary location). */
export function relatedWithinLimits<T>(related: readonly T[]): readonly T[] {
  return related.slice(0, CODE_SCANNING_LIMITS.locationsPerResult - 1);
}
