import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, discoverFiles } from './discovery/discover';
import { KEYWARDIGNORE_FILE, parseKeywardIgnore, type KeywardIgnoreProblem } from './fixes/keywardignore';
import { readGitState } from './git';
import type { Rule } from './rules/rule';
import { KEYWARD_VERSION } from './project';
import { RULES } from './rules/registry';
import { cacheKey, ScanCache, type CacheEntry } from './scan/cache';
import { DiskFileScanner, type FileOutcome, type FileTask } from './scan/disk-file';
import { scanSerially } from './scan/serial-scan';
import { scanInWorkers, workerScript } from './scan/worker-pool';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS, type FileSuppressions, type KeywardIgnoreEntry } from './suppress';
import type { WorkspaceFacts } from './workspace-facts';
import { readWorkspaceFacts } from './workspace-facts-files';
import { silentLogger, type Cancellation, type Finding, type Logger, type ScanResult, type SkippedFile } from './types';

export { DEFAULT_MAX_FILE_SIZE } from './discovery/discover';
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
  /** The incremental cache file (see scan/cache.ts); it must live where only the user can write. */
  readonly cacheFile?: string | undefined;
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
  // Honoured in untrusted workspaces too: see the format notes in fixes/keywardignore.ts.
  const { suppressions, entries: keywardIgnore } = await loadKeywardIgnore(root, { logger });
  const workspace = options.workspace ?? (await readWorkspaceFacts(root, { logger }));
  const discovery = await discoverFiles({
    root,
    paths: options.paths,
    exclude: options.exclude,
    maxFileSize,
    useGitignore: options.useGitignore,
    git,
    cancellation: options.cancellation,
    logger,
  });

  // Custom rules (tests) cannot be sent to workers, and their results must not enter a cache.
  const cache =
    options.cacheFile !== undefined && !options.rules
      ? await ScanCache.open(options.cacheFile, cacheKey({ version: KEYWARD_VERSION, rules: RULES.map((r) => r.meta.id), root, maxFileSize, keywardIgnore, workspace }), logger)
      : undefined;
  const tasks: FileTask[] = discovery.files.map((file) => {
    const committed = git.isTracked(file.path);
    return { path: file.path, absolutePath: file.absolutePath, size: file.size, committed, cachedDigest: cache?.digest(file.path, committed) };
  });
  const outcomes: (FileOutcome | undefined)[] = tasks.map((task, index) => {
    const entry = cache?.fresh(task.path, task.size, discovery.files[index]!.mtimeMs, task.committed);
    return entry ? cachedOutcome(entry) : undefined;
  });
  const pending = tasks.flatMap((task, index) => (outcomes[index] === undefined ? [index] : []));
  // Files the cache answered: unchanged size and mtime (filled in above), or touched but the same digest.
  const answered = outcomes.map((outcome) => outcome !== undefined);
  let fromCache = 0;
  if (cache) logger.info(`scan cache: ${tasks.length - pending.length} of ${tasks.length} files unchanged`);

  let cancelled = discovery.cancelled;
  const workers = workerCount(options, pending.length);
  const script = workers > 1 ? workerScript() : undefined;
  if (script && !cancelled) {
    logger.debug(`scan: ${pending.length} files on ${workers} worker threads`);
    const run = await scanInWorkers(
      pending.map((index) => tasks[index]!),
      { workers, script, settings: { maxFileSize, keywardIgnore, workspace }, logger, cancellation: options.cancellation },
    );
    run.outcomes.forEach((outcome, offset) => (outcomes[pending[offset]!] = outcome));
    cancelled ||= run.cancelled;
  }
  if (!cancelled) {
    // Everything still unscanned: small scans, and whatever a failed worker left.
    const scanner = new DiskFileScanner({ maxFileSize, suppressions, workspace, logger, rules: options.rules });
    cancelled = (await scanSerially(tasks, scanner, outcomes, options.cancellation)).cancelled;
  }

  const findings: Finding[] = [];
  const skipped: SkippedFile[] = [...discovery.skipped];
  let filesScanned = 0;
  outcomes.forEach((outcome, index) => {
    if (!outcome) return;
    const task = tasks[index]!;
    if (outcome.kind === 'unchanged') answered[index] = true;
    const resolved = outcome.kind === 'unchanged' ? cachedOutcome(cache?.previousEntry(task.path)) : outcome;
    if (resolved.kind === 'skipped') skipped.push(resolved.skipped);
    else if (resolved.kind === 'scanned') {
      findings.push(...resolved.findings);
      filesScanned++;
      if (answered[index]) fromCache++;
    }
    const mtimeMs = discovery.files[index]!.mtimeMs;
    if (cache && mtimeMs !== undefined && resolved.kind !== 'unchanged' && (resolved.kind === 'scanned' || resolved.skipped.reason === 'binary')) {
      cache.record(task.path, {
        size: task.size,
        mtimeMs,
        committed: task.committed,
        ...(resolved.kind === 'scanned' && resolved.findings.length > 0 ? { findings: resolved.findings, digest: resolved.digest } : {}),
        ...(resolved.kind === 'skipped' ? { skipped: resolved.skipped } : {}),
      });
    }
  });
  await cache?.save(logger);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const cached = cache ? ` (${fromCache} unchanged since the last scan)` : '';
  logger.info(`scan: ${filesScanned} files scanned${cached}, ${findings.length} findings, ${skipped.length} skipped${cancelled ? ' (cancelled)' : ''}`);
  return { findings, skipped, filesScanned, cancelled, ...(cache ? { fromCache } : {}) };
}

/** A cached entry as an outcome ("unchanged" only if the entry is gone, which cannot happen: it is where the digest came from). */
function cachedOutcome(entry: CacheEntry | undefined): FileOutcome {
  if (!entry) return { kind: 'unchanged' };
  if (entry.skipped) return { kind: 'skipped', skipped: entry.skipped };
  return { kind: 'scanned', findings: [...(entry.findings ?? [])], digest: entry.digest };
}

function workerCount(options: WorkspaceScanOptions, files: number): number {
  if (options.rules) return 1;
  if (typeof options.jobs === 'number') return Math.max(1, Math.min(options.jobs, MAX_WORKERS));
  return files >= PARALLEL_MIN_FILES ? Math.min(availableParallelism(), MAX_WORKERS) : 1;
}

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
  let text: string;
  try {
    text = await readFile(path.join(root, KEYWARDIGNORE_FILE), 'utf8');
  } catch {
    return { suppressions: NO_FILE_SUPPRESSIONS, entries: [], problems: [] };
  }
  const { entries, problems } = parseKeywardIgnore(text);
  for (const problem of problems) opts.logger?.warn(`${KEYWARDIGNORE_FILE} line ${problem.line + 1}: ${problem.message}`);
  return { suppressions: entries.length > 0 ? createFileSuppressions(entries) : NO_FILE_SUPPRESSIONS, entries, problems };
}
