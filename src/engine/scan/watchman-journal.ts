import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { isInGitDir } from '../discovery/paths';
import { resolveWatchmanExecutable } from '../process/git-executable';
import { askWatchman, WatchmanError } from '../process/watchman-command';
import type { Logger } from '../types';
import { directoryTimesKept } from './recorded-folders';

/**
 * watchman as the change journal of the unchanged re-scan (issue 18, scan/unchanged-rescan.ts). Without it,
 * knowing that nothing changed costs an lstat of every tracked file (git `diff-files`) and of every folder
 * git reads for its untracked listing. A watchman service that already watches the workspace has seen every
 * change through inotify, and answers "what changed since clock C" at once.
 *
 * Only a watch the user made is used: Keyward never starts the service or a watch (process/watchman-command.ts).
 * When it names only regular files modified, made or removed, those alone are scanned over the stored result
 * (scan/changed-rescan.ts); git's index tells the tracked ones apart (workspace-prepare.ts `sortedChanges`).
 *
 * A watch is trusted only where inotify sees every change (a local Linux file system: `directoryTimesKept`),
 * and only when it hides nothing Keyward reads: no `ignore_dirs`, and no `ignore_vcs` folder other than the
 * root's `.git` (whose contents Keyward never reads; git's index is digested apart). A repository's
 * `.watchmanconfig` can set both, so the configuration the watch was made with is checked each time a clock is
 * taken for a result to be stored. A clock from another watch or service (restarted, the watch re-made, or
 * too old: watchman ages out deleted files) gets no answer but "fresh instance", and the re-scan asks git.
 */
export interface WatchmanClock {
  /** The watched folder: the workspace folder or a folder above it (its real path). */
  readonly watchRoot: string;
  /** The workspace folder's real path relative to `watchRoot`, with `/` ('' when the same). */
  readonly relative: string;
  /** watchman's clock, taken after a sync (every change made before it is in watchman's view). */
  readonly clock: string;
}

/** The regular files changed since a clock (outside `.git`), when nothing but regular files changed. */
export interface WorktreeChanges {
  /** Files that existed at the clock, modified in place. */
  readonly modified: readonly string[];
  /** Files made since the clock (a file removed and made again is one of them): folders gained entries. */
  readonly created: readonly string[];
  /**
   * Files gone since the clock. `removed`: there at the clock. `vanished`: made since the clock and gone again (an
   * editor's or a build's temporary file), no change unless one was there before the clock too (removed, made
   * again and removed), which the caller tells from git.
   */
  readonly removed: readonly string[];
  readonly vanished: readonly string[];
  /**
   * Folders made, or whose entries changed. Their files are named on their own, unless the watch hides them: a
   * folder the watch's `ignore_vcs` names (`.hg`), made since, is only named itself. So an answer with folders
   * is taken only once the watch is checked again (`trustedClock`).
   */
  readonly folders: readonly string[];
  /**
   * Folders gone since the clock (their files are named too). The re-scan takes the changes only when `.gitignore`
   * ignores each of them and git holds nothing there (scan/watchman-ignored.ts): else the folder is walked.
   */
  readonly removedFolders: readonly string[];
}

/** How many paths the changes name, in all their lists. */
export function countPaths(changes: WorktreeChanges): number {
  return Object.values(changes).reduce((sum: number, list: readonly string[]) => sum + list.length, 0);
}

/** What watchman says at the start of a re-scan. */
export interface WatchmanAnswer {
  /**
   * What changed since the stored clock, when only regular files and folders were modified, made or removed;
   * every list empty: nothing changed. Undefined when unknown, or when anything else changed (a link).
   */
  readonly changes: WorktreeChanges | undefined;
  /**
   * A clock taken now, before git is asked, for the result this scan may store: a change made after it is in
   * the next answer. Undefined when the watch cannot be trusted (then no clock is stored).
   */
  readonly clock: WatchmanClock | undefined;
}

/** watchman answers a local socket within milliseconds; a service that does not is not waited for. */
const TIMEOUT_MS = 5_000;
/** How long watchman may take to see its own cookie file (every earlier change is then in its view). */
const SYNC_TIMEOUT_MS = 3_000;
/** watchman's `ignore_vcs` when not configured. */
const DEFAULT_IGNORE_VCS = ['.git', '.svn', '.hg'];
/**
 * More paths named than this: the re-scan asks git. Most may be ones `.gitignore` ignores (a build's output),
 * which scan/watchman-ignored.ts leaves out before the re-scan's own cap (scan/unchanged-rescan.ts); this one only
 * bounds that work.
 */
const MAX_NAMED_PATHS = 20_000;

/** Asks watchman, when it watches the workspace, whether anything changed since `since`; undefined when it cannot answer. */
export async function askWatchmanJournal(root: string, since: WatchmanClock | undefined, logger: Logger): Promise<WatchmanAnswer | undefined> {
  const watchman = usableWatchman(root);
  if (!watchman) return undefined;
  try {
    const watch = since && sameWorkspace(since, watchman.realRoot) ? since : await findWatch(watchman, logger);
    if (!watch) return undefined;
    const changes = since && watch === since ? await changesSince(watchman, since) : undefined;
    if (changes && countPaths(changes) === 0) {
      logger.debug('watchman: nothing in the workspace changed since the last scan');
      return { changes, clock: since };
    }
    const clock = await trustedClock(watchman, watch, logger);
    // A watch that now hides a folder speaks for nothing (a folder it hides, made since, is a change of its own).
    if (!clock) return { changes: undefined, clock };
    if (changes) {
      const { modified, created, removed, removedFolders } = changes;
      logger.debug(
        `watchman: ${modified.length} files modified, ${created.length} made and ${removed.length} removed, ${removedFolders.length} folders removed since the last scan, nothing else`,
      );
    }
    return { changes, clock };
  } catch (error) {
    const message = `watchman: not used (${error instanceof WatchmanError ? error.message : 'failed'})`;
    // Installed but not running is the common case: said only when asked for details.
    if (error instanceof WatchmanError && error.notRunning) logger.debug(message);
    else logger.info(message);
    return undefined;
  }
}

interface UsableWatchman {
  readonly executable: string;
  readonly root: string;
  readonly realRoot: string;
}

function usableWatchman(root: string): UsableWatchman | undefined {
  // inotify on a local file system reports every change; network and FUSE file systems may not.
  if (!directoryTimesKept(root)) return undefined;
  const executable = resolveWatchmanExecutable(root);
  if (executable === undefined) return undefined;
  try {
    return { executable, root, realRoot: realpathSync.native(root) };
  } catch {
    return undefined;
  }
}

function sameWorkspace(clock: WatchmanClock, realRoot: string): boolean {
  return relativeInside(clock.watchRoot, realRoot) === clock.relative;
}

/** The watch holding the workspace folder (the nearest watched folder at or above it), without a clock yet. */
async function findWatch(watchman: UsableWatchman, logger: Logger): Promise<Omit<WatchmanClock, 'clock'> | undefined> {
  const answer = await askWatchman(watchman.executable, watchman.root, ['watch-list'], TIMEOUT_MS);
  const roots = Array.isArray(answer['roots']) ? answer['roots'].filter((r): r is string => typeof r === 'string') : [];
  let best: Omit<WatchmanClock, 'clock'> | undefined;
  for (const watchRoot of roots) {
    const relative = relativeInside(watchRoot, watchman.realRoot);
    if (relative !== undefined && (!best || watchRoot.length > best.watchRoot.length)) best = { watchRoot, relative };
  }
  if (!best) logger.debug('watchman: runs, but does not watch this folder');
  return best;
}

/** `folder` relative to `watchRoot` with `/`, when at or below it; else undefined. */
function relativeInside(watchRoot: string, folder: string): string | undefined {
  const relative = path.relative(watchRoot, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** `WatchmanAnswer.changes`: the paths watchman names since the clock, sorted out; undefined on a fresh instance or any other change. */
async function changesSince(watchman: UsableWatchman, since: WatchmanClock): Promise<WorktreeChanges | undefined> {
  const query: Record<string, unknown> = {
    since: since.clock,
    fields: ['name', 'exists', 'new', 'type'],
    empty_on_fresh_instance: true,
    sync_timeout: SYNC_TIMEOUT_MS,
  };
  if (since.relative !== '') query['relative_root'] = since.relative;
  const answer = await askWatchman(watchman.executable, watchman.root, ['query', since.watchRoot, query], TIMEOUT_MS);
  if (answer['is_fresh_instance'] !== false || !Array.isArray(answer['files'])) return undefined;
  return sortedWatchmanFiles(answer['files'] as unknown[]);
}

/**
 * watchman's entries (`name`, `exists`, `new`, `type`) as `WorktreeChanges`; undefined when one is anything else
 * than a regular file modified, made or removed, a folder made, changed or removed, or a path made and gone
 * before watchman saw it (or when there are too many).
 */
export function sortedWatchmanFiles(files: readonly unknown[]): WorktreeChanges | undefined {
  const modified: string[] = [];
  const created: string[] = [];
  const removed: string[] = [];
  const vanished: string[] = [];
  const folders: string[] = [];
  const removedFolders: string[] = [];
  let count = 0;
  for (const file of files) {
    const { name, exists, new: made, type } = (asObject(file) ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string') return undefined;
    // The index and the exclude file inside .git are compared apart (scan/unchanged-rescan.ts); nothing else there is read.
    if (isInGitDir(name)) continue;
    if (typeof exists !== 'boolean' || typeof made !== 'boolean') return undefined;
    if (count++ === MAX_NAMED_PATHS) return undefined;
    if (type === 'd') {
      // A folder made and gone again held nothing at the clock, nor now.
      if (exists) folders.push(name);
      else if (!made) removedFolders.push(name);
      continue;
    }
    // Made and gone before watchman could see it (its kind unknown: "?"): not there at the clock, nor now.
    if (!exists && made && (type === '?' || type === undefined || type === null)) continue;
    if (type !== 'f') return undefined;
    (exists ? (made ? created : modified) : made ? vanished : removed).push(name);
  }
  return { modified, created, removed, vanished, folders, removedFolders };
}

/** A synced clock of the watch, when its configuration hides nothing Keyward reads; else undefined (logged). */
async function trustedClock(watchman: UsableWatchman, watch: Omit<WatchmanClock, 'clock'>, logger: Logger): Promise<WatchmanClock | undefined> {
  // The clock first: a folder the configuration would hide, created after it, is a change the next answer names.
  const answer = await askWatchman(watchman.executable, watchman.root, ['clock', watch.watchRoot, { sync_timeout: SYNC_TIMEOUT_MS }], TIMEOUT_MS);
  const clock = answer['clock'];
  if (typeof clock !== 'string') return undefined;
  const config = await askWatchman(watchman.executable, watchman.root, ['get-config', watch.watchRoot], TIMEOUT_MS);
  const hidden = hiddenFolders(watch.watchRoot, asObject(config['config']) ?? {}, globalConfig());
  if (hidden !== undefined) {
    logger.info(`watchman: not used (its watch of ${watch.watchRoot} ignores ${hidden}, where Keyward looks)`);
    return undefined;
  }
  return { ...watch, clock };
}

/**
 * What the watch would not report changes in, when that is anywhere Keyward reads; undefined when nothing.
 * watchman takes each setting from the watched folder's `.watchmanconfig`, else from its global configuration.
 */
export function hiddenFolders(watchRoot: string, local: Readonly<Record<string, unknown>>, global: Readonly<Record<string, unknown>>): string | undefined {
  const setting = (name: string): unknown => (name in local ? local[name] : global[name]);
  const ignoreDirs = setting('ignore_dirs');
  if (ignoreDirs !== undefined && !(Array.isArray(ignoreDirs) && ignoreDirs.length === 0)) return 'folders (ignore_dirs)';
  const ignoreVcs = setting('ignore_vcs') ?? DEFAULT_IGNORE_VCS;
  if (!Array.isArray(ignoreVcs) || !ignoreVcs.every((name) => typeof name === 'string')) return 'folders (ignore_vcs)';
  // The contents of an ignore_vcs folder are not reported, the folder itself is: one made later is a change.
  const present = ignoreVcs.filter((name) => name !== '.git' && lstatSync(path.join(watchRoot, name), { throwIfNoEntry: false }) !== undefined);
  return present.length > 0 ? `the contents of ${present.join(', ')} (ignore_vcs)` : undefined;
}

/** watchman's global configuration, as its service would read it (unreadable or absent: none). */
function globalConfig(): Readonly<Record<string, unknown>> {
  const file = process.env['WATCHMAN_CONFIG_FILE'] ?? '/etc/watchman.json';
  try {
    return asObject(JSON.parse(readFileSync(file, 'utf8'))) ?? {};
  } catch {
    return {};
  }
}

function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
