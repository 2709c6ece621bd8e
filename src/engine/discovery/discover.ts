import { readdirSync, statSync, type Dirent } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { GitState } from '../process/git';
import { silentLogger, type Cancellation, type Logger, type SkippedFile } from '../types';
import { isKeyContainerName } from './key-containers';
import type { FolderScope } from './gitignore-tree';
import { describeExclusion, PathFilter, type Exclusion, type PathFilterOptions } from './path-filter';
import { joinRelative, normalizeRelative, relativeInside, withTrailingSeparator } from './paths';
import { resolveSymlink } from './symlinks';

/** Files larger than this are skipped (reason `too-large`) unless they are key containers by name. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export interface DiscoveredFile {
  /** Absolute path under the workspace root as given (symlinks resolved to their target's path). */
  readonly absolutePath: string;
  /** Workspace-relative, POSIX separators. */
  readonly path: string;
  /** Unknown when discovery was told not to stat files (`statFiles: false`): the reader applies the size cap. */
  readonly size?: number;
  /** Last modification (ms since the epoch), for the scan cache; unknown for files reached through symlinks. */
  readonly mtimeMs?: number;
  /**
   * Matched by `.gitignore` while git's state is unknown (untrusted, no git): the file may still be
   * committed, so it is listed for the key rules only (see `scanIgnoredForKeys`).
   */
  readonly gitignored?: true;
}

export interface DiscoverOptions {
  /** Absolute workspace folder. */
  readonly root: string;
  /** Subset to discover: files or folders, absolute or relative to root. Default: the whole root. */
  readonly paths?: readonly string[] | undefined;
  /** minimatch globs relative to root. */
  readonly exclude?: readonly string[] | undefined;
  readonly maxFileSize?: number | undefined;
  readonly useGitignore?: boolean | undefined;
  /** Lets tracked files through `.gitignore` (see PathFilter). */
  readonly git?: GitState | undefined;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
  /** Default true. false: files in folders are listed without a stat (no size, no mtime), one system call fewer per file. */
  readonly statFiles?: boolean | undefined;
  /** List files `.gitignore` matches for the key rules when git's state is unknown (see Walker.mayBeCommitted). */
  readonly scanIgnoredForKeys?: boolean | undefined;
  /** Called for each file as it is found, so reading can start before the walk ends. */
  readonly onFile?: ((file: DiscoveredFile) => void) | undefined;
}

export interface DiscoveryResult {
  /** Sorted by path; each real file once. */
  files: DiscoveredFile[];
  skipped: SkippedFile[];
  cancelled: boolean;
  /** Files and folders the walk left out because an exclude glob matched (a folder counts once). */
  excludedPaths?: number;
}

/** A walk's result in DiscoveryResult's order (files and skipped files sorted by path). */
export function sortedDiscoveryResult(
  files: Iterable<DiscoveredFile>,
  skipped: Iterable<SkippedFile>,
  cancelled: boolean,
  excludedPaths: number,
): DiscoveryResult {
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: [...files].sort(byPath), skipped: [...skipped].sort(byPath), cancelled, excludedPaths };
}

/** Longest stretch of synchronous file-system work between two yields to the event loop. */
const SLICE_MS = 10;

/**
 * Lists the files a workspace scan reads. Walks the tree itself (rather than globbing everything and
 * filtering afterwards) so that ignored and excluded folders such as `node_modules/` are never entered, and
 * so that symlinks are seen as symlinks: fast-glob with `followSymbolicLinks: false, onlyFiles: true` drops
 * links to files silently, and following links could leave the workspace.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<DiscoveryResult> {
  const walker = new Walker(options);
  return walker.run();
}

/**
 * A synchronous "would this file be scanned?" check for one workspace-relative path, for the editor's
 * single-document scans. Applies `.git/`, exclude globs (on the file and its folders) and `.gitignore`
 * (nested files loaded on first use and cached: create a new filter when a `.gitignore` changes).
 */
export async function createPathFilter(root: string, options: PathFilterOptions): Promise<(relPath: string) => boolean> {
  const filter = await new PathFilter(path.resolve(root), options).init();
  return (relPath) => {
    const relative = normalizeRelative(relPath);
    if (relative === '' || relative.split('/').includes('..') || path.isAbsolute(relPath)) return false;
    return filter.checkPath(relative) === undefined;
  };
}

/**
 * What every discovery walk shares (this file's folder walk and the git journal's replay of it in
 * scan/journal-walk.ts): the files and skips found so far, exclude counting, cancellation, yielding, and how a
 * file, a stat and a symlink to a file are recorded, so that both walks list a file the same way.
 */
export abstract class DiscoveryWalk {
  protected readonly root: string;
  /** The root with one trailing separator. */
  protected readonly rootPrefix: string;
  protected readonly logger: Logger;
  protected readonly maxFileSize: number;
  protected readonly filter: PathFilter;
  protected readonly files = new Map<string, DiscoveredFile>();
  protected readonly skipped = new Map<string, SkippedFile>();
  protected realRoot = '';
  protected cancelled = false;
  protected excludedByGlob = 0;
  private sliceStart = Date.now();

  constructor(protected readonly options: DiscoverOptions) {
    this.root = path.resolve(options.root);
    this.rootPrefix = withTrailingSeparator(this.root);
    this.logger = options.logger ?? silentLogger;
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.filter = new PathFilter(this.root, options);
  }

  protected result(): DiscoveryResult {
    return sortedDiscoveryResult(this.files.values(), this.skipped.values(), this.cancelled, this.excludedByGlob);
  }

  protected isCancelled(): boolean {
    if (!this.cancelled && this.options.cancellation?.isCancellationRequested) this.cancelled = true;
    return this.cancelled;
  }

  /** Whether yieldIfDue would yield: a loop that tests this first awaits only when it must. */
  protected isYieldDue(): boolean {
    return Date.now() - this.sliceStart >= SLICE_MS;
  }

  /** Lets other work (an editor's events, cancellation) run at least every SLICE_MS. */
  protected async yieldIfDue(): Promise<void> {
    if (!this.isYieldDue()) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = Date.now();
  }

  /** Counts what exclude globs (settings, `--exclude`) hide, so hosts can say how much the settings left out. */
  protected countExclusion(exclusion: Exclusion | undefined): Exclusion | undefined {
    if (exclusion?.by === 'exclude') this.excludedByGlob++;
    return exclusion;
  }

  /**
   * Synchronous on purpose: on a warm cache a stat costs less than the promise round trip of its async
   * form, which tripled discovery time on large trees. The walk yields every few milliseconds instead.
   */
  protected statFile(relative: string, gitignored = false): void {
    const absolute = this.absolute(relative);
    try {
      const info = statSync(absolute);
      // An ignored file over the size cap is build output or a log, not a committed key: dropped quietly.
      if (gitignored && isOverSizeCap(relative, info.size, this.maxFileSize)) return;
      this.addFile(relative, info.size, info.mtimeMs, absolute, gitignored);
    } catch (error) {
      if (!gitignored) this.skip(relative, 'unreadable', errorDetail(error, 'cannot stat'));
    }
  }

  /** A symlink met by the walk: a link to a file inside is listed under the real path; `onFolder` follows a link to a folder. */
  protected async visitSymlink(relative: string, onFolder?: (real: string) => Promise<void>): Promise<void> {
    const verdict = await resolveSymlink(this.absolute(relative), this.realRoot);
    switch (verdict.kind) {
      case 'skip':
        this.skip(relative, verdict.reason, verdict.detail);
        return;
      case 'folder':
        // Its content is the real folder's, walked under the real path (unless that is ignored or excluded).
        if (onFolder) await onFolder(verdict.relative);
        else this.logger.trace(`discovery: not following folder symlink ${relative}`);
        return;
      case 'file': {
        await this.filter.preloadFoldersOf(verdict.relative);
        const exclusion = this.filter.checkPath(verdict.relative);
        if (exclusion) this.logger.trace(`discovery: symlink ${relative} → ${verdict.relative} not scanned (${describeExclusion(exclusion)})`);
        else this.addFile(verdict.relative, verdict.size);
        return;
      }
    }
  }

  protected addFile(relative: string, size: number | undefined, mtimeMs?: number, absolute = this.absolute(relative), gitignored = false): void {
    if (this.files.has(relative) || this.skipped.has(relative)) return;
    if (size !== undefined && isOverSizeCap(relative, size, this.maxFileSize)) {
      this.skip(relative, 'too-large', tooLargeDetail(size, this.maxFileSize));
      return;
    }
    const file = discoveredFile(absolute, relative, size, mtimeMs, gitignored);
    this.files.set(relative, file);
    this.options.onFile?.(file);
  }

  protected skip(relative: string, reason: SkippedFile['reason'], detail: string): void {
    if (this.skipped.has(relative)) return;
    this.skipped.set(relative, { path: relative, reason, detail });
    this.logger.debug(`discovery: skipped ${relative} (${reason}: ${detail})`);
  }

  protected absolute(relative: string): string {
    if (relative === '') return this.root;
    // Called for every file: plain concatenation (relative paths are normalised already), not path.join.
    return this.rootPrefix + (path.sep === '/' ? relative : relative.replaceAll('/', path.sep));
  }
}

class Walker extends DiscoveryWalk {
  async run(): Promise<DiscoveryResult> {
    this.realRoot = await realpath(this.root);
    await this.filter.init();
    const starts = this.options.paths && this.options.paths.length > 0 ? this.options.paths : [''];
    for (const start of starts) {
      if (this.isCancelled()) break;
      await this.visitStart(start);
    }
    return this.result();
  }

  /** An explicit path (or the root): checked with all its folders, since the walk did not pass through them. */
  private async visitStart(start: string): Promise<void> {
    const absolute = path.resolve(this.root, start);
    let relative = relativeInside(this.root, absolute);
    if (relative === undefined) {
      // Perhaps the same place by another name (the root reached through a symlink, /tmp vs /private/tmp).
      const real = await realpath(absolute).catch(() => undefined);
      relative = real === undefined ? undefined : relativeInside(this.realRoot, real);
      if (relative === undefined) {
        this.skip(
          normalizeRelative(start) || start,
          real === undefined ? 'unreadable' : 'excluded',
          real === undefined ? 'not found' : 'outside the workspace folder',
        );
        return;
      }
    }
    let info;
    try {
      // The root itself may be reached through a symlink: that one is followed.
      info = relative === '' ? await stat(this.root) : await lstat(this.absolute(relative));
    } catch (error) {
      this.skip(relative, 'unreadable', errorDetail(error, 'not found'));
      return;
    }
    await this.filter.preloadFoldersOf(relative);
    if (info.isDirectory()) {
      await this.visitFolder(relative);
    } else if (info.isSymbolicLink()) {
      await this.visitSymlink(relative, (real) => this.visitFolder(real));
    } else if (info.isFile()) {
      const exclusion = this.filter.checkPath(relative);
      if (exclusion) this.skip(relative, 'excluded', describeExclusion(exclusion));
      else this.addFile(relative, info.size, info.mtimeMs);
    } else {
      this.skip(relative, 'unreadable', 'not a regular file');
    }
  }

  /** An explicit folder: checked with its parents, then walked. */
  private async visitFolder(relative: string): Promise<void> {
    await this.filter.preloadFoldersOf(relative);
    const exclusion = this.filter.checkFolderPath(relative);
    if (exclusion) this.skip(relative, 'excluded', describeExclusion(exclusion));
    else await this.walk(relative);
  }

  /**
   * Depth first, entries in name order: a folder's files are listed before its subfolders are entered. A loop
   * over a stack of folders rather than recursion: one await per folder cost more than listing most folders.
   */
  private async walk(start: string): Promise<void> {
    const pending = [start];
    for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
      if (this.isYieldDue()) await this.yieldIfDue();
      if (this.isCancelled()) return;
      const listed = this.listFolder(folder);
      const folders = Array.isArray(listed) ? listed : await listed;
      for (let i = folders.length - 1; i >= 0; i--) pending.push(folders[i]!);
    }
  }

  /**
   * Lists one folder: its files are added or skipped, its subfolders to enter are returned in name order.
   * Synchronous unless the folder holds a symlink (resolving one is asynchronous).
   */
  private listFolder(folder: string): string[] | Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = readdirSync(this.absolute(folder), { withFileTypes: true });
    } catch (error) {
      this.skip(folder || '.', 'unreadable', errorDetail(error, 'cannot list folder'));
      return [];
    }
    if (entries.length > 1) entries.sort(byName);
    this.filter.gitignore?.preloadNow(folder, entries.some(isIgnoreFile));
    // Asked once here rather than once per entry.
    const scope = this.filter.scopeOf(folder);
    const folders: string[] = [];
    if (entries.some(isSymlink)) return this.listWithSymlinks(folder, entries, scope, folders);
    for (const entry of entries) this.visitEntry(entry, joinRelative(folder, entry.name), scope, folders);
    return folders;
  }

  /** The same in entry order, each symlink resolved where it stands (a link may name a sibling: first met, first listed). */
  private async listWithSymlinks(folder: string, entries: Dirent[], scope: FolderScope | undefined, folders: string[]): Promise<string[]> {
    for (const entry of entries) {
      const relative = joinRelative(folder, entry.name);
      if (this.visitEntry(entry, relative, scope, folders)) await this.visitSymlink(relative);
    }
    return folders;
  }

  /** One entry of a listed folder; true for a symlink to resolve (not excluded), which is left to the caller. */
  private visitEntry(entry: Dirent, relative: string, scope: FolderScope | undefined, folders: string[]): boolean {
    if (entry.isDirectory()) {
      const exclusion = this.countExclusion(this.filter.checkFolder(relative, scope));
      if (exclusion) this.logger.trace(`discovery: not entering ${relative} (${describeExclusion(exclusion)})`);
      else folders.push(relative);
    } else if (entry.isFile()) {
      const exclusion = this.countExclusion(this.filter.checkFile(relative, scope));
      if (exclusion?.by === 'gitignore' && this.mayBeCommitted(relative)) this.statFile(relative, true);
      if (exclusion !== undefined) return false;
      if (this.options.statFiles === false) this.addFile(relative, undefined);
      else this.statFile(relative);
    } else if (entry.isSymbolicLink()) {
      return this.filter.checkFile(relative, scope) === undefined;
    } else if (this.filter.checkFile(relative, scope) === undefined) {
      // FIFOs, sockets, devices: reading them could block or never end.
      this.skip(relative, 'unreadable', 'not a regular file');
    }
    return false;
  }

  /**
   * Without git's state, `.gitignore` cannot tell a committed file from an untracked one: a key committed
   * before its name was added to `.gitignore` is still in the repository. Such files are listed for the key
   * rules, whose byte gates drop nearly all of them unread beyond one pass. Ignored folders (node_modules …)
   * are still not entered.
   */
  private mayBeCommitted(relative: string): boolean {
    return this.options.scanIgnoredForKeys === true && (this.options.git?.isTracked(relative) ?? undefined) === undefined;
  }
}

// The walk's per-folder callbacks, made once.
const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const isIgnoreFile = (entry: Dirent): boolean => entry.name === '.gitignore' && !entry.isDirectory();
const isSymlink = (entry: Dirent): boolean => entry.isSymbolicLink();

/** A DiscoveredFile without absent fields; the two common kinds are object literals of one fixed shape each. */
function discoveredFile(absolutePath: string, relative: string, size: number | undefined, mtimeMs: number | undefined, gitignored: boolean): DiscoveredFile {
  if (!gitignored && mtimeMs === undefined && size === undefined) return { absolutePath, path: relative };
  if (!gitignored && mtimeMs !== undefined && size !== undefined) return { absolutePath, path: relative, size, mtimeMs };
  return {
    absolutePath,
    path: relative,
    ...(size === undefined ? {} : { size }),
    ...(mtimeMs === undefined ? {} : { mtimeMs }),
    ...(gitignored ? { gitignored: true as const } : {}),
  };
}

/** The size cap: larger files are skipped as too large, except key containers (their head is still read). */
export function isOverSizeCap(relative: string, size: number, maxFileSize: number): boolean {
  return size > maxFileSize && !isKeyContainerName(relative);
}

export function tooLargeDetail(size: number, maxFileSize: number): string {
  return `${size} bytes, over the ${maxFileSize}-byte limit`;
}

export function errorDetail(error: unknown, fallback: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${fallback} (${code})` : fallback;
}
