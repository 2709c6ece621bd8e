import { SEVERITY_RANK, type Finding, type Fix, type RelatedLocation } from '../types';

/**
 * One problem, one finding. Rules that see the same root cause from different angles (KW201 "signs with a
 * key" and KW204 "reads the key from the environment" on one `cosign sign --key env://…`; KW404 on the
 * secrets that feed that command) tag their findings with the same `rootCause`. Here each group becomes
 * its most severe finding (the lowest rule id on a tie), with the others as related locations (SARIF
 * `relatedLocations`, VS Code `relatedInformation`) and their fixes merged: one menu entry per distinct
 * action. Findings without a root cause pass through unchanged.
 */
export function mergeRootCauses(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.rootCause === undefined) continue;
    groups.set(finding.rootCause, [...(groups.get(finding.rootCause) ?? []), finding]);
  }
  if (groups.size === 0) return [...findings];
  const merged = new Map<Finding, Finding | undefined>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [primary, ...others] = [...group].sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.ruleId.localeCompare(b.ruleId) || a.range.start - b.range.start,
    );
    if (primary === undefined) continue;
    merged.set(primary, combine(primary, others));
    for (const other of others) merged.set(other, undefined);
  }
  return findings.flatMap((finding) => {
    if (!merged.has(finding)) return [finding];
    const replacement = merged.get(finding);
    return replacement === undefined ? [] : [replacement];
  });
}

function combine(primary: Finding, others: readonly Finding[]): Finding {
  const related: RelatedLocation[] = [
    ...(primary.related ?? []),
    ...others.map((other) => ({
      ruleId: other.ruleId,
      range: other.range,
      startPosition: other.startPosition,
      endPosition: other.endPosition,
      message: other.message,
    })),
  ];
  const fixes = distinctFixes([...(primary.fixes ?? []), ...others.flatMap((other) => other.fixes ?? [])]);
  return { ...primary, related, ...(fixes.length > 0 ? { fixes } : {}) };
}

/** The same action offered by two rules (same title, same edits) is listed once. */
function distinctFixes(fixes: readonly Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((fix) => {
    const key = JSON.stringify([fix.title, fix.edits.map((e) => [e.range.start, e.range.end, e.newText])]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
