import { describeExclusion, PathFilter } from '../discovery/path-filter';
import type { GitState } from '../process/git';
import type { Finding, ScanResult } from '../types';

/**
 * The re-scan after a few files changed (issue 18): when git (or watchman) reports that only they differ from the
 * stored result's state (scan/unchanged-rescan.ts `changedFilesOnly`), they alone are scanned, as explicit paths
 * with the same options, and their outcomes replace theirs in the stored result. The walk, the cache and git's
 * listings are not needed: every other file's outcome is the stored one.
 *
 * What a file contributes to a result: its findings, suppressed findings, findings not shown, rule failures and
 * skipped entry (all carrying its path), and one to `filesScanned` when it was scanned. A stored result is
 * only kept when every file the walk listed was scanned or skipped as binary (`signaturesIfSettled`), so a
 * changed tracked file counted in it unless it was skipped there, or never listed: a path the options exclude,
 * which the explicit scan reports as skipped, `excluded` (the walk counts it in `excludedPaths` instead,
 * unchanged). An untracked file made since (`created`) counted nowhere; the walk would not list it if
 * `.gitignore` ignores it (the explicit scan reports it excluded), and would count it in `excludedPaths` if the
 * options exclude it: then undefined, and the caller scans the folder. A file removed since (`removed`) loses its
 * entries and, if the stored result counted it (`countRemovedFiles`), its count.
 */
export function withChangedFiles(
  stored: ScanResult,
  rescanned: ScanResult,
  changed: readonly string[],
  created: readonly string[] = [],
  removed: RemovedFiles = { paths: [], counted: 0 },
): ScanResult | undefined {
  const replaced = new Set([...changed, ...created, ...removed.paths]);
  const excludedEntries = rescanned.skipped.filter((entry) => entry.reason === 'excluded');
  const made = new Set(created);
  if (excludedEntries.some((entry) => made.has(entry.path) && entry.detail !== IGNORED_BY_GITIGNORE)) return undefined;
  const excluded = new Set(excludedEntries.map((entry) => entry.path));
  const storedSkipped = new Set(stored.skipped.map((entry) => entry.path));
  const countedBefore = changed.filter((file) => !excluded.has(file) && !storedSkipped.has(file)).length;
  const unchangedFiles = stored.filesScanned - countedBefore - removed.counted;
  const merged = <T extends { readonly path: string }>(before: readonly T[] | undefined, after: readonly T[] | undefined): T[] =>
    // A stable sort by path: each file's entries come from one side, in the order its scan gave them.
    [...(before ?? []).filter((entry) => !replaced.has(entry.path)), ...(after ?? [])].sort(byPath);
  const truncated = merged(stored.truncated, rescanned.truncated);
  const internalErrors = merged(stored.internalErrors, rescanned.internalErrors);
  return {
    findings: merged<Finding>(stored.findings, rescanned.findings),
    skipped: merged(
      stored.skipped,
      rescanned.skipped.filter((entry) => !excluded.has(entry.path)),
    ),
    filesScanned: unchangedFiles + rescanned.filesScanned,
    cancelled: rescanned.cancelled,
    fromCache: unchangedFiles,
    suppressed: merged(stored.suppressed, rescanned.suppressed),
    excludedPaths: stored.excludedPaths ?? 0,
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(internalErrors.length > 0 ? { internalErrors } : {}),
  };
}

/** Files removed since the stored result: their entries are dropped, and `counted` of them were in `filesScanned`. */
export interface RemovedFiles {
  readonly paths: readonly string[];
  readonly counted: number;
}

/**
 * How many of the removed files the stored result counted as scanned: the walk listed a file unless `.gitignore`
 * ignored it (an untracked one) or the options exclude it, and counted it unless it was skipped. Undefined when the
 * options exclude one (the walk counted it in `excludedPaths`, which a removal may or may not change).
 */
export async function countRemovedFiles(
  root: string,
  stored: ScanResult,
  removed: readonly string[],
  options: { readonly exclude?: readonly string[] | undefined; readonly useGitignore?: boolean | undefined; readonly git: GitState },
): Promise<RemovedFiles | undefined> {
  if (removed.length === 0) return { paths: [], counted: 0 };
  const filter = await new PathFilter(root, options).init();
  const skipped = new Set(stored.skipped.map((entry) => entry.path));
  let counted = 0;
  for (const file of removed) {
    await filter.preloadFoldersOf(file);
    const exclusion = filter.checkPath(file);
    if (exclusion?.by === 'exclude') return undefined;
    if (exclusion === undefined && !skipped.has(file)) counted++;
  }
  return { paths: removed, counted };
}

/** Gitignore's exclusion as the explicit scan reports it (a file the walk would not list, nor count). */
const IGNORED_BY_GITIGNORE = describeExclusion({ by: 'gitignore' });

/** Discovery's order (discovery/discover.ts `sortedDiscoveryResult`), which a scan's result follows. */
function byPath(a: { readonly path: string }, b: { readonly path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
