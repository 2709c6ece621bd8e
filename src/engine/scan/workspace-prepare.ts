import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
import type { PathFilterOptions } from '../discovery/path-filter';
import { DEFAULT_FINDING_LIMITS } from '../findings/finding-caps';
import { KEYWARDIGNORE_FILE, parseKeywardIgnore, type KeywardIgnoreProblem } from '../fixes/keywardignore';
import { indexedUnder, readGitState, type GitState } from '../process/git';
import { readRegularText } from '../io/safe-read';
import { KEYWARD_VERSION } from '../project';
import { RULES } from '../rules/registry';
import { cacheKey, ScanCache } from './cache';
import { parseJournal, type GitJournal, type JournalOutput } from './git-journal';
import { askGit, storedForThisIndex, type GitAsking } from './git-asking';
import {
  changedFilesOnly,
  MAX_CHANGED_FILES,
  readStoredResult,
  readUnchangedResult,
  type ChangedFiles,
  type StoredResult,
  recordedFolderChanges,
  resultWithoutListing,
  outsideUntrackedListing,
  unchangedCheck,
  type UnchangedCheck,
  type WatchedChanges,
} from './unchanged-rescan';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS, type FileSuppressions, type KeywardIgnoreEntry } from '../findings/suppress';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import { readWorkspaceFacts } from '../facts/workspace-facts-files';
import { rememberedWorkspaceFacts } from './workspace-facts-memo';
import { askWatchmanJournal, countPaths, type WorktreeChanges } from './watchman-journal';
import { withoutIgnoredUntracked } from './watchman-ignored';
import { changesInFolders } from './folder-journal';
import type { FolderComparison } from './recorded-folders';
import { nulSeparatedPaths } from '../process/git-command';
import { silentLogger, type Logger, type ScanResult } from '../types';
import type { WorkspaceScanOptions } from './workspace-options';

/** Phase 1 of a workspace scan: everything read once before the first file (see workspace-scan.ts). */
export interface PreparedScan {
  readonly logger: Logger;
  /** Absolute, resolved workspace folder. */
  readonly root: string;
  readonly maxFileSize: number;
  readonly git: GitState;
  readonly suppressions: FileSuppressions;
  readonly keywardIgnore: readonly KeywardIgnoreEntry[];
  readonly untrusted: boolean;
  readonly workspace: WorkspaceFacts;
  readonly cache: ScanCache | undefined;
  /** git's change journal, read up front for a re-scan that may use it (scan/journal-walk.ts `readChangeJournal` decides). */
  readonly journal: GitJournal | undefined;
  /** With git's journal: what the unchanged re-scan compares (scan/unchanged-rescan.ts); the scan stores its result for it. */
  readonly unchangedCheck?: UnchangedCheck | undefined;
}

/** Trust, git state, `.keywardignore`, workspace facts and the incremental cache, in that order. */
export async function prepareScan(options: WorkspaceScanOptions): Promise<PreparedScan> {
  const prepared = await prepareOrReuse(options, false);
  if (!('root' in prepared)) throw new Error('prepareScan: a stored result was offered without being asked for');
  return prepared;
}

/** The stored result stands for every file but these, changed, made or removed since (scan/changed-rescan.ts). */
export interface StoredButChanged extends ChangedFiles {
  readonly stored: ScanResult;
  readonly workspace: WorkspaceFacts;
  readonly removals: ReadonlySet<string>;
}

/**
 * prepareScan, or, with `reuse`, the previous scan's result when git (or watchman) reports nothing changed since
 * it (scan/unchanged-rescan.ts): then the cache is not even opened; or, when they report only some tracked files
 * changed (and, watchman, some untracked files made), those files (scan/changed-rescan.ts).
 */
export async function prepareOrReuse(
  options: WorkspaceScanOptions,
  reuse: boolean,
): Promise<PreparedScan | { readonly unchanged: ScanResult } | { readonly storedButChanged: StoredButChanged }> {
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const journalUsable = mayUseGitJournal(options, root);
  const storedResult = journalUsable && reuse ? readStoredResult(options.cacheFile!) : undefined;
  // watchman before git: a change after its clock is in its next answer, one before it in git's answers.
  const watched = journalUsable && options.watchman !== false ? await askWatchmanJournal(root, storedResult?.watchman, logger) : undefined;
  const sinceStored = storedResult && watched?.changes ? await sortedChanges(root, storedResult, watched.changes, options, logger) : undefined;
  const askedAt = Date.now();
  // A re-scan in a git work tree lists the index once, with the stat data the journal needs: the git state
  // is built from that listing (one git process and one parse fewer).
  // git's processes run while this thread reads .keywardignore and the workspace facts (neither rejects).
  const asking = journalUsable ? askGit(root, logger, storedResult, sinceStored?.tracked) : undefined;
  // Read in untrusted workspaces too, where it no longer hides key findings (suppress.ts `honoursSuppression`).
  const { suppressions, entries: keywardIgnore } = await loadKeywardIgnore(root, { logger });
  const untrusted = !options.trusted;
  const workspace =
    options.workspace ??
    (options.cacheFile !== undefined ? await rememberedWorkspaceFacts(root, options.cacheFile, logger) : await readWorkspaceFacts(root, { logger }));
  // Custom rules (tests) cannot be sent to workers, and their results must not enter a cache.
  const key =
    options.cacheFile !== undefined && !options.rules
      ? cacheKey({
          version: KEYWARD_VERSION,
          rules: RULES.map((r) => r.meta.id),
          limits: DEFAULT_FINDING_LIMITS,
          root,
          maxFileSize,
          keywardIgnore,
          workspace,
          untrusted,
          exclude: options.exclude ?? [],
          useGitignore: options.useGitignore !== false,
        })
      : undefined;
  // The recorded folders' lstat while git compares the tracked files, when the index is the stored result's.
  // git's untracked listing is the stored one when watchman saw no untracked file made or removed (no link either).
  const foldersChecked: Promise<FolderComparison> | undefined = sinceStored
    ? Promise.resolve(sinceStored.created.length === 0 && sinceStored.removedUntracked.length === 0 ? FOLDERS_UNCHANGED : FOLDERS_CHANGED)
    : asking && (await asking.storedIndexUnchanged())
      ? recordedFolderChanges(asking.stored!, root, options.cacheFile!)
      : undefined;
  const asked = asking && (await asking.early);
  const stored = asking && asked && key !== undefined ? await storedForThisIndex(asking, asked.index, options.cacheFile!, logger) : undefined;
  if (asked && stored && key !== undefined) {
    const folders = await (foldersChecked ?? recordedFolderChanges(stored, root, options.cacheFile!));
    // Without watchman, the folders that changed tell the untracked files made and removed (scan/folder-journal.ts).
    const inFolders =
      !sinceStored && !folders.unchanged && folders.changed ? await folderChanges(root, stored, folders.changed, asked.dirty, options, logger) : undefined;
    // Every difference in git's untracked listing is then known: none, or those files.
    const listingKnown = folders.unchanged || (inFolders !== undefined && inFolders.created.length === 0 && inFolders.removedUntracked.length === 0);
    const now = { key, dirty: asked.dirty, removals: asked.removals, foldersUnchanged: listingKnown };
    const unchanged = resultWithoutListing(stored, now, root, logger);
    if (unchanged) return { unchanged };
    const changed = changedFilesOnly(stored, now, root, sinceStored ?? inFolders);
    if (changed) return { storedButChanged: { stored: stored.result, ...changed, workspace, removals: asked.removals } };
  }
  const journalOutput = await steadyListing(asking, asked?.index, logger);
  const check =
    asked && journalOutput && key !== undefined
      ? unchangedCheck(
          options.cacheFile!,
          key,
          { at: askedAt, index: asked.index, output: journalOutput, removals: asked.removals, watchman: watched?.clock },
          root,
        )
      : undefined;
  // Where folder timestamps are not trusted (not recorded, or a folder changed), the stored result is checked against git's listing.
  const unchanged = reuse && check && stored ? readUnchangedResult(check, root, logger, stored) : undefined;
  if (unchanged) return { unchanged };
  const journal = journalOutput ? parseJournal(journalOutput, logger) : undefined;
  const git =
    options.trusted && options.gitState
      ? options.gitState
      : await readGitState(root, {
          trusted: options.trusted,
          logger,
          ...(journal ? { indexPaths: journal.tracked.keys() } : {}),
          ...(asked ? { stagedRemovals: asked.removals } : {}),
        });
  const cache = key !== undefined ? await ScanCache.open(options.cacheFile!, key, logger) : undefined;
  return { logger, root, maxFileSize, git, suppressions, keywardIgnore, untrusted, workspace, cache, journal, unchangedCheck: journal ? check : undefined };
}

/**
 * git's listings, when the index file had the digest read before them also after them. git's processes read
 * the index each at its own moment: an index written meanwhile (a `git add` during the scan) can leave a file
 * in neither the tracked nor the untracked listing, and a result stored under the earlier digest would stand
 * for an index those listings did not describe. Then the folder is walked. An index that could not be digested
 * cannot be checked: its listings are taken as they are, and no result is stored.
 */
async function steadyListing(asking: GitAsking | undefined, index: string | undefined, logger: Logger): Promise<JournalOutput | undefined> {
  if (!asking) return undefined;
  const listing = await asking.listing();
  if (listing === undefined || index === undefined || (await asking.indexUnchangedSince(index))) return listing;
  logger.info('git journal: not used (the index changed while git listed it): walking the folder');
  return undefined;
}

/**
 * watchman's changes since the stored result, sorted by git's index (`sortedChanges`): the untracked files made,
 * the files gone that were there when the stored result was computed (tracked, or in its untracked listing), and
 * `tracked`, the tracked files modified, made again or removed: what `diff-files` would list against the stored index.
 */
interface SortedChanges extends WatchedChanges {
  readonly tracked: readonly string[];
}

/**
 * watchman's changes since the stored result, as git's index tells them apart. Changes `.gitignore` keeps out of
 * the result are none (scan/watchman-ignored.ts); a folder removed otherwise is walked (undefined). Each modified
 * file was there at the clock: tracked, unless git's untracked listing of then named it (then undefined: the
 * journal walk compares it). A file made is tracked when the index holds it (one removed and made again). A file
 * gone was there when the result was computed if the index holds it or that listing named it; else it is no
 * change (a temporary file, or one removed before git was asked). Undefined as well when git cannot say, or when
 * more files changed than a re-scan over the stored result takes.
 */
async function sortedChanges(
  root: string,
  stored: StoredResult,
  named: WorktreeChanges,
  filter: PathFilterOptions,
  logger: Logger,
): Promise<SortedChanges | undefined> {
  const changes = (await withoutIgnoredUntracked(root, named, filter)) ?? named;
  if (changes !== named) logger.debug(`watchman: ${countPaths(named) - countPaths(changes)} changed paths that .gitignore keeps out of the scan left out`);
  if (changes.removedFolders.length > 0) return undefined;
  if (!outsideUntrackedListing(stored, changes.modified)) return undefined;
  const gone = [...changes.removed, ...changes.vanished];
  if (changes.modified.length + changes.created.length + gone.length > MAX_CHANGED_FILES) return undefined;
  try {
    const tracked = new Set(await indexedUnder(root, [...changes.created, ...gone]));
    const removedTracked = gone.filter((file) => tracked.has(file));
    return {
      tracked: [...changes.modified, ...changes.created.filter((file) => tracked.has(file)), ...removedTracked],
      created: changes.created.filter((file) => !tracked.has(file)),
      removedTracked,
      removedUntracked: gone.filter((file) => !tracked.has(file) && !outsideUntrackedListing(stored, [file])),
    };
  } catch (error) {
    logger.debug(`scan: watchman's changes not used (${error instanceof Error ? error.message : 'git failed'})`);
    return undefined;
  }
}

const FOLDERS_UNCHANGED: FolderComparison = { unchanged: true };
const FOLDERS_CHANGED: FolderComparison = { unchanged: false, changed: undefined };

/** The untracked files made and removed in the folders that changed since the stored result; undefined when not told (logged). */
async function folderChanges(
  root: string,
  stored: StoredResult,
  changedFolders: readonly string[],
  dirty: string,
  filter: PathFilterOptions,
  logger: Logger,
): Promise<WatchedChanges | undefined> {
  try {
    const changes = await changesInFolders({
      root,
      changedFolders,
      recordedFolders: new Set(stored.folders?.paths.split('\0')),
      untracked: stored.untracked,
      dirty: nulSeparatedPaths(dirty),
      filter,
      maxFiles: MAX_CHANGED_FILES,
    });
    if (changes)
      logger.debug(
        `scan: ${changedFolders.length} folders changed: ${changes.created.length} untracked files made, ${changes.removedUntracked.length} removed`,
      );
    else logger.debug(`scan: ${changedFolders.length} folders changed, by more than untracked files made or removed: git lists them`);
    return changes;
  } catch (error) {
    logger.debug(`scan: the changed folders not read (${error instanceof Error ? error.message : 'failed'}): git lists them`);
    return undefined;
  }
}

/**
 * Whether a scan could use git's journal (journal-walk.ts `canUseGitJournal` decides once the cache is
 * open): trusted, a whole-folder scan with a cache file that exists, inside what may be a git work tree (a
 * `.git` here or above; git itself decides). Where it turns out unusable, the journal's git processes were
 * spent for nothing: a discarded cache (new version, settings) or a folder git does not call a repository.
 */
function mayUseGitJournal(options: WorkspaceScanOptions, root: string): boolean {
  if (!options.trusted || options.cacheFile === undefined || options.rules || (options.paths ?? []).length > 0) return false;
  if (!(lstatSync(options.cacheFile, { throwIfNoEntry: false })?.size ?? 0)) return false;
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (lstatSync(path.join(dir, '.git'), { throwIfNoEntry: false }) !== undefined) return true;
    if (path.dirname(dir) === dir) return false;
  }
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
