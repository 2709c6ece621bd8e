import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { readRegularFile } from '../io/safe-read';
import { execGit, nulSeparatedPaths } from '../process/git-command';
import { GitError } from '../process/git-error';
import type { Logger } from '../types';

/**
 * git as the change journal of a re-scan (issue 18): instead of listing every folder and stat'ing every
 * file, Keyward asks git which paths exist and which of them changed. git compares each tracked file with
 * the stat data its index recorded (in C, on its own threads); a file git calls clean has exactly the index's
 * size and mtime, which is what the scan cache compares (scan/cache.ts), so the cache can answer for it
 * without a system call from Keyward.
 *
 * The repository controls its index and configuration, and both can make git call a changed file clean:
 * assume-unchanged and skip-worktree bits, core.ignoreStat, core.checkStat=minimal, fsmonitor. Every file
 * git does not vouch for by a plain `H` tag is stat'ed by Keyward itself (`mustStat`), the stat settings are
 * forced on the command line, and anything unexpected (an error, a timeout, a sparse index, output that does
 * not parse) returns undefined: the caller then walks and stats as before.
 */
export interface IndexedFile {
  /** git's mode: 100644/100755 regular, 120000 symlink, 160000 gitlink (a submodule). */
  readonly mode: string;
  /** The worktree's size and mtime as the index recorded them; the same as a stat when git calls the file clean. */
  readonly size: number;
  readonly mtimeMs: number;
  /** git's clean verdict cannot be taken: Keyward stats the path itself. */
  readonly mustStat: boolean;
}

export interface GitJournal {
  /** Tracked paths (relative to the workspace root, POSIX). */
  readonly tracked: ReadonlyMap<string, IndexedFile>;
  /** Paths git does not track: files and symlinks, and wholly untracked folders as `folder/` (not listed inside). */
  readonly untracked: readonly string[];
}

/** How the walk used git's answer: journal-walk.ts reports it for the unchanged re-scan (scan/unchanged-rescan.ts). */
export interface JournalReplay {
  /**
   * Every path came from git's listing: each tracked file vouched for by git (a regular file, no stat), no
   * folder walked on disk, no symlink followed, nothing but regular files stat'ed. Then the walk's result
   * follows from git's answers, the stat of `statted` and the ignore files alone.
   */
  readonly exact: boolean;
  /** Untracked paths the walk lstat'ed (the ones it may have listed as files). */
  readonly statted: readonly string[];
}

/** Longer than any healthy repository needs; past it the walk is cheaper than waiting. */
const JOURNAL_TIMEOUT_MS = 20_000;

/**
 * Settings that would let a changed file pass as clean, overridden for Keyward's calls. trustctime only
 * makes git stricter than the cache's own size-and-mtime test; untrackedCache is an index extension the
 * repository could forge.
 */
const STAT_CONFIG: readonly (readonly [string, string])[] = [
  ['core.ignoreStat', 'false'],
  ['core.checkStat', 'default'],
  ['core.trustctime', 'true'],
  ['core.untrackedCache', 'false'],
  ['core.fsmonitor', 'false'],
];

/** git's raw answers, before parsing: the unchanged re-scan (scan/unchanged-rescan.ts) compares them whole. */
export interface JournalOutput {
  /** `ls-files -s -v -f --debug`: every index entry with its tag and recorded stat data. */
  readonly index: string;
  /** `diff-files --name-only`: tracked paths whose worktree differs from the index. */
  readonly dirty: string;
  /** `ls-files --others --directory`: untracked paths, wholly untracked folders as `folder/`. */
  readonly untracked: string;
}

/** Reads the journal, or undefined (with the reason logged) when git's answer cannot be used. */
export async function readGitJournal(root: string, logger: Logger): Promise<GitJournal | undefined> {
  const output = await readJournalOutput(root, logger);
  return output && parseJournal(output, logger);
}

/**
 * Runs the journal's git processes (concurrently); undefined, with the reason logged, when one fails.
 * `known` holds answers already asked for at the start of this scan (the unchanged re-scan's check).
 */
export async function readJournalOutput(
  root: string,
  logger: Logger,
  known: { readonly dirty?: Promise<string>; readonly index?: Promise<string> } = {},
): Promise<JournalOutput | undefined> {
  try {
    const [index, dirty, untracked] = await Promise.all([
      known.index ?? readIndexListing(root),
      known.dirty ?? readDirtyPaths(root),
      // No exclude options: Keyward applies its own .gitignore semantics to what git lists.
      execGit(root, ['ls-files', '-z', '--others', '--directory'], { config: STAT_CONFIG, timeoutMs: JOURNAL_TIMEOUT_MS }),
    ]);
    return { index, dirty, untracked };
  } catch (error) {
    logJournalFailure(error, logger);
    return undefined;
  }
}

/** Every index entry with its tag and recorded stat data (`JournalOutput.index`). */
export function readIndexListing(root: string): Promise<string> {
  // -v: assume-unchanged in lowercase; -f: fsmonitor-valid in lowercase; --debug: the recorded stat data.
  return execGit(root, ['ls-files', '-z', '--sparse', '-s', '-v', '-f', '--debug'], { config: STAT_CONFIG, timeoutMs: JOURNAL_TIMEOUT_MS });
}

/** Logs why git's answer cannot be used (quietly when the folder is simply not a repository). */
export function logJournalFailure(error: unknown, logger: Logger): void {
  const detail = error instanceof Error ? error.message : 'failed';
  if (!(error instanceof GitError && error.code === 'not-a-repository')) logger.info(`git journal: not used (${detail}): walking the folder`);
}

/** The index file git uses for this folder (`git rev-parse --git-path index`); rejects when git cannot answer (not a repository). */
export async function locateIndexFile(root: string): Promise<string> {
  return path.resolve(root, (await execGit(root, ['rev-parse', '--git-path', 'index'], { timeoutMs: JOURNAL_TIMEOUT_MS })).replace(/\n$/, ''));
}

/**
 * The SHA-256 of git's index file (`locateIndexFile`; a new repository's absent index digests as such), or
 * undefined when the file cannot be read (over MAX_INDEX_BYTES, not a regular file): then no stored result is
 * taken or kept, and the journal works as without one. Everything `ls-files -s -v -f --debug` lists is in
 * that file (a split index names its shared part by content hash), so equal digests mean an equal listing,
 * without git writing 20 MB of it and Node reading them.
 */
export function digestIndexFile(indexFile: string): string | undefined {
  const read = readRegularFile(indexFile, { maxBytes: MAX_INDEX_BYTES });
  if (!read.ok && read.reason !== 'absent') return undefined;
  return createHash('sha256')
    .update(read.ok ? read.value : '\0absent')
    .digest('hex');
}

/** An index of about two million files (100,000 files: 13 MB); larger ones are not digested. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/** The journal from git's answers, or undefined (logged) when they cannot be used. */
export function parseJournal(output: JournalOutput, logger: Logger): GitJournal | undefined {
  const tracked = parseIndex(output.index, new Set(nulSeparatedPaths(output.dirty)));
  if (tracked === undefined) {
    logger.debug('git journal: index listing not understood (or a sparse index): walking the folder');
    return undefined;
  }
  const untracked = nulSeparatedPaths(output.untracked);
  if (!untracked.every((p) => isPlainRelative(p.endsWith('/') ? p.slice(0, -1) : p))) return undefined;
  return { tracked, untracked };
}

/**
 * Tracked files whose worktree differs from the index by stat (or content, for racily clean entries). git
 * compares content through the clean filters `.gitattributes` assigns: every filter driver the
 * configuration defines is neutralised for this call, so no repository program runs; a filtered file then
 * compares as changed and is simply stat'ed.
 */
export async function readDirtyPaths(root: string): Promise<string> {
  const config = [...STAT_CONFIG, ...(await filterDriverOverrides(root))];
  return execGit(root, ['diff-files', '-z', '--name-only', '--relative', '--ignore-submodules=all', '--no-ext-diff', '--no-textconv'], {
    config,
    timeoutMs: JOURNAL_TIMEOUT_MS,
  });
}

/** `filter.<driver>.clean/process/smudge` emptied for every driver any configuration file names. */
async function filterDriverOverrides(root: string): Promise<[string, string][]> {
  let output: string;
  try {
    output = await execGit(root, ['config', '-z', '--name-only', '--get-regexp', '^filter\\.'], { timeoutMs: JOURNAL_TIMEOUT_MS });
  } catch (error) {
    // Exit 1: no such key. Anything else: the configuration is unreadable, so is git's answer.
    if (error instanceof GitError && error.code === 'failed' && !/\S/.test(error.message.replace(/^git config failed:?/, ''))) return [];
    throw error;
  }
  const drivers = new Set<string>();
  for (const key of output.split('\0')) {
    const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (match) drivers.add(match[1]!);
  }
  return [...drivers].flatMap((driver): [string, string][] => [
    [`filter.${driver}.clean`, ''],
    [`filter.${driver}.smudge`, ''],
    [`filter.${driver}.process`, ''],
    [`filter.${driver}.required`, 'false'],
  ]);
}

/** One entry of `ls-files -s -v -f --debug -z`: `<tag> <mode> <oid> <stage>\t<path>\0` then five stat lines. */
const ENTRY_HEAD = /(\S) (\d{6}) [0-9a-f]+ (\d)\t/y;
const STAT_LINES = / {2}ctime: \d+:\d+\n {2}mtime: (\d+):(\d+)\n {2}dev: \d+\tino: \d+\n {2}uid: \d+\tgid: \d+\n {2}size: (\d+)\tflags: [0-9a-f]+\n/y;

/** Parses the index listing; undefined when it does not parse or has a sparse folder entry. */
export function parseIndex(output: string, dirty: ReadonlySet<string>): Map<string, IndexedFile> | undefined {
  const tracked = new Map<string, IndexedFile>();
  let at = 0;
  while (at < output.length) {
    // Sticky expressions matched in place: no copy of the (megabytes of) output per entry.
    ENTRY_HEAD.lastIndex = at;
    const head = ENTRY_HEAD.exec(output);
    if (!head) return undefined;
    const pathStart = at + head[0].length;
    const pathEnd = output.indexOf('\0', pathStart);
    if (pathEnd < 0) return undefined;
    STAT_LINES.lastIndex = pathEnd + 1;
    const stat = STAT_LINES.exec(output);
    if (!stat) return undefined;
    at = STAT_LINES.lastIndex;
    const [, tag, mode, stage] = head as unknown as [string, string, string, string];
    if (mode === '040000') return undefined;
    const relative = output.slice(pathStart, pathEnd);
    // git writes no such entry, but the index is the repository's: a path out of the folder ends the journal.
    if (!isPlainRelative(relative)) return undefined;
    const seconds = Number(stat[1]);
    const nanoseconds = Number(stat[2]);
    // Node's own formula for Stats.mtimeMs, so that the value is the very double a stat would give.
    const mtimeMs = seconds * 1e3 + nanoseconds / 1e6;
    const mustStat = tag !== 'H' || stage !== '0' || dirty.has(relative) || tracked.has(relative);
    tracked.set(relative, { mode, size: Number(stat[3]), mtimeMs, mustStat });
  }
  return tracked;
}

/** A workspace-relative POSIX path that stays inside the folder: no empty, `.` or `..` part, not absolute. */
function isPlainRelative(relative: string): boolean {
  // Tested on the whole path rather than split into parts: this runs for every path git lists.
  return relative !== '' && !PART_NOT_PLAIN.test(relative);
}

/** An empty, `.` or `..` part anywhere: a leading or trailing slash, `//`, `/./`, `/../` and the like. */
const PART_NOT_PLAIN = /(?:^|\/)\.{0,2}(?:\/|$)/;
