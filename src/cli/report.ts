import type { ScanResult } from '../engine/types';

/** Everything a formatter needs to render one scan. */
export interface ScanReport {
  readonly result: ScanResult;
  /** Absolute folder the findings' paths are relative to. */
  readonly root: string;
  readonly toolVersion: string;
  /** Base URL of the rule documentation (docs/rules.md on the project site). */
  readonly docsUrl: string;
}

export function ruleDocsUrl(docsUrl: string, ruleId: string): string {
  return `${docsUrl}#${ruleId.toLowerCase()}`;
}
