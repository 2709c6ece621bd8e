import { listStagedRemovals } from '../process/git';
import type { Logger } from '../types';
import { digestIndexFile, locateIndexFile, logJournalFailure, readDirtyPaths, readIndexListing, readJournalOutput, type JournalOutput } from './git-journal';
import { withRewrittenIndex, type StoredResult } from './unchanged-rescan';

/**
 * git's processes for a re-scan with the cache (workspace-prepare.ts), started at once and read in steps: with
 * a stored result (scan/unchanged-rescan.ts) the cheap answers may settle the re-scan, and git's listings (the
 * journal walk's input, scan/git-journal.ts) are asked for only when it needs them.
 */

/**
 * The stored result when it was computed from this index: the same file, or a file rewritten with the same
 * entries (then git's index listing, which the journal needs anyway, tells; the index must not change while it
 * is listed). Undefined otherwise.
 */
export async function storedForThisIndex(asking: GitAsking, index: string | undefined, cacheFile: string, logger: Logger): Promise<StoredResult | undefined> {
  const stored = asking.stored;
  if (stored === undefined || index === undefined) return undefined;
  if (stored.fingerprint.index === index) return stored;
  const listing = await asking.indexListing();
  if (listing === undefined || !(await asking.indexUnchangedSince(index))) return undefined;
  return withRewrittenIndex(stored, cacheFile, listing, index, logger);
}

/** git's answers for a re-scan, in steps: the unchanged re-scan may need only the first. */
export interface GitAsking {
  readonly stored: StoredResult | undefined;
  /** Whether the index file is the stored result's (its digest comes first, before `early`). */
  storedIndexUnchanged(): Promise<boolean>;
  /** Whether the index file still has this digest (it was digested before a listing: is the listing of it?). */
  indexUnchangedSince(index: string): Promise<boolean>;
  /** Undefined when git cannot answer (not a repository, an error: logged). */
  readonly early: Promise<EarlyGitAnswers | undefined>;
  /** git's index listing (the journal's first listing): undefined when git failed. */
  indexListing(): Promise<string | undefined>;
  /** The journal's listings; asked for on the first call (at once when there is no stored result to check first). */
  listing(): Promise<JournalOutput | undefined>;
}

export interface EarlyGitAnswers {
  /** git-journal.ts `digestIndexFile`: undefined when the index file could not be read. */
  readonly index: string | undefined;
  readonly dirty: string;
  readonly removals: ReadonlySet<string>;
}

/**
 * Starts git's processes. With a stored result that recorded its folders, or since which watchman reports only
 * some tracked files changed (`changedSinceStored`, empty when none), only the cheap questions are asked first
 * (is any tracked file modified, the index digest, the staged removals); the listings only if the stored result
 * does not stand. Otherwise everything is asked at once.
 */
export function askGit(root: string, logger: Logger, stored: StoredResult | undefined, changedSinceStored?: readonly string[]): GitAsking {
  // Located once: the index is digested before git's listings and again after them.
  const indexFile = locateIndexFile(root);
  const index = indexFile.then(digestIndexFile);
  // No tracked file differed from the stored result's index (its fingerprint says so), and only these tracked
  // files have changed since (watchman): with that index, they are what `diff-files` would list.
  const dirty =
    changedSinceStored && stored
      ? index.then((digest) => (digest === stored.fingerprint.index ? changedSinceStored.map((file) => `${file}\0`).join('') : readDirtyPaths(root)))
      : readDirtyPaths(root);
  const removals = listStagedRemovals(root, logger);
  let listing: Promise<JournalOutput | undefined> | undefined;
  let indexListing: Promise<string> | undefined;
  // Listed after the index is digested: an index written in between then differs from the digest the
  // result is stored with, so that result never stands for it.
  const startIndexListing = () => (indexListing ??= index.then(() => readIndexListing(root)));
  const startListing = () =>
    (listing ??= index.then(
      () => readJournalOutput(root, logger, { dirty, index: startIndexListing() }),
      () => undefined,
    ));
  if (!stored?.folders && !changedSinceStored) startListing();
  const early = Promise.all([index, dirty, removals]).then(
    ([index, dirty, removals]) => ({ index, dirty, removals }),
    (error: unknown) => {
      logJournalFailure(error, logger);
      return undefined;
    },
  );
  return {
    stored,
    storedIndexUnchanged: () => index.then((digest) => stored?.folders !== undefined && digest === stored.fingerprint.index).catch(() => false),
    indexUnchangedSince: (digest) => indexFile.then((file) => digestIndexFile(file) === digest).catch(() => false),
    early,
    indexListing: async () => ((await early) ? startIndexListing().catch(() => undefined) : undefined),
    listing: async () => ((await early) ? startListing() : undefined),
  };
}
