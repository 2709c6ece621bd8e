import type { FindingsNotShown, RuleFailure } from '../types';

/**
 * A file full of keys (thousands of PEM blocks) must cost neither minutes of CPU nor a report of a
 * hundred megabytes: past these many findings of one rule, or of all rules, in one file, findings are
 * counted and not reported, and the result says how many were left out (ScanResult.truncated).
 * A file with this many keys has to be dealt with as a whole anyway.
 */
export const MAX_FINDINGS_PER_RULE = 100;
export const MAX_FINDINGS_PER_FILE = 500;

export interface FindingLimits {
  readonly perRule: number;
  readonly perFile: number;
}

export const DEFAULT_FINDING_LIMITS: FindingLimits = { perRule: MAX_FINDINGS_PER_RULE, perFile: MAX_FINDINGS_PER_FILE };

/** One file's findings counted against the caps, in the order the scanner admits them. */
export class FindingCaps {
  private readonly kept = new Map<string, number>();
  private keptInFile = 0;
  private readonly cut = new Map<string, number>();
  /** Rules that read a view of the file that stopped early (see FileContext.judgedPrivateKeys). */
  private readonly incomplete = new Set<string>();

  constructor(
    private readonly path: string,
    private readonly limits: FindingLimits = DEFAULT_FINDING_LIMITS,
  ) {}

  /** Whether a finding of `ruleId` is reported; if not, it is counted as not shown. */
  admit(ruleId: string): boolean {
    const kept = this.kept.get(ruleId) ?? 0;
    if (kept >= this.limits.perRule || this.keptInFile >= this.limits.perFile) {
      this.cut.set(ruleId, (this.cut.get(ruleId) ?? 0) + 1);
      return false;
    }
    this.kept.set(ruleId, kept + 1);
    this.keptInFile++;
    return true;
  }

  /** The rule did not search the whole file: its notice says so, even when it had nothing cut. */
  markIncomplete(ruleId: string): void {
    this.incomplete.add(ruleId);
  }

  notShown(): FindingsNotShown[] {
    const rules = new Set([...this.cut.keys(), ...this.incomplete]);
    return [...rules]
      .sort()
      .map((ruleId) => ({ path: this.path, ruleId, count: this.cut.get(ruleId) ?? 0, ...(this.incomplete.has(ruleId) ? { incomplete: true as const } : {}) }));
  }
}

/** One line for logs and the text report: "3 more findings of KW101 in a.pem not shown …". */
export function describeNotShown(notice: FindingsNotShown): string {
  const more =
    notice.count > 0
      ? `${notice.count} more finding(s) of ${notice.ruleId} in ${notice.path} not shown`
      : `${notice.ruleId} did not search all of ${notice.path}`;
  const why = `(over the cap of ${MAX_FINDINGS_PER_RULE} per rule and ${MAX_FINDINGS_PER_FILE} per file)`;
  return notice.incomplete ? `${more} ${why}; the file was not searched to its end: it may hold more keys than counted` : `${more} ${why}`;
}

/**
 * The notices of many file scans gathered for one ScanResult: one per file and rule (a file seen twice,
 * as history blobs are, keeps its largest count). The fields are absent when empty, as in ScanResult.
 */
export class ScanGaps {
  private readonly truncated = new Map<string, FindingsNotShown>();
  private readonly failures = new Map<string, RuleFailure>();

  add(report: { readonly truncated?: readonly FindingsNotShown[] | undefined; readonly internalErrors?: readonly RuleFailure[] | undefined }): void {
    for (const notice of report.truncated ?? []) {
      const key = `${notice.path}\0${notice.ruleId}`;
      const known = this.truncated.get(key);
      if (!known || notice.count > known.count) this.truncated.set(key, notice);
    }
    for (const failure of report.internalErrors ?? []) this.failures.set(`${failure.path}\0${failure.ruleId}`, failure);
  }

  fields(): { truncated?: FindingsNotShown[]; internalErrors?: RuleFailure[] } {
    return {
      ...(this.truncated.size > 0 ? { truncated: [...this.truncated.values()] } : {}),
      ...(this.failures.size > 0 ? { internalErrors: [...this.failures.values()] } : {}),
    };
  }
}
