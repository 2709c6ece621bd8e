import { createHash } from 'node:crypto';
import { lstatSync, statfsSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { addAncestorsTo } from '../discovery/paths';

/**
 * Folder timestamps standing for git's untracked listing (scan/unchanged-rescan.ts): `ls-files --others` opens
 * every folder holding a tracked file; where creating, removing or renaming an entry is known to change the
 * folder's mtime and ctime, an lstat of those folders tells whether that listing would be the same, at a
 * fraction of the cost. git's own untracked cache does the same, but lives in the index, which the repository
 * could forge, and applies git's ignore rules rather than Keyward's.
 */

/** Folders as one `\0`-joined string (a single JSON value to parse), and a digest of their lstat in that order. */
export interface RecordedFolders {
  readonly paths: string;
  readonly digest: string;
}

/**
 * RecordedFolders, with the lstat `digest` is of (each folder's device, inode, mtime and ctime), which tells which
 * folders changed. Kept in a file of its own beside the stored result, read only when the digest differs.
 */
export interface FolderRecord {
  readonly folders: RecordedFolders;
  readonly stats: Uint8Array;
}

/**
 * File systems known to update a folder's mtime and ctime whenever an entry in it is created, removed or
 * renamed (Linux magic numbers: ext2/3/4, XFS, Btrfs, tmpfs, overlayfs, ZFS, F2FS). git trusts folder
 * timestamps for its untracked cache only after testing the file system (`update-index --test-untracked-cache`);
 * network and FUSE file systems may not keep them. Elsewhere git's untracked listing is asked for each time.
 */
const KEEPS_DIRECTORY_TIMES = new Set([0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010]);

export function directoryTimesKept(root: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return KEEPS_DIRECTORY_TIMES.has(statfsSync(root).type);
  } catch {
    return false;
  }
}

/**
 * The folders `ls-files --others --directory` reads: the root and every folder holding a tracked path. A
 * folder with nothing tracked in it is listed as one entry (`folder/`), not read: its entry's own lstat
 * speaks for it (unchanged-rescan.ts `signature`), and a walk that entered it on disk stores no result (`JournalReplay.exact`).
 */
function listingFolders(tracked: Iterable<string>): string[] {
  const folders = new Set<string>(['']);
  for (const entry of tracked) addAncestorsTo(folders, entry);
  return [...folders];
}

/**
 * The folders with a digest of their lstat, when every one is a folder on the root's device whose mtime and
 * ctime are at most `notAfter` (before git was asked, by the racy margin: an entry created later changes
 * them); else undefined, and the next re-scan asks git for its listing again.
 */
export function recordFolders(root: string, tracked: Iterable<string>, notAfter: number): FolderRecord | undefined {
  if (!directoryTimesKept(root)) return undefined;
  const folders = listingFolders(tracked);
  const stats = new FolderStats(root, folders, notAfter);
  if (!stats.statFolders(0, folders.length)) return undefined;
  return { folders: { paths: folders.join('\0'), digest: stats.digest() }, stats: stats.bytes() };
}

/**
 * SHA-256 over each folder's device, inode, mtime and ctime, in order; undefined when one is not a folder,
 * lies on another device (a mount point: another file system), or (with `notAfter`) changed after it.
 * ctime cannot be set back: a folder whose mtime was restored after an entry was added still differs.
 */
/** The folders' lstat now, in slices, returning to the event loop between them (git's processes are waited for meanwhile). */
async function folderStatsYielding(root: string, folders: readonly string[]): Promise<FolderStats | undefined> {
  const stats = new FolderStats(root, folders, Infinity);
  for (let from = 0; from < folders.length; from += FOLDERS_PER_SLICE) {
    if (!stats.statFolders(from, Math.min(from + FOLDERS_PER_SLICE, folders.length))) return undefined;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return stats;
}

/** About 15 ms of lstat. */
const FOLDERS_PER_SLICE = 4096;

class FolderStats {
  // The root is where the walk starts, a link to it included; every folder below is lstat'ed.
  private readonly device: number | undefined;
  private readonly stats: Float64Array;

  constructor(
    private readonly root: string,
    private readonly folders: readonly string[],
    private readonly notAfter: number,
  ) {
    this.device = statFolder(root, '')?.dev;
    this.stats = new Float64Array(folders.length * 4);
  }

  /** Stats folders [from, to); false as soon as one is not a recordable folder. */
  statFolders(from: number, to: number): boolean {
    const { root, folders, notAfter, stats } = this;
    for (let i = from; i < to; i++) {
      const folder = folders[i]!;
      const info = statFolder(root, folder);
      if (!info?.isDirectory() || info.dev !== this.device || info.mtimeMs > notAfter || info.ctimeMs > notAfter) return false;
      stats.set([info.dev, info.ino, info.mtimeMs, info.ctimeMs], i * 4);
    }
    return true;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.stats.buffer);
  }

  digest(): string {
    return digestOf(this.bytes());
  }
}

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A folder's lstat (the root's stat); undefined when it is gone or cannot be stat'ed (a file where a folder was: ENOTDIR). */
function statFolder(root: string, folder: string): Stats | undefined {
  try {
    return folder === '' ? statSync(root, { throwIfNoEntry: false }) : lstatSync(path.join(root, folder), { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * How the recorded folders compare with their lstat when recorded: unchanged, or which changed (an entry made,
 * removed or renamed in each; scan/folder-journal.ts reads those). `changed` is undefined when that cannot be
 * told: one is gone, is no longer a folder on the root's device, their lstat was not recorded one by one (or does
 * not match the digest), more than MAX_CHANGED_FOLDERS changed, or folder timestamps are not trusted here.
 */
export type FolderComparison = { readonly unchanged: true } | { readonly unchanged: false; readonly changed: readonly string[] | undefined };

/** More changed folders than this: the re-scan asks git for its listing. */
const MAX_CHANGED_FOLDERS = 100;

const CHANGED_UNKNOWN: FolderComparison = { unchanged: false, changed: undefined };

/** `recordedStats` reads what FolderRecord.stats held (undefined when it cannot): only when the digest differs. */
export async function compareFolders(folders: RecordedFolders, root: string, recordedStats: () => Uint8Array | undefined): Promise<FolderComparison> {
  if (!directoryTimesKept(root)) return CHANGED_UNKNOWN;
  const paths = folders.paths.split('\0');
  const now = await folderStatsYielding(root, paths);
  if (!now) return CHANGED_UNKNOWN;
  if (now.digest() === folders.digest) return { unchanged: true };
  const current = now.bytes();
  const recorded = recordedStats();
  // Another result's, or damaged: only the bytes the digest is of tell anything.
  if (!recorded || recorded.length !== current.length || digestOf(recorded) !== folders.digest) return CHANGED_UNKNOWN;
  const changed: string[] = [];
  const bytesPerFolder = current.length / paths.length;
  for (let i = 0; i < paths.length; i++) {
    const at = i * bytesPerFolder;
    if (Buffer.compare(recorded.subarray(at, at + bytesPerFolder), current.subarray(at, at + bytesPerFolder)) === 0) continue;
    if (changed.push(paths[i]!) > MAX_CHANGED_FOLDERS) return CHANGED_UNKNOWN;
  }
  return { unchanged: false, changed };
}
