import { silentLogger, type ScanResult } from '../types';
import { listKeyCandidates, noteListingFailure, ripgrepExecutable } from './key-candidates';
import type { WorkspaceScanOptions } from './workspace-options';
import { ScanOutcomes } from './workspace-outcomes';
import { prepareScan, type PreparedScan } from './workspace-prepare';
import { discoverAndRead } from './workspace-read';
import { finishScan } from './workspace-result';

export { findKeyCandidates, listKeyCandidates } from './key-candidates';

/**
 * A head start, not a second scan: past this many candidates (a tree of certificates, or of base64 that
 * happens to hold a keystore anchor) only the first ones are scanned early; the full scan reads them all.
 */
export const MAX_EARLY_FILES = 2000;

/** When ripgrep has named the files named like keys, and when every candidate. */
export type KeysFirstStage = 'named' | 'all';

/**
 * The "keys first" phase of a workspace scan: the key candidates scanned before the full scan, in two
 * steps: the files named like keys as soon as ripgrep has listed the names (about a tenth of the cost of
 * searching the contents), then the files holding a key rule's anchor once it has searched the contents. Each step is a workspace scan of just those paths with
 * the options of the full scan that follows (same trust, git state, ignore rules, excludes, size cap,
 * suppressions; discovery checks every path), so each file it reports, it reports with the findings the full
 * scan will give it: a host can show them at once and let the full result replace them. Findings stream
 * through `onFindings`. The result says `cancelled: true`: it covers only some files, and must never clear
 * findings of others. No cache is read or written. undefined when there is no early phase (no ripgrep,
 * explicit paths, cancelled, ripgrep failed before naming anything).
 */
export async function scanKeysFirst(
  options: WorkspaceScanOptions,
  /** Hears each list as soon as ripgrep has given it (for hosts that time the phase). */
  onListed?: (stage: KeysFirstStage, candidates: readonly string[]) => void,
): Promise<ScanResult | undefined> {
  if (options.paths !== undefined && options.paths.length > 0) return undefined;
  if (ripgrepExecutable({ choice: options.ripgrep, root: options.root, trusted: options.trusted }) === undefined) return undefined;
  const logger = options.logger ?? silentLogger;
  const cancelled = () => options.cancellation?.isCancellationRequested === true;
  const started = Date.now();
  const lists = listKeyCandidates({ ...options, choice: options.ripgrep, logger });
  if (lists === undefined) return undefined;
  try {
    const { cacheFile: _cache, ripgrep: _ripgrep, ...rest } = options;
    // One worker is enough for a few files; discovery still checks each path (ignore rules, excludes, links, size).
    const scanOptions: WorkspaceScanOptions = { ...rest, jobs: 1 };
    // Git state, .keywardignore and facts are read while ripgrep lists: on a busy machine that is much of the phase.
    const preparing = prepareScan(scanOptions);
    preparing.catch(() => undefined);
    let named: string[];
    try {
      named = await lists.named;
    } catch (error) {
      if (!cancelled()) noteListingFailure(logger, error);
      return undefined;
    }
    if (cancelled()) return undefined;
    onListed?.('named', named);
    const prepared = await preparing;
    const first = named.slice(0, MAX_EARLY_FILES);
    const results = [await scanPaths(scanOptions, prepared, first)];
    let all: string[] | undefined;
    try {
      all = cancelled() ? undefined : await lists.all();
    } catch (error) {
      if (!cancelled()) noteListingFailure(logger, error);
    }
    if (all !== undefined && !cancelled()) {
      onListed?.('all', all);
      logger.debug(`scan: ${all.length} key candidate file(s) named by ripgrep in ${Date.now() - started} ms (${named.length} by name)`);
      const done = new Set(first);
      results.push(await scanPaths(scanOptions, prepared, all.filter((path) => !done.has(path)).slice(0, MAX_EARLY_FILES - first.length)));
    }
    return mergeResults(results);
  } finally {
    // Whatever ended the phase, no ripgrep is left running.
    lists.stop();
  }
}

/** The phases of scanWorkspace (workspace-scan.ts) for a list of paths, with the preparation done once. */
async function scanPaths(options: WorkspaceScanOptions, prepared: PreparedScan, paths: readonly string[]): Promise<ScanResult> {
  if (paths.length === 0) return { findings: [], skipped: [], filesScanned: 0, cancelled: false, suppressed: [] };
  const outcomes = new ScanOutcomes(prepared, options.onFindings);
  const { discovery, cancelled } = await discoverAndRead({ ...options, paths }, prepared, outcomes);
  return finishScan(prepared, outcomes, discovery, cancelled);
}

function mergeResults(results: readonly ScanResult[]): ScanResult {
  const all = <T>(pick: (result: ScanResult) => readonly T[] | undefined): T[] => results.flatMap((result) => pick(result) ?? []);
  const truncated = all((result) => result.truncated);
  const internalErrors = all((result) => result.internalErrors);
  return {
    findings: all((result) => result.findings),
    skipped: all((result) => result.skipped),
    filesScanned: results.reduce((sum, result) => sum + result.filesScanned, 0),
    cancelled: true,
    suppressed: all((result) => result.suppressed),
    excludedPaths: results.reduce((sum, result) => sum + (result.excludedPaths ?? 0), 0),
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(internalErrors.length > 0 ? { internalErrors } : {}),
  };
}
