import type { ScanResult } from '../engine/types';
import type { FixRunReport } from './fix-run';

/** Everything a formatter needs to render one scan. */
export interface ScanReport {
  readonly result: ScanResult;
  /** Absolute folder the findings' paths are relative to. */
  readonly root: string;
  readonly toolVersion: string;
  /** Base URL of the rule documentation (docs/rules.md on the project site). */
  readonly docsUrl: string;
  /** `--fix` / `--unsafe-fixes`: what was changed before the scan that `result` holds. */
  readonly fixes?: FixRunReport;
}

export function ruleDocsUrl(docsUrl: string, ruleId: string): string {
  return `${docsUrl}#${ruleId.toLowerCase()}`;
}
