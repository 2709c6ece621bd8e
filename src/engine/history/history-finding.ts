import type { Finding } from '../types';

/** Where a key in the git history came from. Only commit ids, dates and paths: nothing from the blob. */
export interface HistoryInfo {
  /** The earliest commit (by author date) that wrote the key. */
  readonly commit: string;
  /** Its author date, ISO 8601. */
  readonly authorDate: string;
  /** The path the key had in that commit (also the finding's `path`). */
  readonly firstSeenPath: string;
  /** Whether HEAD still contains the key (at any path). */
  readonly presentAtHead: boolean;
  /** Every path the key was committed at, sorted. */
  readonly paths: readonly string[];
}

/** A finding from `scanHistory`: the usual finding, positioned in the blob where the key first appeared. */
export interface HistoryFinding extends Finding {
  readonly history: HistoryInfo;
}

/** The history part of a finding, for formatters that render any finding. */
export function historyOf(finding: Finding): HistoryInfo | undefined {
  const history = (finding as Partial<HistoryFinding>).history;
  return history && typeof history.commit === 'string' ? history : undefined;
}
