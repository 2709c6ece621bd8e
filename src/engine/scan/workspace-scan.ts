import type { ScanResult } from '../types';
import { ScanOutcomes } from './workspace-outcomes';
import type { WorkspaceScanOptions } from './workspace-options';
import { prepareOrReuse, prepareScan, type PreparedScan } from './workspace-prepare';
import { announceFindings } from './unchanged-rescan';
import { withChangedFiles } from './changed-rescan';
import { trackedFilesState } from '../process/git';
import { discoverAndRead } from './workspace-read';
import { finishScan } from './workspace-result';

export { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
export { HEAD_BYTES } from './scanner';
export type { WorkspaceScanOptions } from './workspace-options';
export { loadKeywardIgnore, type LoadedKeywardIgnore } from './workspace-prepare';
export { PARALLEL_MIN_FILES } from './workspace-read';

/**
 * Scans a workspace folder: git state once, `.keywardignore` once, discovery, then every file through
 * the rule gates and `scanFile`, in worker threads for large workspaces. Findings are ordered by path and
 * offset. Cancellation is checked between files; a cancelled scan returns what it found so far with
 * `cancelled: true`.
 *
 * Four phases: prepare (trust, git state, .keywardignore, facts, cache: workspace-prepare.ts), discover and
 * read (the streaming worker pool: workspace-read.ts), settle (each outcome, once: workspace-outcomes.ts)
 * and finish (result, cache save, sorting: workspace-result.ts). A re-scan with a cache file in a trusted git
 * work tree may end at prepare: the previous result stands whole (unchanged-rescan.ts), or for every file
 * but the tracked ones git reports changed, which are scanned alone (changed-rescan.ts).
 */
export async function scanWorkspace(options: WorkspaceScanOptions): Promise<ScanResult> {
  const prepared = await prepareOrReuse(options, true);
  if ('unchanged' in prepared) {
    announceFindings(prepared.unchanged.findings, options.onFindings);
    return prepared.unchanged;
  }
  if ('storedButChanged' in prepared) {
    const { stored, changed, created, workspace, removals } = prepared.storedButChanged;
    const made = created.length > 0 ? `, ${created.length} untracked files made` : '';
    options.logger?.info(`scan: ${changed.length} tracked files changed since the stored result${made}; the others are as then`);
    // These files alone, as explicit paths; no cache: the stored result stays the base of the next re-scan.
    const gitState = trackedFilesState(changed, removals, created);
    const paths = [...changed, ...created];
    const rescanned = await scanWorkspace({ ...options, paths, cacheFile: undefined, onFindings: undefined, workspace, gitState });
    const result = withChangedFiles(stored, rescanned, changed, created);
    if (result) {
      announceFindings(result.findings, options.onFindings);
      return result;
    }
    options.logger?.info('scan: a file made since the stored result is excluded by a pattern: scanning the folder');
    return fullScan(options, await prepareScan(options));
  }
  return fullScan(options, prepared);
}

async function fullScan(options: WorkspaceScanOptions, prepared: PreparedScan): Promise<ScanResult> {
  const outcomes = new ScanOutcomes(prepared, options.onFindings);
  const { discovery, cancelled, replay } = await discoverAndRead(options, prepared, outcomes);
  return finishScan(prepared, outcomes, discovery, cancelled, replay);
}
