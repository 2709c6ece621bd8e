import { createHash } from 'node:crypto';
import { lstatSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import type { DiscoveryResult } from '../discovery/discover';
import { nulSeparatedPaths } from '../process/git-command';
import { readRegularFile } from '../io/safe-read';
import { readInfoExclude } from '../discovery/gitignore-tree';
import type { Finding, Logger, ScanResult } from '../types';
import { RACY_MS, readCacheFile, writeCacheFile, type ScanCache } from './cache';
import type { JournalOutput, JournalReplay } from './git-journal';
import { errorClass } from './scanner';
import { compareFolders, recordFolders, type FolderComparison, type RecordedFolders } from './recorded-folders';
import type { WatchmanClock } from './watchman-journal';

/**
 * The unchanged re-scan (issue 18): when git's answers are exactly those of the previous journal re-scan, the
 * previous result is returned whole, without parsing git's listing, walking it or opening the cache. The
 * result is stored next to the cache file (`<cache>.unchanged`), with what it was computed from:
 *
 * - the cache key (Keyward's version, rules, options, `.keywardignore`, workspace facts: workspace-prepare.ts);
 * - a digest of git's index file (every entry's path, mode, object, stage, flags and recorded stat data) and
 *   the absence of any path `diff-files` reports: every tracked file then has the very size, mtime, ctime,
 *   inode and device it had when that scan read it (git compares them itself, with the stat settings Keyward
 *   forces, and compares the content of racily clean entries);
 * - git's untracked listing: where folder timestamps are trusted (`directoryTimesKept`), the lstat of every
 *   folder git reads to make it, so that the listing need not be asked for again; else a digest of it;
 * - the lstat of each untracked path the walk stat'ed (and of every untracked `.gitignore`), or for the
 *   others whether they are folders;
 * - the staged removals (`removalStaged` marks) and `.git/info/exclude`;
 * - where watchman watches the workspace (scan/watchman-journal.ts), its clock from before git was asked: when it
 *   reports no change since, no tracked file and no folder changed, and neither `diff-files` nor the folders'
 *   lstat is needed.
 *
 * A result is stored only when the walk took everything from git's answers (`JournalReplay.exact`: no
 * symlink, submodule, unlisted folder or unvouched tracked file), every listed file has a cache entry of its
 * size and mtime (so none was modified within the cache's racy window), and the scan was complete.
 */
const FORMAT = 'keyward-unchanged-rescan/2';
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** What git and the ignore files said at the start of a scan, digested. */
export interface JournalFingerprint {
  /** Of git's index file (git-journal.ts `digestIndexFile`). */
  readonly index: string;
  /**
   * Of git's index listing (every entry's tag, mode, object, stage, path and stat data): what the index file's
   * digest stands for. A file rewritten with the same entries (`git status` writing it back, a commit writing its
   * tree cache) has another digest and the same listing.
   */
  readonly listing: string;
  readonly untracked: string;
  readonly removals: string;
  readonly infoExclude: string;
}

/** What a journal re-scan needs to store or check an unchanged result. */
export interface UnchangedCheck {
  readonly cacheFile: string;
  readonly key: string;
  /**
   * Undefined when a tracked file differs from the index (`diff-files` listed it), or the index file could not
   * be digested: then no result is stored or taken, and git's listings are not digested.
   */
  readonly fingerprint: JournalFingerprint | undefined;
  /** When git was asked (Date.now()). */
  readonly askedAt: number;
  /** git's untracked listing, as listed (folders with their trailing `/`). */
  readonly untracked: readonly string[];
  /** watchman's clock, taken before git was asked, when watchman watches the workspace. */
  readonly watchman: WatchmanClock | undefined;
}

interface Snapshot {
  readonly format: string;
  readonly key: string;
  readonly fingerprint: JournalFingerprint;
  /** Per untracked listing entry: its lstat signature (see `signature`). */
  readonly untracked: Readonly<Record<string, string>>;
  /** The folders git read for its untracked listing, where their timestamps are trusted (recorded-folders.ts). */
  readonly folders?: RecordedFolders;
  readonly watchman?: WatchmanClock;
  readonly result: ScanResult;
}

export function unchangedCheck(
  cacheFile: string,
  key: string,
  asked: {
    readonly at: number;
    readonly index: string | undefined;
    readonly output: JournalOutput;
    readonly removals: ReadonlySet<string>;
    readonly watchman: WatchmanClock | undefined;
  },
  root: string,
): UnchangedCheck {
  const { output, removals } = asked;
  return {
    cacheFile,
    key,
    askedAt: asked.at,
    watchman: asked.watchman,
    fingerprint:
      output.dirty === '' && asked.index !== undefined
        ? {
            index: asked.index,
            listing: digest(output.index),
            untracked: digest(output.untracked),
            removals: digestRemovals(removals),
            infoExclude: digestInfoExclude(root),
          }
        : undefined,
    untracked: nulSeparatedPaths(output.untracked),
  };
}

/** A stored result of this format, with what it was computed from; undefined when there is none. */
export function readStoredResult(cacheFile: string): Snapshot | undefined {
  const snapshot = readCacheFile(snapshotFile(cacheFile), MAX_SNAPSHOT_BYTES) as Partial<Snapshot> | undefined;
  if (snapshot?.format !== FORMAT || typeof snapshot.key !== 'string' || !snapshot.result || !snapshot.untracked || !snapshot.fingerprint) return undefined;
  return snapshot as Snapshot;
}

export type StoredResult = Snapshot;

/** What a re-scan learns from git before (and without) its listings. */
export interface EarlyAnswers {
  readonly key: string;
  /** `diff-files --name-only`'s output. */
  readonly dirty: string;
  readonly removals: ReadonlySet<string>;
  /**
   * Whether git's untracked listing is the stored one but for the untracked files the caller passes: the recorded
   * folders unchanged (`recordedFolderChanges`), or those that changed read (scan/folder-journal.ts), or watchman's word.
   */
  readonly foldersUnchanged: boolean;
}

/**
 * The stored result, answered without git's listings: no tracked file differs from the index, the index is the
 * one listed then, and every folder git read for its untracked listing has the lstat it had before that listing
 * was made, so the listing would be the same. Undefined when any of this (or what `describesNow` checks) differs.
 */
export function resultWithoutListing(snapshot: Snapshot, now: EarlyAnswers, root: string, logger: Logger): ScanResult | undefined {
  if (now.dirty !== '' || !describesNowButTracked(snapshot, now, root)) return undefined;
  logger.debug("scan: git's untracked listing not asked for: no folder it reads has changed");
  return unchangedResult(snapshot, logger);
}

/** More tracked files changed than this: the journal walk, whose cache answers per file, costs less. */
export const MAX_CHANGED_FILES = 1000;

/** The files a re-scan over the stored result scans, and those it drops (scan/changed-rescan.ts). */
export interface ChangedFiles {
  /** Tracked files changed since the stored result (and there now). */
  readonly changed: readonly string[];
  /** Untracked files made since it (watchman named them: scan/watchman-journal.ts). */
  readonly created: readonly string[];
  /** Files removed since it (watchman), tracked and untracked. */
  readonly removedTracked: readonly string[];
  readonly removedUntracked: readonly string[];
}

/**
 * What watchman adds to git's answers: the untracked files made and the files removed since the stored result
 * (`diff-files`, or watchman with the same index, lists the tracked ones removed among the changed files too).
 */
export type WatchedChanges = Omit<ChangedFiles, 'changed'>;

/**
 * The files changed since the stored result, when they are all that changed: the stored result then stands for
 * every other file (a file's outcome depends on its path, its bytes, and what the cache key and the checks below
 * cover), and a re-scan need read only these (scan/changed-rescan.ts). Undefined when anything else changed, when
 * one of them is an ignore file (its rules decide about other files), or when there are many.
 *
 * The tracked files are `diff-files`'s (or watchman's, with the same index). Untracked files made and files
 * removed since (`watched`) come from watchman only, which also vouches that nothing else was made, removed or
 * changed: git's untracked listing then differs from the stored one by exactly them. Without watchman, a tracked
 * file removed, or replaced by a link, a folder or a FIFO, changed its folder's entries, so the recorded folders
 * differ and the journal walk handles it.
 */
export function changedFilesOnly(snapshot: Snapshot, now: EarlyAnswers, root: string, watched?: WatchedChanges): ChangedFiles | undefined {
  const { created = [], removedTracked = [], removedUntracked = [] } = watched ?? {};
  // `diff-files` lists a tracked file removed too: it is dropped from the result, not scanned.
  const dirty = nulSeparatedPaths(now.dirty);
  const removed = new Set(removedTracked);
  const changed = dirty.filter((file) => !removed.has(file));
  const all = [...dirty, ...created, ...removedUntracked];
  if (all.length === 0 || all.length > MAX_CHANGED_FILES) return undefined;
  if (all.some((entry) => IGNORE_FILES.has(path.posix.basename(entry)))) return undefined;
  // With untracked files made or removed the untracked listing differs, by exactly them (watchman vouches).
  const rest =
    created.length + removedUntracked.length === 0
      ? describesNowButTracked(snapshot, now, root)
      : describesNowButFiles(snapshot, now, root, new Set(removedUntracked));
  return rest ? { changed, created, removedTracked, removedUntracked } : undefined;
}

/**
 * Whether none of these paths is in git's untracked listing of the stored result, nor inside a folder it names
 * whole. For a path that was there then, that means it was tracked (in the index); for one the index does not
 * hold now (the same index), that it was not there.
 */
export function outsideUntrackedListing(snapshot: Snapshot, paths: readonly string[]): boolean {
  return paths.every((file) => !inUntrackedListing(snapshot, file));
}

function inUntrackedListing(snapshot: Snapshot, file: string): boolean {
  const listed = (entry: string) => Object.hasOwn(snapshot.untracked, entry);
  // The path itself, as a file or as a folder listed whole, or inside such a folder.
  return listed(file) || listed(`${file}/`) || Object.keys(snapshot.untracked).some((entry) => entry.endsWith('/') && file.startsWith(entry));
}

/** Files whose content decides which other files are scanned (`.keywardignore` is in the cache key as well). */
const IGNORE_FILES = new Set(['.gitignore', '.keywardignore']);

/**
 * Whether the stored result's inputs other than the tracked files' content are as they were (for a stored
 * result of this index, see `describesNow`): the cache key, the staged removals, `.git/info/exclude`, the
 * untracked listing (by the recorded folders' lstat) and every untracked entry's recorded lstat.
 */
function describesNowButTracked(snapshot: Snapshot, now: EarlyAnswers, root: string): boolean {
  // The recorded folders stand for git's untracked listing: it is the stored one.
  return now.foldersUnchanged && describesNowButFiles(snapshot, now, root);
}

/** describesNowButTracked, but for git's untracked listing, which the caller vouches for (and these entries of it, removed). */
function describesNowButFiles(snapshot: Snapshot, now: EarlyAnswers, root: string, removed: ReadonlySet<string> = new Set()): boolean {
  if (now.key !== snapshot.key) return false;
  const answers = { untracked: snapshot.fingerprint.untracked, removals: digestRemovals(now.removals), infoExclude: digestInfoExclude(root) };
  const entries = Object.keys(snapshot.untracked).filter((entry) => !removed.has(entry));
  return describesNow(snapshot, now.key, answers, entries, root);
}

/**
 * Whether every folder git read for the stored result's untracked listing has the lstat it had then (`unchanged`;
 * false when none were recorded), and which changed when that can be told (scan/folder-journal.ts reads them). An
 * lstat per folder, in slices: asked while git compares the tracked files.
 */
export async function recordedFolderChanges(snapshot: Snapshot, root: string, cacheFile: string): Promise<FolderComparison> {
  if (snapshot.folders === undefined) return { unchanged: false, changed: undefined };
  const statsFile = folderStatsFile(cacheFile);
  return compareFolders(snapshot.folders, root, () => {
    const read = readRegularFile(statsFile, { maxBytes: MAX_SNAPSHOT_BYTES });
    return read.ok ? read.value : undefined;
  });
}

/** The stored result, when git's listings and everything else it was computed from are as they were; undefined otherwise. */
export function readUnchangedResult(check: UnchangedCheck, root: string, logger: Logger, snapshot: Snapshot | undefined): ScanResult | undefined {
  if (check.fingerprint === undefined || snapshot === undefined) return undefined;
  return describesNow(snapshot, check.key, check.fingerprint, check.untracked, root) ? unchangedResult(snapshot, logger) : undefined;
}

/** The answers `describesNow` compares. */
type ComparedAnswers = Pick<JournalFingerprint, 'untracked' | 'removals' | 'infoExclude'>;

/**
 * Whether the stored result was computed from these answers, and the untracked entries are as it recorded them.
 * The index is not compared here: every stored result offered is one of this index (git-asking.ts
 * `storedForThisIndex`: the same file or the same entries).
 */
function describesNow(snapshot: Snapshot, key: string, now: ComparedAnswers, untrackedEntries: readonly string[], root: string): boolean {
  const stored = snapshot.fingerprint;
  if (snapshot.key !== key) return false;
  if (stored.untracked !== now.untracked || stored.removals !== now.removals || stored.infoExclude !== now.infoExclude) {
    return false;
  }
  // The same listing: the same entries, each checked as it was recorded.
  for (const entry of untrackedEntries) {
    const recorded = snapshot.untracked[entry];
    if (recorded === undefined || signature(lstatOf(root, entry), recorded.length > 1) !== recorded) return false;
  }
  return true;
}

function unchangedResult(snapshot: Snapshot, logger: Logger): ScanResult {
  const result: ScanResult = { ...snapshot.result, fromCache: snapshot.result.filesScanned };
  logger.info(`scan: unchanged since the last scan (git reports no change): ${result.filesScanned} files, ${result.findings.length} findings as then`);
  return result;
}

/**
 * The stored result, recognised from now on by the index file's new digest, when git's listing of the index is
 * the one it was computed from: the file was rewritten with the same entries. `listedIndex` is the digest of the
 * index file both before and after `listing` was taken (else the listing may be of another index).
 * Undefined when the entries differ.
 */
export async function withRewrittenIndex(
  snapshot: Snapshot,
  cacheFile: string,
  listing: string,
  listedIndex: string,
  logger: Logger,
): Promise<Snapshot | undefined> {
  if (digest(listing) !== snapshot.fingerprint.listing) return undefined;
  const adopted: Snapshot = { ...snapshot, fingerprint: { ...snapshot.fingerprint, index: listedIndex } };
  await writeCacheFile(snapshotFile(cacheFile), adopted, logger);
  logger.debug("scan: git's index file was rewritten with the same entries");
  return adopted;
}

/** Hands each file's findings to `onFindings`, as a scan would have as it went. */
export function announceFindings(findings: readonly Finding[], onFindings: ((findings: readonly Finding[]) => void) | undefined): void {
  if (!onFindings) return;
  for (let start = 0; start < findings.length;) {
    let end = start + 1;
    while (end < findings.length && findings[end]!.path === findings[start]!.path) end++;
    onFindings(findings.slice(start, end));
    start = end;
  }
}

/** A journal re-scan as it ends: what decides whether its result may stand for the next unchanged one. */
export interface FinishedJournalScan {
  readonly root: string;
  readonly cache: ScanCache;
  readonly discovery: DiscoveryResult;
  readonly replay: JournalReplay | undefined;
  readonly result: ScanResult;
  /** The index's paths (git's journal), which name the folders git reads for its untracked listing. */
  readonly tracked: Iterable<string>;
}

/** After a journal re-scan: stores its result when it may stand for the next unchanged one, else removes any stored result. */
export async function storeUnchangedResult(check: UnchangedCheck, scan: FinishedJournalScan, logger: Logger): Promise<void> {
  const file = snapshotFile(check.cacheFile);
  const fingerprint = check.fingerprint;
  const untracked = fingerprint ? signaturesIfSettled(check, scan) : undefined;
  if (untracked === undefined || fingerprint === undefined) {
    for (const stale of [file, folderStatsFile(check.cacheFile)])
      await rm(stale, { force: true }).catch((error: unknown) => logger.warn(`scan cache ${stale} not saved (${errorClass(error)})`));
    return;
  }
  const { fromCache: _fromCache, ...result } = scan.result;
  const record = recordFolders(scan.root, scan.tracked, check.askedAt - RACY_MS);
  // The folders' lstat first: a stored result is checked against its digest, so one left from another result tells nothing.
  if (record) await writeCacheFile(folderStatsFile(check.cacheFile), record.stats, logger);
  const snapshot: Snapshot = {
    format: FORMAT,
    key: check.key,
    fingerprint,
    untracked,
    ...(record ? { folders: record.folders } : {}),
    ...(check.watchman ? { watchman: check.watchman } : {}),
    result,
  };
  await writeCacheFile(file, snapshot, logger);
}

/** The untracked entries' signatures, when the scan's result follows from what the check records; else undefined. */
function signaturesIfSettled(check: UnchangedCheck, scan: FinishedJournalScan): Record<string, string> | undefined {
  const { replay, result, discovery, cache, root } = scan;
  if (!replay?.exact || result.cancelled || (result.internalErrors?.length ?? 0) > 0 || discovery.cancelled) return undefined;
  // Every listed file cached (at the size and mtime it was listed with: workspace-result.ts records nothing
  // else), so none changed within the cache's racy window and none failed.
  if (cache.recordedCount !== discovery.files.length) return undefined;
  const statted = new Set(replay.statted);
  const untracked: Record<string, string> = {};
  for (const entry of check.untracked) {
    const full = statted.has(entry) || path.posix.basename(entry) === '.gitignore';
    const info = lstatOf(root, entry);
    // Modified since git was asked, or so shortly before that an edit in the same clock tick could follow unseen.
    if (full && info && info.mtimeMs > check.askedAt - RACY_MS) return undefined;
    // Listed from a stat taken before it was read: still that file now.
    const file = cache.recorded(entry);
    if (file && (!info?.isFile() || info.size !== file.size || info.mtimeMs !== file.mtimeMs)) return undefined;
    untracked[entry] = signature(info, full);
  }
  return untracked;
}

/**
 * An untracked path's lstat: in full (type, size, mtime, ctime, inode, device) for paths whose content or
 * kind the walk used, else only whether it is a folder (the walk's one question about it). A one-character
 * signature is a kind, a longer one the full stat.
 */
function signature(info: Stats | undefined, full: boolean): string {
  if (!full) return info === undefined ? '-' : info.isDirectory() ? 'd' : 'o';
  return info === undefined ? '--' : `${info.mode}:${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}:${info.dev}`;
}

function digestRemovals(removals: ReadonlySet<string>): string {
  return digest([...removals].sort().join('\0'));
}

function digestInfoExclude(root: string): string {
  return digest(readInfoExclude(root) ?? '\0absent');
}

/** An untracked entry's lstat; undefined when it is gone or cannot be stat'ed (ENOTDIR: a file where its folder was). */
function lstatOf(root: string, entry: string): Stats | undefined {
  const relative = entry.endsWith('/') ? entry.slice(0, -1) : entry;
  try {
    return lstatSync(path.join(root, ...relative.split('/')), { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function snapshotFile(cacheFile: string): string {
  return `${cacheFile}.unchanged`;
}

/** Each recorded folder's lstat (recorded-folders.ts `FolderRecord`), beside the stored result. */
function folderStatsFile(cacheFile: string): string {
  return `${cacheFile}.unchanged.folders`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
