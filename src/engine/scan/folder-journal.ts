import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { PathFilter, type PathFilterOptions } from '../discovery/path-filter';
import { joinRelative, parentOf } from '../discovery/paths';
import { trackedChildren } from '../process/git';
import type { WatchedChanges } from './unchanged-rescan';

/** What the stored result and git said, and which recorded folders changed since. */
export interface FolderJournalInput {
  readonly root: string;
  /** The recorded folders whose lstat changed. */
  readonly changedFolders: readonly string[];
  /** All the recorded folders (those holding a tracked path). */
  readonly recordedFolders: ReadonlySet<string>;
  /** The stored untracked listing's entries (`file`, or `folder/` for a folder listed whole). */
  readonly untracked: Readonly<Record<string, string>>;
  /** `diff-files`'s paths: tracked files changed, or gone. */
  readonly dirty: readonly string[];
  /** The walk's filter (exclude globs, `.gitignore`), for the folders made. */
  readonly filter: PathFilterOptions;
  readonly maxFiles: number;
}

/**
 * The untracked files made and removed since the stored result, told from the folders that changed (issue 18),
 * for a re-scan with git alone. The stored result records the lstat of every folder git reads for its untracked
 * listing (scan/recorded-folders.ts); an entry made, removed or renamed changes its folder's mtime and ctime, so
 * only the folders whose lstat differs can list differently now. Their entries, read here, against the index (the
 * same index file as the stored result's, which the caller checked) and the stored untracked listing, give the
 * difference: the listing is then known without `ls-files --others`, and the files made are scanned alone over
 * the stored result (scan/changed-rescan.ts), as with watchman's answer (scan/watchman-journal.ts).
 *
 * Undefined (the listing is asked for, then the journal walk) when anything else is found: a folder or link made
 * that the walk would enter or resolve, a FIFO, an untracked folder removed, a tracked file that is no regular file
 * any more, or more files than the re-scan takes.
 */
export async function changesInFolders(input: FolderJournalInput): Promise<WatchedChanges | undefined> {
  const { root, untracked } = input;
  const removedTracked: string[] = [];
  for (const file of input.dirty) {
    const info = lstatSync(path.join(root, file), { throwIfNoEntry: false });
    if (info === undefined) removedTracked.push(file);
    // A tracked file replaced by a folder, a link or a FIFO: the walk decides what it is now.
    else if (!info.isFile()) return undefined;
  }
  const listings = new Map<string, Dirent[]>();
  for (const folder of input.changedFolders) {
    const entries = readFolder(root, folder);
    if (!entries) return undefined;
    listings.set(folder, entries);
  }
  const tracked = await trackedChildren(root, input.changedFolders);
  const filter = await new PathFilter(root, input.filter).init();
  const created: string[] = [];
  for (const [folder, entries] of listings) {
    for (const entry of entries) {
      const relative = joinRelative(folder, entry.name);
      if (relative === '.git' || tracked.has(relative) || Object.hasOwn(untracked, relative)) continue;
      if (entry.isDirectory()) {
        if (input.recordedFolders.has(relative) || Object.hasOwn(untracked, `${relative}/`)) continue;
        // A folder made: the walk enters it, unless `.gitignore` keeps it out (nothing in it tracked: the index is the stored one's).
        if (filter.checkFolderPath(relative)?.by === 'gitignore') continue;
        return undefined;
      }
      if (!entry.isFile()) return undefined;
      created.push(relative);
    }
  }
  const names = new Map([...listings].map(([folder, entries]) => [folder, new Set(entries.map((entry) => entry.name))]));
  const removedUntracked: string[] = [];
  for (const entry of Object.keys(untracked)) {
    const trimmed = entry.replace(/\/$/, '');
    const listed = names.get(parentOf(trimmed));
    if (!listed || listed.has(trimmed.slice(trimmed.lastIndexOf('/') + 1))) continue;
    // A folder listed whole, gone: the files the walk found in it are not known here.
    if (entry.endsWith('/')) return undefined;
    removedUntracked.push(entry);
  }
  if (created.length + removedTracked.length + removedUntracked.length > input.maxFiles) return undefined;
  return { created, removedTracked, removedUntracked };
}

/** A folder's entries (undefined when it cannot be read: the listing is asked for instead). */
function readFolder(root: string, folder: string): Dirent[] | undefined {
  try {
    return readdirSync(folder === '' ? root : path.join(root, folder), { withFileTypes: true });
  } catch {
    return undefined;
  }
}
