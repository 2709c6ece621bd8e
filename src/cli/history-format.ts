import { historyOf } from '../engine/history/history-finding';
import type { Finding } from '../engine/types';

/** The history fields a JSON or SARIF result carries for a finding from `--history` (empty otherwise). */
export function historyProperties(finding: Finding): Record<string, unknown> {
  const history = historyOf(finding);
  if (!history) return {};
  return {
    commit: history.commit,
    firstSeen: history.authorDate,
    firstSeenPath: history.firstSeenPath,
    presentAtHead: history.presentAtHead,
    historyPaths: history.paths,
  };
}
