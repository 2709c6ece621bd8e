import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { joinRelative, parentOf } from './paths';

/**
 * `.gitignore` semantics for a whole tree: the root file, every nested file (each relative to its own folder)
 * and `.git/info/exclude`. Matching itself is the `ignore` package's; this class only decides which files
 * apply to a path and in which order, as git does: the deepest `.gitignore` wins, then shallower ones, then
 * `info/exclude`; inside one file the last matching pattern wins (`ignore`'s `test`). A path inside an ignored
 * folder is ignored whatever the deeper files say, because git never looks inside an ignored folder.
 *
 * Files are loaded once per folder: `preload` (async, used while walking) or on first use (sync, used by the
 * editor's single-document filter, which reads at most one small file per folder).
 */
export class GitignoreTree {
  /** Per folder: its `.gitignore` rules, or null when it has none. */
  private readonly matchers = new Map<string, Ignore | null>();
  private readonly folderVerdicts = new Map<string, boolean>();
  private infoExclude: Ignore | null = null;
  // git's core.ignorecase is true by default where the file system is case-insensitive.
  private readonly ignorecase = process.platform === 'darwin' || process.platform === 'win32';

  constructor(private readonly root: string) {}

  /** Reads `.git/info/exclude` (local, never committed, but honoured by git just the same). */
  async loadInfoExclude(): Promise<void> {
    const text = await readOptional(path.join(this.root, '.git', 'info', 'exclude'));
    this.infoExclude = text === undefined ? null : this.create(text);
  }

  /** Loads the `.gitignore` of a folder; `exists: false` records that it has none without touching the disk. */
  async preload(folder: string, exists = true): Promise<void> {
    if (this.matchers.has(folder)) return;
    const text = exists ? await readOptional(this.gitignorePath(folder)) : undefined;
    if (!this.matchers.has(folder)) this.matchers.set(folder, text === undefined ? null : this.create(text));
  }

  /** Whether git would ignore this path (a folder or a file), taking its folders into account. */
  isIgnored(relative: string, isDirectory: boolean): boolean {
    if (relative === '') return false;
    const parent = parentOf(relative);
    if (isDirectory) {
      const cached = this.folderVerdicts.get(relative);
      if (cached !== undefined) return cached;
      const verdict = this.isIgnored(parent, true) || this.ownVerdict(relative, true);
      this.folderVerdicts.set(relative, verdict);
      return verdict;
    }
    return this.isIgnored(parent, true) || this.ownVerdict(relative, false);
  }

  /** The path's own verdict: the deepest `.gitignore` with an opinion decides. */
  private ownVerdict(relative: string, isDirectory: boolean): boolean {
    const suffix = isDirectory ? '/' : '';
    // Folders whose .gitignore can apply: every proper ancestor of the path, deepest first.
    const folders: string[] = [];
    for (let folder = parentOf(relative); ; folder = parentOf(folder)) {
      folders.push(folder);
      if (folder === '') break;
    }
    for (const folder of folders) {
      const matcher = this.matcherFor(folder);
      if (!matcher) continue;
      const result = matcher.test(relative.slice(folder === '' ? 0 : folder.length + 1) + suffix);
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return this.infoExclude?.test(relative + suffix).ignored ?? false;
  }

  private matcherFor(folder: string): Ignore | null {
    let matcher = this.matchers.get(folder);
    if (matcher === undefined) {
      let text: string | undefined;
      try {
        text = readFileSync(this.gitignorePath(folder), 'utf8');
      } catch {
        text = undefined;
      }
      matcher = text === undefined ? null : this.create(text);
      this.matchers.set(folder, matcher);
    }
    return matcher;
  }

  private gitignorePath(folder: string): string {
    return path.join(this.root, ...joinRelative(folder, '.gitignore').split('/'));
  }

  private create(text: string): Ignore {
    return ignore({ ignorecase: this.ignorecase }).add(text);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
