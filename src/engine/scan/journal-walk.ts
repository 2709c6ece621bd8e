import { lstatSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { discoverFiles, DiscoveryWalk, type DiscoverOptions, type DiscoveryResult } from '../discovery/discover';
import { PathFilter } from '../discovery/path-filter';
import { joinRelative } from '../discovery/paths';
import type { GitState } from '../process/git';
import type { ScanCache } from './cache';
import type { GitJournal, IndexedFile, JournalReplay } from './git-journal';
import type { PreparedScan } from './workspace-prepare';

/**
 * Discovery for a re-scan in a trusted git work tree: the folder walk of discovery/discover.ts replayed over
 * the paths git lists (scan/git-journal.ts) instead of the disk. Every decision is the walk's own (the same
 * PathFilter, in the same order: a folder's files by name, then its folders), so the result is the walk's;
 * only the system calls differ. A tracked file git calls clean takes its size and mtime from the index, with
 * no stat; every other path is lstat'ed as the walk would have met it; a folder git lists as wholly untracked
 * (and a submodule) is walked on disk by discoverFiles. `readGitJournal` answers undefined when git cannot
 * answer: the caller then walks with discoverFiles.
 *
 * Not seen by git, so not by this walk until the next full walk: FIFOs, sockets and devices created since
 * (the walk lists them as skipped, "not a regular file"; none can hold a committed key).
 */
export function discoverWithGitJournal(
  journal: GitJournal,
  onReplayed?: (replay: JournalReplay) => void,
): (options: DiscoverOptions) => Promise<DiscoveryResult> {
  return async (options) => {
    const walker = new JournalWalker(journal, options);
    const result = await walker.run();
    onReplayed?.({ exact: walker.exact, statted: walker.untrackedStatted });
    return result;
  };
}

export interface ChangeJournalAnswer {
  /** git's journal, when it can answer and leaves few files to read. */
  readonly journal: GitJournal | undefined;
  /** git answered, but more than JOURNAL_MAX_READS files changed (a checkout of another branch). */
  readonly manyChanges: boolean;
}

/** git's journal of what changed since the cached scan, when it can answer and leaves few files to read. */
export async function readChangeJournal(
  options: { readonly trusted: boolean; readonly paths?: readonly string[] | undefined },
  prepared: PreparedScan,
): Promise<ChangeJournalAnswer> {
  if (!prepared.cache || !canUseGitJournal(options, prepared)) return { journal: undefined, manyChanges: false };
  const journal = prepared.journal;
  if (journal && !journalLeavesFewReads(journal, prepared.cache)) {
    prepared.logger.debug(`git journal: more than ${JOURNAL_MAX_READS} files to read: walking the folder (with the ripgrep prefilter when enabled)`);
    return { journal: undefined, manyChanges: true };
  }
  return { journal, manyChanges: false };
}

/**
 * Only where a cache will answer for the files (a first scan is better served by the ripgrep prefilter), for the whole folder, in a
 * trusted workspace whose git state is known (so `.gitignore` never hides a possibly committed file).
 */
export function canUseGitJournal(
  options: { readonly trusted: boolean; readonly paths?: readonly string[] | undefined },
  prepared: { readonly cache: ScanCache | undefined; readonly git: GitState },
): boolean {
  return options.trusted && prepared.cache?.hasEntries === true && (options.paths ?? []).length === 0 && prepared.git.isTracked('') !== undefined;
}

/** Past this many files to read, a walk with the ripgrep prefilter (off with the journal) reads fewer of them. */
export const JOURNAL_MAX_READS = 1000;

/**
 * Whether the journal leaves few files to read: paths git cannot vouch for, untracked ones, and clean ones
 * the cache holds at another size or mtime (a checkout of another branch rewrites many).
 */
export function journalLeavesFewReads(journal: GitJournal, cache: ScanCache): boolean {
  let reads = journal.untracked.length;
  for (const [relative, file] of journal.tracked) {
    if (reads > JOURNAL_MAX_READS) return false;
    const entry = file.mustStat ? undefined : cache.previousEntry(relative);
    if (!entry || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs) reads++;
  }
  return reads <= JOURNAL_MAX_READS;
}

type FileNode = { readonly tracked: IndexedFile } | { readonly tracked?: undefined };

interface FolderNode {
  readonly files: Map<string, FileNode>;
  readonly folders: Map<string, FolderNode>;
  /** Wholly untracked folders and submodules: walked on disk. */
  readonly onDisk: Set<string>;
  /** Holds a file git calls clean, so git saw it as a real folder (not a link) on this scan. */
  vouched: boolean;
  /** Holds a tracked file: `.gitignore` cannot exclude it (PathFilter.checkFolder). */
  holdsTracked: boolean;
}

const REGULAR_MODES = new Set(['100644', '100755']);

class JournalWalker extends DiscoveryWalk {
  /** For tracked files and folders holding one, which `.gitignore` never excludes: the same verdicts, without matching. */
  private readonly trackedFilter: PathFilter;
  private readonly folderChecks = new Map<string, boolean>();
  private fromIndex = 0;
  private statted = 0;
  exact = true;
  readonly untrackedStatted: string[] = [];

  constructor(
    private readonly journal: GitJournal,
    options: DiscoverOptions,
  ) {
    super(options);
    this.trackedFilter = new PathFilter(this.root, { ...options, useGitignore: false });
  }

  async run(): Promise<DiscoveryResult> {
    this.realRoot = await realpath(this.root);
    await this.filter.init();
    await this.walk('', this.buildTree());
    this.logger.debug(`git journal: ${this.fromIndex} files answered from git's index without a stat, ${this.statted} paths stat'ed`);
    return this.result();
  }

  /** The folders git's paths imply; a name listed both as a file and as a folder is settled by one lstat. */
  private buildTree(): FolderNode {
    const top: FolderNode = newFolder();
    // git lists paths sorted, so siblings share their folder: each folder is found by its path, once.
    const folders = new Map<string, FolderNode>([['', top]]);
    const folderAt = (dir: string): FolderNode => {
      let node = folders.get(dir);
      if (!node) {
        const slash = dir.lastIndexOf('/');
        node = newFolder();
        folderAt(slash < 0 ? '' : dir.slice(0, slash)).folders.set(dir.slice(slash + 1), node);
        folders.set(dir, node);
      }
      return node;
    };
    const folderOf = (relative: string, tracked?: IndexedFile): [FolderNode, string] => {
      const slash = relative.lastIndexOf('/');
      const dir = slash < 0 ? '' : relative.slice(0, slash);
      const node = folderAt(dir);
      if (tracked) markAncestors(dir, !tracked.mustStat && REGULAR_MODES.has(tracked.mode));
      return [node, relative.slice(slash + 1)];
    };
    const markAncestors = (dir: string, vouched: boolean): void => {
      for (let at = dir; at !== ''; at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) {
        const node = folders.get(at)!;
        if (node.holdsTracked && (node.vouched || !vouched)) return;
        node.holdsTracked = true;
        if (vouched) node.vouched = true;
      }
    };
    for (const [relative, tracked] of this.journal.tracked) {
      const [folder, name] = folderOf(relative, tracked);
      if (tracked.mode === '160000') folder.onDisk.add(name);
      else folder.files.set(name, { tracked });
    }
    for (const entry of this.journal.untracked) {
      const [folder, name] = folderOf(entry.endsWith('/') ? entry.slice(0, -1) : entry);
      if (entry.endsWith('/')) folder.onDisk.add(name);
      else folder.files.set(name, {});
    }
    return top;
  }

  private async walk(folder: string, node: FolderNode): Promise<void> {
    await this.yieldIfDue();
    if (this.isCancelled()) return;
    await this.filter.gitignore?.preload(folder, node.files.has('.gitignore'));
    const names = [...new Set([...node.files.keys(), ...node.folders.keys(), ...node.onDisk])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const folders: string[] = [];
    for (const name of names) {
      const relative = joinRelative(folder, name);
      const kind = this.kindOf(relative, name, node);
      if (kind === 'file') {
        await this.visitFile(relative, node.files.get(name) ?? {});
      } else if (this.countExclusion((node.folders.get(name)?.holdsTracked ? this.trackedFilter : this.filter).checkFolder(relative)) === undefined) {
        folders.push(name);
      }
    }
    for (const name of folders) {
      if (this.isCancelled()) return;
      const relative = joinRelative(folder, name);
      if (this.kindOf(relative, name, node) === 'disk') await this.walkOnDisk(relative);
      else await this.walk(relative, node.folders.get(name)!);
    }
  }

  /**
   * What the walk would meet at a name. git's index and its untracked listing can disagree with the disk for
   * paths git reports as changed (a file replaced by a folder, a folder by a link), and then one lstat decides.
   */
  private kindOf(relative: string, name: string, node: FolderNode): 'file' | 'folder' | 'disk' {
    const file = node.files.get(name);
    const folder = node.folders.get(name);
    const vouched = (file?.tracked !== undefined && !file.tracked.mustStat) || folder?.vouched === true;
    if (vouched && file === undefined) return 'folder';
    if (vouched && folder === undefined && !node.onDisk.has(name)) return 'file';
    if (!this.isFolderOnDisk(relative)) return 'file';
    return node.onDisk.has(name) || folder === undefined ? 'disk' : 'folder';
  }

  private async visitFile(relative: string, node: FileNode): Promise<void> {
    const tracked = node.tracked;
    if (tracked && !tracked.mustStat && REGULAR_MODES.has(tracked.mode)) {
      // git found the worktree file as the index recorded it: a regular file of this size and mtime.
      if (this.countExclusion(this.trackedFilter.checkFile(relative)) !== undefined) return;
      this.fromIndex++;
      this.addFile(relative, tracked.size, tracked.mtimeMs);
      return;
    }
    // git cannot vouch for it: met as the walk would meet it (its folders were entered only if they are folders).
    const exclusion = (tracked ? this.trackedFilter : this.filter).checkFile(relative);
    if (exclusion !== undefined && exclusion.by !== 'exclude') return;
    this.statted++;
    if (tracked) this.exact = false;
    else this.untrackedStatted.push(relative);
    let info;
    try {
      info = lstatSync(this.absolute(relative));
    } catch {
      this.exact = false;
      return;
    }
    if (!info.isFile() && !info.isDirectory()) this.exact = false;
    if (info.isFile()) {
      if (this.countExclusion(exclusion) !== undefined) return;
      this.statFile(relative);
    } else if (exclusion !== undefined || info.isDirectory()) {
      return;
    } else if (info.isSymbolicLink()) {
      await this.visitSymlink(relative);
    } else {
      this.skip(relative, 'unreadable', 'not a regular file');
    }
  }

  /** A folder git does not look into: the ordinary walk, its files and skips merged as one walk would have. */
  private async walkOnDisk(relative: string): Promise<void> {
    this.exact = false;
    if (!this.isFolderOnDisk(relative)) return;
    const result = await discoverFiles({
      ...this.options,
      paths: [relative],
      onFile: (file) => {
        if (this.files.has(file.path) || this.skipped.has(file.path)) return;
        this.files.set(file.path, file);
        this.options.onFile?.(file);
      },
    });
    for (const skipped of result.skipped) if (!this.skipped.has(skipped.path)) this.skipped.set(skipped.path, skipped);
    this.excludedByGlob += result.excludedPaths ?? 0;
    if (result.cancelled) this.cancelled = true;
  }

  private isFolderOnDisk(relative: string): boolean {
    let known = this.folderChecks.get(relative);
    if (known === undefined) {
      try {
        known = lstatSync(this.absolute(relative)).isDirectory();
      } catch {
        known = false;
      }
      this.folderChecks.set(relative, known);
    }
    return known;
  }
}

function newFolder(): FolderNode {
  return { files: new Map(), folders: new Map(), onDisk: new Set(), vouched: false, holdsTracked: false };
}
