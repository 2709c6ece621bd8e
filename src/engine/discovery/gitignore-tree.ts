import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readOptionalText } from '../io/safe-read';
import { joinRelative, parentOf } from './paths';

/**
 * `.gitignore` semantics for a whole tree: the root file, every nested file (each relative to its own folder)
 * and `.git/info/exclude`. Matching itself is the `ignore` package's; this class only decides which files
 * apply to a path and in which order, as git does: the deepest `.gitignore` wins, then shallower ones, then
 * `info/exclude`; inside one file the last matching pattern wins (`ignore`'s `test`). A path inside an ignored
 * folder is ignored whatever the deeper files say, because git never looks inside an ignored folder.
 *
 * Files are loaded once per folder (`preload` while walking, or on first use for the editor's single-document
 * filter) and each is compiled once. They are read with the safe reader (regular files inside the root only).
 * A hostile file of 100,000 patterns made every path cost 100,000 tests: only the first
 * MAX_PATTERNS_PER_FILE patterns of a file count, and at most MAX_PATTERNS_PER_TREE in all, which bounds the
 * work per path. Dropping patterns can only make more files scanned, except a dropped `!negation`, which a
 * hostile file could as well have left out.
 */
export class GitignoreTree {
  /** Per folder: its `.gitignore` rules, or null when it has none. */
  private readonly matchers = new Map<string, Ignore | null>();
  private readonly folderVerdicts = new Map<string, boolean>();
  private readonly scopes = new Map<string, FolderScope>();
  private infoExclude: Ignore | null = null;
  // git's core.ignorecase is true by default where the file system is case-insensitive.
  private readonly ignorecase = process.platform === 'darwin' || process.platform === 'win32';

  private patternBudget = MAX_PATTERNS_PER_TREE;

  /** `onLimit` hears of every ignore file whose patterns were cut (workspace-relative path, what was dropped). */
  constructor(
    private readonly root: string,
    private readonly onLimit: (relative: string, detail: string) => void = () => {},
  ) {}

  /** Reads `.git/info/exclude` (local, never committed, but honoured by git just the same). */
  async loadInfoExclude(): Promise<void> {
    const text = readInfoExclude(this.root);
    this.infoExclude = text === undefined ? null : this.create('.git/info/exclude', text);
  }

  /** Loads the `.gitignore` of a folder; `exists: false` records that it has none without touching the disk. */
  async preload(folder: string, exists = true): Promise<void> {
    this.preloadNow(folder, exists);
  }

  /** preload without the promise: the walk calls it for every folder it lists (the file is read synchronously anyway). */
  preloadNow(folder: string, exists = true): void {
    if (this.matchers.has(folder)) return;
    this.matchers.set(folder, exists ? this.load(folder) : null);
  }

  /**
   * Whether git would ignore this path (a folder or a file), taking its folders into account. `parent` is the
   * scope of the path's folder when the caller has it (the walk asks once per folder, not once per entry).
   */
  isIgnored(relative: string, isDirectory: boolean, parent?: FolderScope): boolean {
    if (relative === '') return false;
    const scope = parent ?? this.scopeOf(parentOf(relative));
    if (scope.ignored) return true;
    // No ignore file applies to the folder's entries (most folders of most trees): nothing to match.
    if (scope.chain.length === 0 && this.infoExclude === null) return false;
    if (!isDirectory) return this.ownVerdict(relative, false, scope.chain);
    const cached = this.folderVerdicts.get(relative);
    if (cached !== undefined) return cached;
    const verdict = this.ownVerdict(relative, true, scope.chain);
    this.folderVerdicts.set(relative, verdict);
    return verdict;
  }

  /**
   * What applies to the entries of a folder: whether the folder itself is ignored, and the `.gitignore` files
   * of the folder and its ancestors, deepest first, only those that exist. Built once per folder from its
   * parent's, not by walking up for every file. An ignored folder's own file is not read: nothing below it
   * can be un-ignored.
   */
  scopeOf(folder: string): FolderScope {
    let scope = this.scopes.get(folder);
    if (scope === undefined) {
      if (folder === '') {
        const matcher = this.matcherFor('');
        scope = { ignored: false, chain: matcher ? [{ folder, matcher }] : NO_CHAIN };
      } else {
        const parent = this.scopeOf(parentOf(folder));
        if (this.isIgnored(folder, true, parent)) scope = IGNORED_SCOPE;
        else {
          const matcher = this.matcherFor(folder);
          scope = { ignored: false, chain: matcher ? [{ folder, matcher }, ...parent.chain] : parent.chain };
        }
      }
      this.scopes.set(folder, scope);
    }
    return scope;
  }

  /** The path's own verdict: the deepest `.gitignore` with an opinion decides. */
  private ownVerdict(relative: string, isDirectory: boolean, chain: readonly ChainLink[]): boolean {
    const suffix = isDirectory ? '/' : '';
    for (const { folder, matcher } of chain) {
      const result = matcher.test(relative.slice(folder === '' ? 0 : folder.length + 1) + suffix);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return this.infoExclude?.test(relative + suffix).ignored ?? false;
  }

  private matcherFor(folder: string): Ignore | null {
    let matcher = this.matchers.get(folder);
    if (matcher === undefined) {
      matcher = this.load(folder);
      this.matchers.set(folder, matcher);
    }
    return matcher;
  }

  private load(folder: string): Ignore | null {
    const relative = joinRelative(folder, '.gitignore');
    const text = readOptionalText(path.join(this.root, ...relative.split('/')), { maxBytes: MAX_IGNORE_FILE_BYTES, inside: this.root });
    return text === undefined ? null : this.create(relative, text);
  }

  private create(relative: string, text: string): Ignore {
    const { patterns, dropped } = limitPatterns(text, Math.min(MAX_PATTERNS_PER_FILE, this.patternBudget));
    this.patternBudget -= patterns.length;
    if (dropped > 0) {
      const limit =
        this.patternBudget === 0 ? `${MAX_PATTERNS_PER_TREE} patterns in all ignore files` : `the first ${MAX_PATTERNS_PER_FILE} patterns of a file`;
      this.onLimit(relative, `${dropped} patterns beyond ${limit} ignored`);
    }
    return ignore({ ignorecase: this.ignorecase }).add(patterns.join('\n'));
  }
}

interface ChainLink {
  readonly folder: string;
  readonly matcher: Ignore;
}

/** See GitignoreTree.scopeOf. */
export interface FolderScope {
  readonly ignored: boolean;
  readonly chain: readonly ChainLink[];
}

const NO_CHAIN: readonly ChainLink[] = [];
const IGNORED_SCOPE: FolderScope = { ignored: true, chain: NO_CHAIN };

/** Larger ignore files are not real ones: they are not read (so nothing in them hides a file). */
export const MAX_IGNORE_FILE_BYTES = 8 * 1024 * 1024;
/** Patterns that count in one ignore file; far beyond any real one. */
export const MAX_PATTERNS_PER_FILE = 1_000;
/** Patterns that count in all the ignore files of one tree, so that many large files cannot add up. */
export const MAX_PATTERNS_PER_TREE = 4_000;

/** The pattern lines of an ignore file (blank lines and comments do not count), the first `max` of them. */
export function limitPatterns(text: string, max: number): { patterns: string[]; dropped: number } {
  const patterns: string[] = [];
  let dropped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (patterns.length < max) patterns.push(line);
    else dropped++;
  }
  return { patterns, dropped };
}

/** The workspace's `.git/info/exclude` as discovery reads it (undefined: absent or not readable); the re-scan snapshot compares it too. */
export function readInfoExclude(root: string): string | undefined {
  return readOptionalText(path.join(root, '.git', 'info', 'exclude'), { maxBytes: MAX_IGNORE_FILE_BYTES, inside: root });
}
