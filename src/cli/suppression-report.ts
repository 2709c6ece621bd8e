import type { Finding, FindingSuppression, ScanResult } from '../engine/types';

/**
 * What the reports say about suppressions and exclusions, in one place for every format: a repository's
 * own `keyward-ignore` comments and `.keywardignore` entries must never silence a finding without a trace.
 */

export const UNHONOURED_NOTE = 'suppressed by the repository, not honoured in untrusted mode';

const SOURCE_NAME: Readonly<Record<FindingSuppression['source'], string>> = { keywardignore: '.keywardignore', inline: 'inline' };

export interface SuppressionCounts {
  readonly total: number;
  readonly keywardignore: number;
  readonly inline: number;
}

export function suppressionCounts(findings: readonly Finding[]): SuppressionCounts {
  let keywardignore = 0;
  let inline = 0;
  for (const finding of findings) {
    if (finding.suppression?.source === 'keywardignore') keywardignore++;
    else if (finding.suppression?.source === 'inline') inline++;
  }
  return { total: keywardignore + inline, keywardignore, inline };
}

/** Reported findings that carry a repository suppression Keyward did not honour (untrusted key findings). */
export function unhonouredFindings(result: ScanResult): Finding[] {
  return result.findings.filter((finding) => finding.suppression !== undefined);
}

/** "3 findings suppressed (.keywardignore: 2, inline: 1)", or undefined when none was. */
export function suppressedSummary(counts: SuppressionCounts): string | undefined {
  if (counts.total === 0) return undefined;
  const parts = (['keywardignore', 'inline'] as const).filter((source) => counts[source] > 0).map((source) => `${SOURCE_NAME[source]}: ${counts[source]}`);
  return `${counts.total} finding${counts.total === 1 ? '' : 's'} suppressed (${parts.join(', ')})`;
}

/** Where a suppression is written and why: `.keywardignore line 3: "generated test key"`. */
export function describeSuppression(suppression: FindingSuppression): string {
  const where = suppression.source === 'keywardignore' ? `.keywardignore line ${suppression.line}` : `inline comment line ${suppression.line}`;
  return `${where}: "${suppression.reason}"`;
}

/** The JSON shape of a suppression (no key material: the reason is already shortened, see suppress.ts). */
export function suppressionJson(suppression: FindingSuppression): Record<string, unknown> {
  return { source: suppression.source, reason: suppression.reason, sourceLine: suppression.line };
}

/** "2 paths excluded by exclude globs (settings, --exclude): not scanned", or undefined. */
export function excludedSummary(result: ScanResult): string | undefined {
  const n = result.excludedPaths ?? 0;
  if (n === 0) return undefined;
  return `${n} path${n === 1 ? '' : 's'} excluded by exclude globs (--exclude, editor settings): not scanned`;
}
