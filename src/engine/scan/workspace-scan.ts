import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, discoverFiles, type DiscoveredFile } from '../discovery/discover';
import { DEFAULT_FINDING_LIMITS } from '../findings/finding-caps';
import { KEYWARDIGNORE_FILE, parseKeywardIgnore, type KeywardIgnoreProblem } from '../fixes/keywardignore';
import { committedState, readGitState, withRemovalState } from '../process/git';
import { readRegularText } from '../io/safe-read';
import type { Rule } from '../rules/rule';
import { KEYWARD_VERSION } from '../project';
import { errorClass } from './scanner';
import { RULES } from '../rules/registry';
import { cacheKey, ScanCache, type CacheEntry } from './cache';
import { DiskFileScanner, type FileOutcome, type FileTask } from './disk-file';
import { startRipgrepPrefilter, type RipgrepChoice } from './ripgrep-prefilter';
import { scanSerially } from './serial-scan';
import type { WorkerSettings } from './protocol';
import { WorkerPool, workerScript } from './worker-pool';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS, type FileSuppressions, type KeywardIgnoreEntry } from '../findings/suppress';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import { readWorkspaceFacts } from '../facts/workspace-facts-files';
import { silentLogger, type Cancellation, type Finding, type FindingsNotShown, type Logger, type RuleFailure, type ScanResult, type SkippedFile } from '../types';

export { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
export { HEAD_BYTES } from './scanner';

export interface WorkspaceScanOptions {
  /** Absolute workspace folder. */
  readonly root: string;
  /** Optional subset: files or folders, absolute or relative to root. */
  readonly paths?: readonly string[] | undefined;
  /** minimatch globs relative to root (keyward.exclude, CLI --exclude, VS Code files.exclude keys that are true). */
  readonly exclude?: readonly string[] | undefined;
  /** Bytes; default DEFAULT_MAX_FILE_SIZE. Key containers (*.p12, *.pfx, *.jks, *.keystore) are read regardless. */
  readonly maxFileSize?: number | undefined;
  /** Default true. */
  readonly useGitignore?: boolean | undefined;
  /** false: never spawn git or any process (a repository's .git/config can run programs). */
  readonly trusted: boolean;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
  readonly rules?: readonly Rule[] | undefined;
  /** Facts for identity-inferring fixes; read from the folder's files (never by running git) when absent. */
  readonly workspace?: WorkspaceFacts | undefined;
  /** Worker threads: a number (1 = this thread only), or 'auto' (default): one per core for large scans. */
  readonly jobs?: number | 'auto' | undefined;
  /**
   * true: files are read and scanned on worker threads (at least one, with `jobs` 1 too) from the first
   * file, whatever the workspace size; this thread only discovers files and collects outcomes. For the
   * editor's extension host, where one hostile file must not hold up the editor. It falls back to this
   * thread (with a warning) only when no worker can run. Ignored with custom `rules` (they cannot be sent).
   */
  readonly offMainThread?: boolean | undefined;
  /** The incremental cache file (see scan/cache.ts); it must live where only the user can write. */
  readonly cacheFile?: string | undefined;
  /**
   * Called with a file's findings as soon as they are known (files without findings: not called), so a
   * host can show the first keys of a large workspace long before the scan ends. The result holds them all.
   */
  readonly onFindings?: ((findings: readonly Finding[]) => void) | undefined;
  /**
   * Let ripgrep name the files worth reading (scan/ripgrep-prefilter.ts) while discovery walks; the result
   * is the same as without it. Default: off (every file discovery lists is read).
   */
  readonly ripgrep?: RipgrepChoice | undefined;
}

/** Below this many files a scan stays in the calling thread: starting workers would cost more than it saves. */
export const PARALLEL_MIN_FILES = 4000;
/** More workers than this only contend for the disk. */
const MAX_WORKERS = 8;

/**
 * Scans a workspace folder: git state once, `.keywardignore` once, discovery, then every file through
 * the rule gates and `scanFile`, in worker threads for large workspaces. Findings are ordered by path and
 * offset. Cancellation is checked between files; a cancelled scan returns what it found so far with
 * `cancelled: true`.
 */
export async function scanWorkspace(options: WorkspaceScanOptions): Promise<ScanResult> {
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const git = await readGitState(root, { trusted: options.trusted, logger });
  // Read in untrusted workspaces too, where it no longer hides key findings (suppress.ts `honoursSuppression`).
  const { suppressions, entries: keywardIgnore } = await loadKeywardIgnore(root, { logger });
  const untrusted = !options.trusted;
  const workspace = options.workspace ?? (await readWorkspaceFacts(root, { logger }));
  // Custom rules (tests) cannot be sent to workers, and their results must not enter a cache.
  const cache =
    options.cacheFile !== undefined && !options.rules
      ? await ScanCache.open(options.cacheFile, cacheKey({ version: KEYWARD_VERSION, rules: RULES.map((r) => r.meta.id), limits: DEFAULT_FINDING_LIMITS, root, maxFileSize, keywardIgnore, workspace, untrusted }), logger)
      : undefined;

  // Files are read while discovery is still walking: as soon as there are enough of them to pay for
  // worker threads (or at once with an explicit --jobs), chunks go to the workers.
  const outcomes = new Map<string, SettledOutcome>();
  const answeredByCache = new Set<string>();
  const tasks = new Map<string, FileTask>();
  const waiting: FileTask[] = [];
  const offMainThread = options.offMainThread === true && !options.rules;
  const workers = workerCount(options);
  let script = workers > 1 || offMainThread ? workerScript() : undefined;
  if (offMainThread && !script) logger.warn('scan: no worker script next to the engine: scanning in this thread');
  const startAtOnce = offMainThread || (options.jobs !== undefined && options.jobs !== 'auto');
  let pool: WorkerPool | undefined;
  const settings: WorkerSettings = { maxFileSize, keywardIgnore, workspace, untrusted };
  /** Every file's outcome passes here once, from the cache, a worker or this thread. */
  const settle = (file: string, outcome: SettledOutcome | { readonly kind: 'unchanged' }, fromCacheEntry = false): void => {
    // "unchanged": touched, but its digest is the cached one, so the cached findings stand.
    const entry = outcome.kind === 'unchanged' ? cache?.previousEntry(file) : undefined;
    const settled = outcome.kind === 'unchanged' ? (entry ? cachedOutcome(entry) : undefined) : outcome;
    if (!settled) return;
    outcomes.set(file, settled);
    if (fromCacheEntry || entry) answeredByCache.add(file);
    if (settled.kind === 'scanned' && settled.findings.length > 0) options.onFindings?.(withRemovalState(settled.findings, git));
  };
  // ripgrep searches while discovery walks; a file found before ripgrep's verdict on it waits for it.
  const prefilter = startRipgrepPrefilter({ choice: options.ripgrep, root, trusted: options.trusted, paths: options.paths, maxFileSize, useGitignore: options.useGitignore !== false, rules: options.rules ?? RULES, logger });
  const held = new Map<string, DiscoveredFile>();
  let unread = 0;
  const decide = (file: DiscoveredFile): void => {
    const committed = committedState(git, file.path);
    // Gitignored files run the key rules only: their results are not those a cache entry holds.
    const entry = file.size === undefined || file.gitignored ? undefined : cache?.fresh(file.path, file.size, file.mtimeMs, committed);
    if (entry) {
      settle(file.path, cachedOutcome(entry), true);
      return;
    }
    // No anchor, no NUL byte, no rule for its path: reading it would come to "scanned, nothing found".
    if (prefilter?.canSkipReading(file.path)) {
      unread++;
      settle(file.path, file.gitignored ? { kind: 'ignored' } : { kind: 'scanned', findings: [] });
      return;
    }
    const task: FileTask = file.gitignored
      ? { path: file.path, absolutePath: file.absolutePath, size: file.size, committed, gitignored: true }
      : { path: file.path, absolutePath: file.absolutePath, size: file.size, committed, cachedDigest: cache?.digest(file.path, committed) };
    tasks.set(file.path, task);
    if (pool) pool.push(task);
    else waiting.push(task);
    if (!pool && script && (startAtOnce || waiting.length >= PARALLEL_MIN_FILES)) {
      logger.debug(`scan: reading files on ${workers} worker threads while discovery continues`);
      try {
        pool = new WorkerPool({ workers, script, settings, logger, cancellation: options.cancellation, onOutcome: settle });
        waiting.splice(0).forEach((t) => pool!.push(t));
      } catch (error) {
        // No threads to be had (resource limits): this thread reads everything after discovery.
        logger.warn(`scan workers could not start (${errorClass(error)}): scanning in one thread`);
        script = undefined;
      }
    }
  };
  const onFile = (file: DiscoveredFile): void => {
    if (prefilter && !prefilter.isDecidable(file.path)) held.set(file.path, file);
    else decide(file);
  };
  const release = (): void => {
    const files = [...held.values()];
    held.clear();
    files.forEach(decide);
  };
  prefilter?.onVerdict((relative) => {
    const file = held.get(relative);
    if (file === undefined) return;
    held.delete(relative);
    decide(file);
  });
  void prefilter?.whenDone.then(release);
  const discovery = await discoverFiles({
    root,
    paths: options.paths,
    exclude: options.exclude,
    maxFileSize,
    useGitignore: options.useGitignore,
    git,
    // Without git's state a committed key may hide behind .gitignore: the key rules still see such files.
    scanIgnoredForKeys: true,
    cancellation: options.cancellation,
    logger,
    // The cache needs each file's size and mtime before reading it; without a cache the reader's fstat suffices.
    statFiles: cache !== undefined,
    onFile,
  });
  let cancelled = discovery.cancelled;
  if (prefilter) {
    if (cancelled) prefilter.cancel();
    await prefilter.whenDone;
    release();
    logger.debug(`scan: ${unread} files left unread (ripgrep found no rule anchor and no NUL byte in them)`);
  }
  if (pool) {
    cancelled ||= (await pool.finish()).cancelled;
  }
  if (!cancelled) {
    // Everything still unread: small scans, and whatever a failed worker left.
    const rest = [...tasks.values()].filter((task) => !outcomes.has(task.path));
    const scanner = new DiskFileScanner({ maxFileSize, suppressions, untrusted, workspace, logger, rules: options.rules });
    cancelled = (await scanSerially(rest, scanner, options.cancellation, (task, outcome) => settle(task.path, outcome))).cancelled;
  }

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const skipped: SkippedFile[] = [...discovery.skipped];
  const truncated: FindingsNotShown[] = [];
  const internalErrors: RuleFailure[] = [];
  let filesScanned = 0;
  let fromCache = 0;
  for (const file of discovery.files) {
    const resolved = outcomes.get(file.path);
    if (!resolved || resolved.kind === 'ignored') continue;
    if (resolved.kind === 'skipped') skipped.push(resolved.skipped);
    else if (resolved.kind === 'scanned') {
      // Marked here, not in the cache: the mark follows git's index, not the file's bytes.
      for (const finding of withRemovalState(resolved.findings, git)) findings.push(finding);
      if (resolved.suppressed) suppressed.push(...resolved.suppressed);
      if (resolved.truncated) truncated.push(...resolved.truncated);
      if (resolved.internalErrors) internalErrors.push(...resolved.internalErrors);
      if (resolved.partial) skipped.push(resolved.partial);
      filesScanned++;
      if (answeredByCache.has(file.path)) fromCache++;
    }
    // A file a rule failed on is never cached: the next scan tries again rather than calling it clean. Nor is
    // a file whose YAML was refused, so every scan reports it again.
    const failed = resolved.kind === 'scanned' && (resolved.internalErrors !== undefined || resolved.partial !== undefined);
    if (cache && !failed && !file.gitignored && file.size !== undefined && file.mtimeMs !== undefined && (resolved.kind === 'scanned' || resolved.skipped.reason === 'binary')) {
      cache.record(file.path, {
        size: file.size,
        mtimeMs: file.mtimeMs,
        committed: committedState(git, file.path),
        ...(resolved.kind === 'scanned' && resolved.findings.length > 0 ? { findings: resolved.findings, digest: resolved.digest } : {}),
        ...(resolved.kind === 'scanned' && resolved.suppressed ? { suppressed: resolved.suppressed, digest: resolved.digest } : {}),
        ...(resolved.kind === 'scanned' && resolved.truncated ? { truncated: resolved.truncated } : {}),
        ...(resolved.kind === 'skipped' ? { skipped: resolved.skipped } : {}),
      });
    }
  }
  await cache?.save(logger);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const cached = cache ? ` (${fromCache} unchanged since the last scan)` : '';
  logger.info(`scan: ${filesScanned} files scanned${cached}, ${findings.length} findings, ${suppressed.length} suppressed, ${skipped.length} skipped${cancelled ? ' (cancelled)' : ''}`);
  if (cache) logger.info(`scan cache: ${answeredByCache.size} of ${discovery.files.length} files unchanged`);
  return {
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
}

/** What a file's scan came to, once a cached "unchanged" has been replaced by the cached findings. */
type SettledOutcome = Exclude<FileOutcome, { readonly kind: 'unchanged' }>;

function cachedOutcome(entry: CacheEntry): SettledOutcome {
  if (entry.skipped) return { kind: 'skipped', skipped: entry.skipped };
  return {
    kind: 'scanned',
    findings: [...(entry.findings ?? [])],
    digest: entry.digest,
    ...(entry.suppressed ? { suppressed: [...entry.suppressed] } : {}),
    ...(entry.truncated ? { truncated: [...entry.truncated] } : {}),
  };
}

/** Worker threads for this scan (1: none). 'auto' starts them only once the scan proves large. */
function workerCount(options: WorkspaceScanOptions): number {
  if (options.rules) return 1;
  if (typeof options.jobs === 'number') return Math.max(1, Math.min(options.jobs, MAX_WORKERS));
  return Math.min(availableParallelism(), MAX_WORKERS);
}

/** Far beyond any reviewed list of findings. */
const MAX_KEYWARDIGNORE_BYTES = 1024 * 1024;

export interface LoadedKeywardIgnore {
  readonly suppressions: FileSuppressions;
  readonly entries: readonly KeywardIgnoreEntry[];
  readonly problems: readonly KeywardIgnoreProblem[];
}

/**
 * Reads the root `.keywardignore` (absent: no suppressions). Problems (entries without a reason, bad rule
 * ids) are logged as warnings and returned, so hosts can show them on the file.
 */
export async function loadKeywardIgnore(root: string, opts: { logger?: Logger | undefined } = {}): Promise<LoadedKeywardIgnore> {
  const read = readRegularText(path.join(root, KEYWARDIGNORE_FILE), { maxBytes: MAX_KEYWARDIGNORE_BYTES, inside: root });
  if (!read.ok) {
    // A FIFO, a device, a link or an oversized file is no reviewed list: it suppresses nothing.
    if (read.reason !== 'absent') opts.logger?.warn(`${KEYWARDIGNORE_FILE} not read (${read.detail}): nothing is suppressed by it`);
    return { suppressions: NO_FILE_SUPPRESSIONS, entries: [], problems: [] };
  }
  const { entries, problems } = parseKeywardIgnore(read.value);
  for (const problem of problems) opts.logger?.warn(`${KEYWARDIGNORE_FILE} line ${problem.line + 1}: ${problem.message}`);
  return { suppressions: entries.length > 0 ? createFileSuppressions(entries) : NO_FILE_SUPPRESSIONS, entries, problems };
}
