import * as path from 'node:path';
import type { ScanResult } from '../types';
import { ScanOutcomes } from './workspace-outcomes';
import type { WorkspaceScanOptions } from './workspace-options';
import { prepareOrReuse, prepareScan, type PreparedScan, type StoredButChanged } from './workspace-prepare';
import { announceFindings } from './unchanged-rescan';
import { countRemovedFiles, withChangedFiles } from './changed-rescan';
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
 * but the tracked ones git reports changed (and those watchman reports made or removed: watchman-journal.ts),
 * which are scanned alone or dropped (changed-rescan.ts).
 */
export async function scanWorkspace(options: WorkspaceScanOptions): Promise<ScanResult> {
  const prepared = await prepareOrReuse(options, true);
  if ('unchanged' in prepared) {
    announceFindings(prepared.unchanged.findings, options.onFindings);
    return prepared.unchanged;
  }
  if ('storedButChanged' in prepared) {
    const result = await rescanOverStored(options, prepared.storedButChanged);
    if (result) {
      announceFindings(result.findings, options.onFindings);
      return result;
    }
    options.logger?.info('scan: a file made or removed since the stored result is one the options exclude: scanning the folder');
    return fullScan(options, await prepareScan(options));
  }
  return fullScan(options, prepared);
}

/**
 * The stored result with the files changed, made or removed since merged in (changed-rescan.ts); undefined when a
 * file made or removed is one the options exclude (the walk's count of those cannot be told without it).
 */
async function rescanOverStored(options: WorkspaceScanOptions, since: StoredButChanged): Promise<ScanResult | undefined> {
  const { stored, changed, created, removedTracked, removedUntracked, workspace, removals } = since;
  const removed = [...removedTracked, ...removedUntracked];
  const others = [created.length > 0 ? `, ${created.length} untracked files made` : '', removed.length > 0 ? `, ${removed.length} files removed` : ''];
  options.logger?.info(`scan: ${changed.length} tracked files changed since the stored result${others.join('')}; the others are as then`);
  // What git knows of every file named here, for the scan of those there and the count of those removed.
  const gitState = trackedFilesState([...changed, ...removedTracked], removals, [...created, ...removedUntracked]);
  // The files there alone, as explicit paths; no cache: the stored result stays the base of the next re-scan.
  const paths = [...changed, ...created];
  const rescanned =
    paths.length > 0 ? await scanWorkspace({ ...options, paths, cacheFile: undefined, onFindings: undefined, workspace, gitState }) : EMPTY_RESULT;
  const removedCount = await countRemovedFiles(path.resolve(options.root), stored, removed, { ...options, git: gitState });
  return removedCount && withChangedFiles(stored, rescanned, changed, created, removedCount);
}

/** The result of scanning no file (only files were removed). */
const EMPTY_RESULT: ScanResult = { findings: [], skipped: [], filesScanned: 0, cancelled: false, suppressed: [] };

async function fullScan(options: WorkspaceScanOptions, prepared: PreparedScan): Promise<ScanResult> {
  const outcomes = new ScanOutcomes(prepared, options.onFindings);
  const { discovery, cancelled, replay } = await discoverAndRead(options, prepared, outcomes);
  return finishScan(prepared, outcomes, discovery, cancelled, replay);
}
