import { availableParallelism } from 'node:os';
import { discoverFiles, type DiscoveredFile, type DiscoveryResult } from '../discovery/discover';
import { withTrailingSeparator } from '../discovery/paths';
import { committedState } from '../process/git';
import { errorClass } from './scanner';
import { RULES } from '../rules/registry';
import { DiskFileScanner, type FileTask } from './disk-file';
import type { JournalReplay } from './git-journal';
import { discoverWithGitJournal, readChangeJournal } from './journal-walk';
import { startRipgrepPrefilter } from './ripgrep-prefilter';
import { scanSerially } from './serial-scan';
import type { WorkerSettings } from './protocol';
import { WorkerPool, workerScript } from './worker-pool';
import { cachedOutcome, type ScanOutcomes } from './workspace-outcomes';
import type { WorkspaceScanOptions } from './workspace-options';
import type { PreparedScan } from './workspace-prepare';

/** Below this many files a scan stays in the calling thread: starting workers would cost more than it saves. */
export const PARALLEL_MIN_FILES = 4000;
/**
 * How long a scan whose listing is done waits for ripgrep's remaining verdicts, at ripgrep's pace so far,
 * before it stops ripgrep and reads the files it has not judged. Measured on two cores (bench/ripgrep.mjs):
 * on the 100,000-file benchmark tree, whose large files keep ripgrep's one thread busy for about 0.9 s after
 * the listing, stopping it saved 10%; on the 68,000 small files, where it needs about 0.3 s more, waiting
 * was 8% faster than reading them. Fewer files than a worker pool's worth are cheap to wait for.
 */
const RIPGREP_WAIT_SECONDS = 0.5;
/** More workers than this only contend for the disk. */
const MAX_WORKERS = 8;

export interface DiscoverAndReadResult {
  readonly discovery: DiscoveryResult;
  readonly cancelled: boolean;
  /** How discovery used git's journal, when it did. */
  readonly replay?: JournalReplay | undefined;
}

/**
 * Phase 2 of a workspace scan: discovery, and reading files while discovery is still walking. As soon as
 * there are enough of them to pay for worker threads (or at once with an explicit --jobs), chunks go to the
 * workers; whatever is left is read in this thread at the end. Every outcome goes to `outcomes.settle`.
 */
export async function discoverAndRead(options: WorkspaceScanOptions, prepared: PreparedScan, outcomes: ScanOutcomes): Promise<DiscoverAndReadResult> {
  const { logger, root, maxFileSize, git, suppressions, keywardIgnore, untrusted, workspace, cache } = prepared;
  const settle = outcomes.settle;
  const tasks = new Map<string, FileTask>();
  const waiting: FileTask[] = [];
  const offMainThread = options.offMainThread === true && !options.rules;
  // 'auto' on the CLI: this thread scans too once the listing is done, so one worker fewer is started (each
  // costs a bundle load and its own JIT warm-up, about 0.15 s of CPU).
  const helps = !offMainThread && !options.rules && (options.jobs === undefined || options.jobs === 'auto');
  const workers = workerCount(options, helps);
  let script = workers > 1 || offMainThread || (helps && workers > 0) ? workerScript() : undefined;
  if (offMainThread && !script) logger.warn('scan: no worker script next to the engine: scanning in this thread');
  const startAtOnce = offMainThread || (options.jobs !== undefined && options.jobs !== 'auto');
  let pool: WorkerPool | undefined;
  const settings: WorkerSettings = { maxFileSize, keywardIgnore, workspace, untrusted, rootPrefix: withTrailingSeparator(root) };
  // A re-scan in a trusted git work tree asks git what changed rather than stat'ing every file.
  const { journal, manyChanges } = await readChangeJournal(options, prepared);
  // ripgrep searches while discovery walks; a file found before ripgrep's verdict on it waits for it. A
  // re-scan's cache answers for most files and the few changed ones are read directly: a search of the whole
  // tree would cost more than it saves (bench/rescan-git.mjs), unless git says many files changed.
  const cacheAnswers = journal !== undefined || (cache?.hasEntries === true && !manyChanges);
  if (cacheAnswers && options.ripgrep) logger.debug('scan: ripgrep not used (a re-scan: the cache answers for unchanged files)');
  const prefilter = startRipgrepPrefilter({
    choice: cacheAnswers ? undefined : options.ripgrep,
    root,
    trusted: options.trusted,
    paths: options.paths,
    maxFileSize,
    useGitignore: options.useGitignore !== false,
    rules: options.rules ?? RULES,
    logger,
  });
  const held = new Map<string, DiscoveredFile>();
  let unread = 0;
  /** Settles a file the cache answers for (size, mtime and git state unchanged); false when it must be decided. */
  const answerFromCache = (file: DiscoveredFile, committed: boolean | undefined): boolean => {
    // Gitignored files run the key rules only: their results are not those a cache entry holds.
    const entry = file.size === undefined || file.gitignored ? undefined : cache?.fresh(file.path, file.size, file.mtimeMs, committed);
    if (entry) {
      outcomes.freshEntries.set(file.path, entry);
      settle(file.path, cachedOutcome(entry), true);
    }
    return entry !== undefined;
  };
  /** A file the cache does not answer for: left unread on ripgrep's verdict, or queued for reading. */
  const decide = (file: DiscoveredFile, committed = committedState(git, file.path)): void => {
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
    if (!pool && script && workers > 0 && (startAtOnce || waiting.length >= PARALLEL_MIN_FILES)) {
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
  // Only files the cache cannot answer for wait for ripgrep's verdict.
  const onFile = (file: DiscoveredFile): void => {
    const committed = committedState(git, file.path);
    if (answerFromCache(file, committed)) return;
    if (prefilter && !prefilter.isDecidable(file.path)) held.set(file.path, file);
    else decide(file, committed);
  };
  const release = (): void => {
    const files = [...held.values()];
    held.clear();
    files.forEach((file) => decide(file));
  };
  prefilter?.onVerdict((relative) => {
    const file = held.get(relative);
    if (file === undefined) return;
    held.delete(relative);
    decide(file);
  });
  void prefilter?.whenDone.then(release);
  let replay: JournalReplay | undefined;
  const discovery = await (journal ? discoverWithGitJournal(journal, (r) => (replay = r)) : discoverFiles)({
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
    else if (held.size >= PARALLEL_MIN_FILES && prefilter.secondsToJudge(held.size) > RIPGREP_WAIT_SECONDS) {
      // The listing is done and ripgrep, at its pace so far, needs a while more: reading the files it has not
      // judged gives the same outcomes (a verdict only allows skipping one), and its core goes to the reading.
      logger.debug(`scan: ripgrep stopped when the listing ended; ${held.size} files it had not judged yet are read`);
      prefilter.stop();
    }
    await prefilter.whenDone;
    release();
    logger.debug(`scan: ${unread} files left unread (ripgrep found no rule anchor and no NUL byte in them)`);
  }
  const scanner = new DiskFileScanner({ maxFileSize, suppressions, untrusted, workspace, logger, rules: options.rules });
  const scanHere = async (list: readonly FileTask[]): Promise<boolean> =>
    (await scanSerially(list, scanner, options.cancellation, (task, outcome) => settle(task.path, outcome))).cancelled;
  if (pool) {
    // The chunks no worker has started yet, scanned here alongside the workers.
    let helped = 0;
    for (let chunk = helps && !cancelled ? pool.take() : undefined; chunk; chunk = pool.take()) {
      helped += chunk.length;
      if ((cancelled = await scanHere(chunk))) break;
      // Awaiting a chunk that took less than a slice never reaches the event loop: the workers' answers, and
      // with them their next chunks, would wait until this thread had taken every chunk left (on 68,000 small
      // files the worker then sat idle for the last 0.4 s).
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (helps) logger.debug(`scan: ${helped} files scanned in this thread alongside the workers`);
    cancelled = (await pool.finish()).cancelled || cancelled;
  }
  if (!cancelled) {
    // Everything still unread: small scans, and whatever a failed worker left.
    cancelled = await scanHere([...tasks.values()].filter((task) => !outcomes.has(task.path)));
  }
  return { discovery, cancelled, replay };
}

/**
 * Worker threads for this scan (1: none, unless this thread helps: then one worker and this thread).
 * 'auto' starts them only once the scan proves large.
 */
function workerCount(options: WorkspaceScanOptions, helps: boolean): number {
  if (options.rules) return 1;
  if (typeof options.jobs === 'number') return Math.max(1, Math.min(options.jobs, MAX_WORKERS));
  return Math.min(availableParallelism(), MAX_WORKERS) - (helps ? 1 : 0);
}
