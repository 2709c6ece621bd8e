import { createHash } from 'node:crypto';
import { lstatSync, type Stats } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DiscoveryResult } from '../discovery/discover';
import { readInfoExclude } from '../discovery/gitignore-tree';
import { readRegularText } from '../io/safe-read';
import type { Finding, Logger, ScanResult } from '../types';
import { RACY_MS, type ScanCache } from './cache';
import type { JournalOutput, JournalReplay } from './git-journal';
import { errorClass } from './scanner';

/**
 * The unchanged re-scan (issue 18): when git's answers are exactly those of the previous journal re-scan, the
 * previous result is returned whole, without parsing git's listing, walking it or opening the cache. The
 * result is stored next to the cache file (`<cache>.unchanged`), with what it was computed from:
 *
 * - the cache key (Keyward's version, rules, options, `.keywardignore`, workspace facts: workspace-prepare.ts);
 * - a digest of git's index listing (`ls-files -s -v -f --debug`: every entry's tag, mode, object, stage, path
 *   and recorded stat data) and the absence of any path `diff-files` reports: every tracked file then has the
 *   very size, mtime, ctime, inode and device it had when that scan read it (git compares them itself, with
 *   the stat settings Keyward forces, and compares the content of racily clean entries);
 * - a digest of git's untracked listing, and the lstat of each untracked path the walk stat'ed (and of every
 *   untracked `.gitignore`), or for the others whether they are folders;
 * - the staged removals (`removalStaged` marks) and `.git/info/exclude`.
 *
 * A result is stored only when the walk took everything from git's answers (`JournalReplay.exact`: no
 * symlink, submodule, unlisted folder or unvouched tracked file), every listed file has a cache entry of its
 * size and mtime (so none was modified within the cache's racy window), and the scan was complete.
 */
const FORMAT = 'keyward-unchanged-rescan/1';
const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** What git and the ignore files said at the start of a scan, digested. */
export interface JournalFingerprint {
  readonly index: string;
  readonly untracked: string;
  readonly removals: string;
  readonly infoExclude: string;
}

/** What a journal re-scan needs to store or check an unchanged result. */
export interface UnchangedCheck {
  readonly cacheFile: string;
  readonly key: string;
  /**
   * Undefined when a tracked file differs from the index (`diff-files` listed it): then no result is stored or
   * taken, and git's listings are not digested.
   */
  readonly fingerprint: JournalFingerprint | undefined;
  /** When git was asked (Date.now()). */
  readonly askedAt: number;
  /** git's untracked listing, as listed (folders with their trailing `/`). */
  readonly untracked: readonly string[];
}

interface Snapshot {
  readonly format: string;
  readonly key: string;
  readonly fingerprint: JournalFingerprint;
  /** Per untracked listing entry: its lstat signature (see `signature`). */
  readonly untracked: Readonly<Record<string, string>>;
  readonly result: ScanResult;
}

export function unchangedCheck(
  cacheFile: string,
  key: string,
  asked: { readonly at: number; readonly output: JournalOutput; readonly removals: ReadonlySet<string> },
  root: string,
): UnchangedCheck {
  const { output, removals } = asked;
  return {
    cacheFile,
    key,
    askedAt: asked.at,
    fingerprint:
      output.dirty === ''
        ? {
            index: digest(output.index),
            untracked: digest(output.untracked),
            removals: digest([...removals].sort().join('\0')),
            infoExclude: digest(readInfoExclude(root) ?? '\0absent'),
          }
        : undefined,
    untracked: output.untracked.split('\0').filter((p) => p !== ''),
  };
}

/** The stored result, when everything it was computed from is as it was; undefined otherwise. */
export function readUnchangedResult(check: UnchangedCheck, root: string, logger: Logger): ScanResult | undefined {
  const now = check.fingerprint;
  if (now === undefined) return undefined;
  const read = readRegularText(snapshotFile(check.cacheFile), { maxBytes: MAX_SNAPSHOT_BYTES });
  if (!read.ok) return undefined;
  let snapshot: Partial<Snapshot>;
  try {
    snapshot = JSON.parse(read.value) as Partial<Snapshot>;
  } catch {
    return undefined;
  }
  if (snapshot.format !== FORMAT || snapshot.key !== check.key || !snapshot.result || !snapshot.untracked || !snapshot.fingerprint) return undefined;
  const stored = snapshot.fingerprint;
  if (stored.index !== now.index || stored.untracked !== now.untracked || stored.removals !== now.removals || stored.infoExclude !== now.infoExclude) {
    return undefined;
  }
  // The same listing: the same entries, each checked as it was recorded.
  for (const entry of check.untracked) {
    const recorded = snapshot.untracked[entry];
    if (recorded === undefined || signature(lstatOf(root, entry), recorded.length > 1) !== recorded) return undefined;
  }
  const result: ScanResult = { ...snapshot.result, fromCache: snapshot.result.filesScanned };
  logger.info(`scan: unchanged since the last scan (git reports no change): ${result.filesScanned} files, ${result.findings.length} findings as then`);
  return result;
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
}

/** After a journal re-scan: stores its result when it may stand for the next unchanged one, else removes any stored result. */
export async function storeUnchangedResult(check: UnchangedCheck, scan: FinishedJournalScan, logger: Logger): Promise<void> {
  const file = snapshotFile(check.cacheFile);
  const fingerprint = check.fingerprint;
  const untracked = fingerprint ? signaturesIfSettled(check, scan) : undefined;
  try {
    if (untracked === undefined || fingerprint === undefined) {
      await rm(file, { force: true });
      return;
    }
    const { fromCache: _fromCache, ...result } = scan.result;
    const snapshot: Snapshot = { format: FORMAT, key: check.key, fingerprint, untracked, result };
    const temporary = `${file}.${process.pid}.tmp`;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, JSON.stringify(snapshot));
    await rename(temporary, file);
  } catch (error) {
    logger.warn(`scan cache ${file} not saved (${errorClass(error)})`);
  }
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

function lstatOf(root: string, entry: string): Stats | undefined {
  const relative = entry.endsWith('/') ? entry.slice(0, -1) : entry;
  return lstatSync(path.join(root, ...relative.split('/')), { throwIfNoEntry: false });
}

function snapshotFile(cacheFile: string): string {
  return `${cacheFile}.unchanged`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
