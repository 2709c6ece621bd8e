import { ExcludeMatcher } from '../discovery/exclude';

/**
 * `--exclude` for paths that come from git rather than from a folder walk: a path is excluded when a glob
 * matches it or any of its folders, as for the working-tree scan.
 */
export function pathExcluder(globs: readonly string[] | undefined): (path: string) => boolean {
  const matcher = new ExcludeMatcher(globs ?? []);
  if (matcher.isEmpty) return () => false;
  return (path) => {
    if (matcher.match(path, false) !== undefined) return true;
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (matcher.match(path.slice(0, slash), true) !== undefined) return true;
    }
    return false;
  };
}
