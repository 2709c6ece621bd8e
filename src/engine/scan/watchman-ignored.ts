import { PathFilter, type Exclusion, type PathFilterOptions } from '../discovery/path-filter';
import { ancestorsOf } from '../discovery/paths';
import { indexedUnder } from '../process/git';
import type { WorktreeChanges } from './watchman-journal';

/**
 * watchman names every path that changed, the ones `.gitignore` ignores too: build output rewritten, a log
 * appended to, `dist/` removed and made again. The walk never lists an untracked path `.gitignore` ignores (itself
 * or through a folder of its: git's state is known wherever watchman is asked), so such a change cannot change
 * the result and is left out here, before the re-scan counts the changes against its cap
 * (scan/unchanged-rescan.ts `changedFilesOnly`) or gives up on a removed folder. Only where git holds nothing
 * there, in the index or in HEAD (a file whose removal is staged is still reported: discovery/path-filter.ts).
 *
 * The rules are today's ignore files (the `.gitignore` files and `.git/info/exclude`, as discovery reads them):
 * the stored result was computed under the same ones, since a re-scan that finds an ignore file among the changes,
 * or `.git/info/exclude` changed, does not use the stored result (`changedFilesOnly`, `describesNow`). An ignore
 * file is never left out here, so that check still sees it.
 *
 * Undefined when git cannot say what it holds (the changes are then used as watchman named them).
 */
export async function withoutIgnoredUntracked(root: string, changes: WorktreeChanges, options: PathFilterOptions): Promise<WorktreeChanges | undefined> {
  if (options.useGitignore === false) return changes;
  const ignored = new IgnoredRoots(await new PathFilter(root, options).init());
  const lists = Object.entries(changes) as [keyof WorktreeChanges, readonly string[]][];
  // Each path under an ignored root (the outermost ignored folder above it, or the path itself): asked of git once per root.
  const rootOf = new Map<string, string>();
  for (const [kind, paths] of lists) {
    for (const entry of paths) {
      const ignoredRoot = ignored.rootOf(entry, kind === 'folders' || kind === 'removedFolders');
      if (ignoredRoot !== undefined) rootOf.set(entry, ignoredRoot);
    }
  }
  if (rootOf.size === 0) return changes;
  const roots = [...new Set(rootOf.values())];
  if (roots.length > MAX_IGNORED_ROOTS) return undefined;
  let held: string[];
  try {
    held = await indexedUnder(root, roots, { withHead: true });
  } catch {
    return undefined;
  }
  const candidates = new Set(roots);
  const keptRoots = new Set(held.flatMap((file) => [...ancestorsOf(file), file].filter((place) => candidates.has(place))));
  const dropped = (entry: string): boolean => {
    const ignoredRoot = rootOf.get(entry);
    return ignoredRoot !== undefined && !keptRoots.has(ignoredRoot);
  };
  return Object.fromEntries(lists.map(([kind, paths]) => [kind, paths.filter((entry) => !dropped(entry))])) as unknown as WorktreeChanges;
}

/** More distinct ignored places than this in one answer (each a pathspec of one git call): the changes are used as named. */
const MAX_IGNORED_ROOTS = 1000;

/** Ignore files: their rules decide about other paths, so a change to one is never left out. */
const IGNORE_FILE_NAMES = new Set(['.gitignore', '.keywardignore']);

/**
 * Where `.gitignore` starts to ignore a path, with the walk's rules and in its order (discovery/discover.ts): a
 * folder or file an exclude glob matches first is counted by the walk (`excludedPaths`), so it is no place to
 * leave changes out. One verdict per folder.
 */
class IgnoredRoots {
  private readonly folderVerdicts = new Map<string, Exclusion | undefined>();

  constructor(private readonly filter: PathFilter) {}

  /** The outermost ignored folder above `entry`, or `entry` itself when ignored; undefined when the walk would list or count it. */
  rootOf(entry: string, isDirectory: boolean): string | undefined {
    const base = entry.slice(entry.lastIndexOf('/') + 1);
    if (IGNORE_FILE_NAMES.has(base)) return undefined;
    for (const folder of ancestorsOf(entry)) {
      const exclusion = this.folderVerdict(folder);
      if (exclusion) return exclusion.by === 'gitignore' ? folder : undefined;
    }
    const exclusion = isDirectory ? this.folderVerdict(entry) : this.filter.checkFile(entry);
    return exclusion?.by === 'gitignore' ? entry : undefined;
  }

  private folderVerdict(folder: string): Exclusion | undefined {
    if (!this.folderVerdicts.has(folder)) this.folderVerdicts.set(folder, this.filter.checkFolder(folder));
    return this.folderVerdicts.get(folder);
  }
}
