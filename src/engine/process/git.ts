import { addAncestorsTo, normalizeRelative } from '../discovery/paths';
import { execGit, nulSeparatedPaths } from './git-command';
import { GitError } from './git-error';
import { silentLogger, type Finding, type Logger } from '../types';

export { GitError, type GitErrorCode } from './git-error';

/**
 * What git knows about the workspace, read once per scan. Every git process goes through `git-command.ts`,
 * and only in a trusted workspace: a repository's `.git/config` can name programs that git runs (fsmonitor
 * hooks, filters, …), so opening an untrusted folder must never start git.
 */
export interface GitState {
  /** true: tracked (in the index); false: git knows the repository and does not track it; undefined: unknown. */
  isTracked(relPath: string): boolean | undefined;
  /**
   * Whether at least one file inside this folder (relative, POSIX) is tracked or still in HEAD with its
   * removal staged. Optional for hosts' fakes.
   */
  hasTrackedUnder?(relDir: string): boolean;
  /** true: removed from the index (`git rm --cached`) but still in HEAD, so still in every clone. */
  isRemovalStaged?(relPath: string): boolean;
}

/**
 * Whether a file counts as committed for its keys: tracked, or its removal staged while HEAD still has it
 * (untracking publishes nothing less until the key is rotated).
 */
export function committedState(git: GitState, relPath: string): boolean | undefined {
  return git.isRemovalStaged?.(relPath) === true ? true : git.isTracked(relPath);
}

/** No git (untrusted workspace, git not installed, not a repository): nothing is known. */
export const UNKNOWN_GIT_STATE: GitState = { isTracked: () => undefined, hasTrackedUnder: () => false, isRemovalStaged: () => false };

export interface GitOptions {
  readonly trusted: boolean;
  readonly logger?: Logger;
  /** The index's paths, when the caller has just listed them (the git journal, scan/git-journal.ts): no second `ls-files`. */
  readonly indexPaths?: Iterable<string>;
  /** The staged removals, when the caller has just listed them (`listStagedRemovals`): no second `diff-index`. */
  readonly stagedRemovals?: ReadonlySet<string>;
}

/**
 * Runs `git ls-files` (and `git diff-index` for staged removals) once and answers from their output.
 * Untrusted, no git or no repository: unknown.
 */
export async function readGitState(root: string, opts: GitOptions): Promise<GitState> {
  const logger = opts.logger ?? silentLogger;
  if (!opts.trusted) {
    logger.debug('git: not run in an untrusted workspace; files are reported without committed/untracked state');
    return UNKNOWN_GIT_STATE;
  }
  let output: Iterable<string>;
  try {
    output = opts.indexPaths ?? (await listIndex(root)).split('\0');
  } catch (error) {
    const code = error instanceof GitError ? error.code : 'failed';
    if (code === 'git-missing') logger.info('git: not installed or not on PATH; committed/untracked state is unknown');
    else if (code === 'not-a-repository') logger.debug('git: the workspace is not a git repository');
    else logger.warn(`git: could not list tracked files (${error instanceof Error ? error.message : code})`);
    return UNKNOWN_GIT_STATE;
  }
  const tracked = new Set<string>();
  const sparseDirs = new Set<string>();
  const folders = new Set<string>();
  for (const entry of output) {
    if (entry === '') continue;
    // A sparse index keeps a whole folder outside the sparse cone as one `dir/` entry.
    if (entry.endsWith('/')) sparseDirs.add(entry.slice(0, -1));
    else tracked.add(entry);
    addAncestorsTo(folders, entry);
  }
  const removed = opts.stagedRemovals ?? (await listStagedRemovals(root, logger));
  for (const entry of removed) addAncestorsTo(folders, entry);
  logger.debug(
    `git: ${tracked.size} tracked files${sparseDirs.size > 0 ? `, ${sparseDirs.size} sparse folders` : ''}${removed.size > 0 ? `, ${removed.size} removals staged` : ''}`,
  );
  const inSparseDir = (p: string) => sparseDirs.size > 0 && [...ancestors(p)].some((dir) => sparseDirs.has(dir));
  return {
    isTracked: (relPath) => {
      const p = normalizeRelative(relPath);
      return tracked.has(p) || inSparseDir(p);
    },
    hasTrackedUnder: (relDir) => folders.has(normalizeRelative(relDir)) || inSparseDir(normalizeRelative(relDir)),
    isRemovalStaged: (relPath) => removed.has(normalizeRelative(relPath)),
  };
}

/**
 * What git knows about a few files alone, for a scan of just them (the files changed since a stored result:
 * scan/changed-rescan.ts): each of `files` is tracked, each folder above one holds a tracked file, each of
 * `untracked` is not tracked, and the removals are the ones staged. Any other path is unknown: such a scan
 * never asks about one.
 */
export function trackedFilesState(files: Iterable<string>, removals: ReadonlySet<string>, untracked: Iterable<string> = []): GitState {
  const tracked = new Set<string>();
  const folders = new Set<string>();
  for (const file of files) {
    tracked.add(file);
    addAncestorsTo(folders, file);
  }
  const notTracked = new Set(untracked);
  return {
    isTracked: (relPath) => {
      const relative = normalizeRelative(relPath);
      return tracked.has(relative) ? true : notTracked.has(relative) ? false : undefined;
    },
    hasTrackedUnder: (relDir) => folders.has(normalizeRelative(relDir)),
    isRemovalStaged: (relPath) => removals.has(normalizeRelative(relPath)),
  };
}

/**
 * `--sparse` lists a sparse index's folder entries as they are: without it git expands them, reading trees
 * a partial clone may lack. git before 2.35 does not know the option.
 */
async function listIndex(root: string): Promise<string> {
  try {
    return await execGit(root, ['ls-files', '-z', '--sparse']);
  } catch (error) {
    if (error instanceof GitError && error.code === 'failed' && /unknown option|usage:/i.test(error.message)) return execGit(root, ['ls-files', '-z']);
    throw error;
  }
}

/** Paths in HEAD that the index no longer has (`git rm --cached`), relative to `root`. Empty when unknown. */
export async function listStagedRemovals(root: string, logger: Logger): Promise<Set<string>> {
  try {
    const output = await execGit(root, ['diff-index', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=D', '--relative', 'HEAD', '--']);
    return new Set(nulSeparatedPaths(output));
  } catch (error) {
    // No commit yet (unborn HEAD), or HEAD's trees are missing: nothing is known to be removed.
    logger.debug(`git: staged removals unknown (${error instanceof Error ? error.message : 'failed'})`);
    return new Set();
  }
}

function* ancestors(relPath: string): Generator<string> {
  for (let slash = relPath.lastIndexOf('/'); slash > 0; slash = relPath.lastIndexOf('/', slash - 1)) yield relPath.slice(0, slash);
}

/**
 * The files the index holds at or under these paths (relative to root, taken literally: a file names itself, a
 * folder everything in it). `withHead`: HEAD's files too, so a file whose removal is staged, which is still scanned
 * (discovery/path-filter.ts), counts; that rejects in a repository without a commit yet, as for any failure.
 */
export async function indexedUnder(root: string, paths: readonly string[], opts: { readonly withHead?: boolean } = {}): Promise<string[]> {
  if (paths.length === 0) return [];
  const head = opts.withHead ? ['--with-tree=HEAD'] : [];
  return nulSeparatedPaths(await execGit(root, ['--literal-pathspecs', 'ls-files', '-z', '--cached', ...head, '--', ...paths]));
}

/** The tracked files directly in these folders (relative to root): git's glob pathspec `folder/*` stops at `/`. */
export async function trackedChildren(root: string, folders: readonly string[]): Promise<Set<string>> {
  const pathspecs = folders.map((folder) => `:(glob)${folder === '' ? '' : `${escapeGlob(folder)}/`}*`);
  return new Set(nulSeparatedPaths(await execGit(root, ['ls-files', '-z', '--cached', '--', ...pathspecs])));
}

/** A literal path inside a git glob pathspec: wildmatch's special characters escaped. */
function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** The note a finding gets when its file's removal is staged but HEAD (and the history) still has it. */
export const REMOVAL_STAGED_NOTE = 'removal staged; still in HEAD and history: rotate the key';

/** Marks the findings of files whose removal is staged: the key is still published until rotated. */
export function withRemovalState(findings: readonly Finding[], git: GitState): Finding[] {
  return findings.map((finding) => (git.isRemovalStaged?.(finding.path) === true ? { ...finding, removalStaged: true } : finding));
}

/**
 * Stops tracking a file: `git rm --cached`, which removes it from the index only. The working file is never
 * deleted. The path is taken literally (`--literal-pathspecs`), so `a*.pem` cannot untrack `ab.pem`.
 * Writing the index would run the repository's programs: the post-index-change hook (hooks are off for
 * every Keyward call) and the clean filter `.gitattributes` names for the file, which git runs to compare
 * the working file with the index. That filter driver is neutralised for this call.
 */
export async function untrackFile(root: string, relPath: string, opts: GitOptions): Promise<void> {
  if (!opts.trusted) {
    throw new GitError('untrusted', 'Keyward does not run git in an untrusted workspace. Trust the workspace, or run `git rm --cached` yourself.');
  }
  const path = normalizeRelative(relPath);
  if (path === '' || path.includes('\0') || path.split('/').includes('..') || /^[a-zA-Z]:/.test(path)) {
    throw new GitError('invalid-path', 'The path to untrack must be a file inside the workspace folder.');
  }
  const config = (await filterDriversOf(root, path)).flatMap((driver): [string, string][] => [
    [`filter.${driver}.clean`, ''],
    [`filter.${driver}.smudge`, ''],
    [`filter.${driver}.process`, ''],
    [`filter.${driver}.required`, 'false'],
  ]);
  try {
    await execGit(root, ['--literal-pathspecs', 'rm', '--cached', '--quiet', '--', path], { config });
  } catch (error) {
    if (error instanceof GitError && error.code === 'failed' && /did not match any files/.test(error.message)) {
      throw new GitError('not-tracked', 'git does not track this file (it may already be untracked).', { cause: error });
    }
    throw error;
  }
  opts.logger?.info(`git: stopped tracking ${path} (the file itself was kept)`);
}

/** The filter drivers `.gitattributes` (and info/attributes) assign to a path: `git check-attr` runs no program. */
async function filterDriversOf(root: string, path: string): Promise<string[]> {
  const output = await execGit(root, ['--literal-pathspecs', 'check-attr', '-z', 'filter', '--', path]);
  // <path> NUL <attribute> NUL <value> NUL, for each path asked about.
  const fields = output.split('\0');
  const drivers: string[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const value = fields[i + 2] ?? '';
    if (value !== '' && value !== 'unspecified' && value !== 'unset' && value !== 'set') drivers.push(value);
  }
  return drivers;
}
