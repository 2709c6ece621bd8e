import type { DiscoveredFile, DiscoveryResult } from '../discovery/discover';
import { committedState, withRemovalState } from '../process/git';
import type { Finding, FindingsNotShown, RuleFailure, ScanResult, SkippedFile } from '../types';
import type { ScanOutcomes, SettledOutcome } from './workspace-outcomes';
import type { PreparedScan } from './workspace-prepare';
import type { JournalReplay } from './git-journal';
import { storeUnchangedResult } from './unchanged-rescan';

/** The result of a workspace scan, gathered file by file in discovery order. */
class ResultAccumulator {
  readonly findings: Finding[] = [];
  readonly suppressed: Finding[] = [];
  readonly skipped: SkippedFile[];
  readonly truncated: FindingsNotShown[] = [];
  readonly internalErrors: RuleFailure[] = [];
  filesScanned = 0;
  fromCache = 0;

  constructor(
    private readonly prepared: PreparedScan,
    private readonly outcomes: ScanOutcomes,
    discoverySkipped: readonly SkippedFile[],
  ) {
    this.skipped = [...discoverySkipped];
  }

  add(file: DiscoveredFile): void {
    const resolved = this.outcomes.get(file.path);
    if (!resolved || resolved.kind === 'ignored') return;
    if (resolved.kind === 'skipped') this.skipped.push(resolved.skipped);
    else if (resolved.kind === 'scanned') {
      // Marked here, not in the cache: the mark follows git's index, not the file's bytes.
      if (resolved.findings.length > 0) for (const finding of withRemovalState(resolved.findings, this.prepared.git)) this.findings.push(finding);
      if (resolved.suppressed) this.suppressed.push(...resolved.suppressed);
      if (resolved.truncated) this.truncated.push(...resolved.truncated);
      if (resolved.internalErrors) this.internalErrors.push(...resolved.internalErrors);
      if (resolved.partial) this.skipped.push(resolved.partial);
      this.filesScanned++;
      if (this.outcomes.answeredByCache.has(file.path)) this.fromCache++;
    }
    this.recordInCache(file, resolved);
  }

  private recordInCache(file: DiscoveredFile, resolved: Exclude<SettledOutcome, { readonly kind: 'ignored' }>): void {
    const { cache, git } = this.prepared;
    // A file a rule failed on is never cached: the next scan tries again rather than calling it clean. Nor is
    // a file whose YAML was refused, so every scan reports it again.
    const failed = resolved.kind === 'scanned' && (resolved.internalErrors !== undefined || resolved.partial !== undefined);
    if (
      cache &&
      !failed &&
      !file.gitignored &&
      file.size !== undefined &&
      file.mtimeMs !== undefined &&
      (resolved.kind === 'scanned' || resolved.skipped.reason === 'binary')
    ) {
      const committed = committedState(git, file.path);
      const previous = this.outcomes.freshEntries.get(file.path);
      // Answered by its unchanged entry: that entry is what would be recorded again.
      if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs && previous.committed === committed) {
        cache.keep(file.path, previous);
        return;
      }
      cache.record(file.path, {
        size: file.size,
        mtimeMs: file.mtimeMs,
        committed,
        ...(resolved.kind === 'scanned' && resolved.findings.length > 0 ? { findings: resolved.findings, digest: resolved.digest } : {}),
        ...(resolved.kind === 'scanned' && resolved.suppressed ? { suppressed: resolved.suppressed, digest: resolved.digest } : {}),
        ...(resolved.kind === 'scanned' && resolved.truncated ? { truncated: resolved.truncated } : {}),
        ...(resolved.kind === 'skipped' ? { skipped: resolved.skipped } : {}),
      });
    }
  }
}

/** Phase 4 of a workspace scan: the outcomes in discovery order, the cache saved, skipped files sorted, the result. */
export async function finishScan(
  prepared: PreparedScan,
  outcomes: ScanOutcomes,
  discovery: DiscoveryResult,
  cancelled: boolean,
  replay?: JournalReplay,
): Promise<ScanResult> {
  const { cache, logger } = prepared;
  const result = new ResultAccumulator(prepared, outcomes, discovery.skipped);
  for (const file of discovery.files) result.add(file);
  const { findings, skipped, suppressed, truncated, internalErrors, filesScanned, fromCache } = result;
  await cache?.save(logger);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const cached = cache ? ` (${fromCache} unchanged since the last scan)` : '';
  logger.info(
    `scan: ${filesScanned} files scanned${cached}, ${findings.length} findings, ${suppressed.length} suppressed, ${skipped.length} skipped${cancelled ? ' (cancelled)' : ''}`,
  );
  if (cache) logger.info(`scan cache: ${outcomes.answeredByCache.size} of ${discovery.files.length} files unchanged`);
  const scanResult: ScanResult = {
    findings,
    skipped,
    filesScanned,
    cancelled,
    ...(cache ? { fromCache } : {}),
    suppressed,
    excludedPaths: discovery.excludedPaths ?? 0,
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(internalErrors.length > 0 ? { internalErrors } : {}),
  };
  // The next re-scan may return this result whole if git then reports nothing changed.
  if (cache && prepared.unchangedCheck && prepared.journal) {
    const scan = { root: prepared.root, cache, discovery, replay, result: scanResult, tracked: prepared.journal.tracked.keys() };
    await storeUnchangedResult(prepared.unchangedCheck, scan, logger);
  }
  return scanResult;
}
