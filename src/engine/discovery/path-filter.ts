import type { GitState } from '../process/git';
import type { Logger } from '../types';
import { ExcludeMatcher } from './exclude';
import { GitignoreTree, type FolderScope } from './gitignore-tree';
import { ancestorsOf, isInGitDir } from './paths';

export interface PathFilterOptions {
  /** minimatch globs relative to the root. */
  readonly exclude?: readonly string[] | undefined;
  /** Honour `.gitignore` files (default true). */
  readonly useGitignore?: boolean | undefined;
  /** When known, files git tracks are scanned even if a `.gitignore` matches them (see below). */
  readonly git?: GitState | undefined;
  /** Hears of ignore files whose patterns beyond the limits were dropped (see GitignoreTree). */
  readonly logger?: Logger | undefined;
}

/** Why a path is not scanned. */
export type Exclusion = { readonly by: 'git-dir' } | { readonly by: 'exclude'; readonly glob: string } | { readonly by: 'gitignore' };

/**
 * Decides which paths are scanned: never `.git/`, never what the user excluded, and not what `.gitignore`
 * ignores, unless git tracks it. A `.gitignore` entry does not remove a committed file from the repository,
 * so a committed key stays reported after "Add to .gitignore", and after "Stop tracking" while HEAD has it.
 */
export class PathFilter {
  readonly gitignore: GitignoreTree | undefined;
  private readonly exclude: ExcludeMatcher;

  constructor(
    root: string,
    private readonly options: PathFilterOptions,
  ) {
    this.exclude = new ExcludeMatcher(options.exclude);
    const onLimit = (relative: string, detail: string): void => options.logger?.warn(`${relative}: ${detail}`);
    this.gitignore = options.useGitignore === false ? undefined : new GitignoreTree(root, onLimit);
  }

  /** Loads the root-level ignore files; nested ones are loaded as folders are entered (or on first use). */
  async init(): Promise<this> {
    await this.gitignore?.loadInfoExclude();
    await this.gitignore?.preload('');
    return this;
  }

  /** Loads the `.gitignore` files of a path's folders ahead of a synchronous check. */
  async preloadFoldersOf(relative: string): Promise<void> {
    if (!this.gitignore) return;
    await this.gitignore.preload('');
    for (const folder of ancestorsOf(relative)) await this.gitignore.preload(folder);
  }

  /** The `.gitignore` scope of a folder being walked, to pass to checkFolder and checkFile for its entries. */
  scopeOf(folder: string): FolderScope | undefined {
    return this.gitignore?.scopeOf(folder);
  }

  /**
   * A folder met while walking (its parent already passed). Returns why to skip it, or undefined to enter it.
   * An ignored folder is still entered when git tracks files inside it, and then only those files pass.
   * `parent`: the scope of its parent folder (scopeOf), when the caller has it.
   */
  checkFolder(relative: string, parent?: FolderScope): Exclusion | undefined {
    if (isInGitDir(relative)) return { by: 'git-dir' };
    const glob = this.exclude.match(relative, true);
    if (glob !== undefined) return { by: 'exclude', glob };
    if (this.gitignore?.isIgnored(relative, true, parent) && this.options.git?.hasTrackedUnder?.(relative) !== true) return { by: 'gitignore' };
    return undefined;
  }

  /** A file met while walking (its folders already passed); `parent` as for checkFolder. */
  checkFile(relative: string, parent?: FolderScope): Exclusion | undefined {
    if (isInGitDir(relative)) return { by: 'git-dir' };
    const glob = this.exclude.match(relative, false);
    if (glob !== undefined) return { by: 'exclude', glob };
    // A staged removal leaves the key in HEAD: it stays reported until the key is rotated.
    if (
      this.gitignore?.isIgnored(relative, false, parent) &&
      this.options.git?.isTracked(relative) !== true &&
      this.options.git?.isRemovalStaged?.(relative) !== true
    )
      return { by: 'gitignore' };
    return undefined;
  }

  /** Any file path, checking its folders too (explicit paths, symlink targets, editor documents). */
  checkPath(relative: string): Exclusion | undefined {
    if (isInGitDir(relative)) return { by: 'git-dir' };
    for (const folder of ancestorsOf(relative)) {
      const glob = this.exclude.match(folder, true);
      if (glob !== undefined) return { by: 'exclude', glob };
    }
    return this.checkFile(relative);
  }

  /** Any folder path, checking its parents too (explicit folder arguments). */
  checkFolderPath(relative: string): Exclusion | undefined {
    if (relative === '') return undefined;
    for (const folder of [...ancestorsOf(relative), relative]) {
      const exclusion = this.checkFolder(folder);
      if (exclusion) return exclusion;
    }
    return undefined;
  }
}

export function describeExclusion(exclusion: Exclusion): string {
  switch (exclusion.by) {
    case 'git-dir':
      return 'inside .git';
    case 'exclude':
      return `matches exclude pattern ${exclusion.glob}`;
    case 'gitignore':
      return 'ignored by .gitignore';
  }
}
