import * as path from 'node:path';

/**
 * Workspace-relative paths in the engine are POSIX-style (`dir/file.pem`, no leading `./` or `/`), whatever
 * the platform, so that findings, globs and git's output all compare as plain strings.
 */
export function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/** `dir` relative to `root`, POSIX-style; undefined when `target` is not inside `root` (or is `root` itself: ''). */
export function relativeInside(root: string, target: string): string | undefined {
  const relative = path.relative(root, target);
  if (relative === '') return '';
  if (path.isAbsolute(relative) || relative === '..' || relative.startsWith(`..${path.sep}`)) return undefined;
  return toPosix(relative);
}

/** Normalises a caller-supplied relative path: backslashes to `/`, no `./`, no leading or trailing `/`. */
export function normalizeRelative(relative: string): string {
  // Most paths (every one discovery gives) are already normal: one test instead of four replacements.
  if (!NOT_NORMAL.test(relative)) return relative;
  let result = relative.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  while (result.startsWith('./')) result = result.slice(2);
  result = result.replace(/^\/+/, '').replace(/\/+$/, '');
  return result === '.' ? '' : result;
}

/** What normalizeRelative changes: a backslash, `//`, a leading `./` or `/`, a trailing `/`, or `.` alone. */
const NOT_NORMAL = /\\|\/\/|^\.?\/|\/$|^\.$/;

/** Parent of a relative POSIX path: `a/b/c` → `a/b`, `a` → ''. */
export function parentOf(relative: string): string {
  const slash = relative.lastIndexOf('/');
  return slash < 0 ? '' : relative.slice(0, slash);
}

/** Ancestors of a relative POSIX path, outermost first, excluding '' and the path itself: `a/b/c` → [`a`, `a/b`]. */
export function ancestorsOf(relative: string): string[] {
  const parts = relative.split('/');
  const result: string[] = [];
  for (let i = 1; i < parts.length; i++) result.push(parts.slice(0, i).join('/'));
  return result;
}

/**
 * Adds the ancestors of a relative POSIX path to `folders` (as ancestorsOf, without an array per path: for sets
 * built over a whole listing of git's).
 */
export function addAncestorsTo(folders: Set<string>, relative: string): void {
  for (let slash = relative.indexOf('/'); slash >= 0; slash = relative.indexOf('/', slash + 1)) folders.add(relative.slice(0, slash));
}

/** An absolute folder with one trailing separator: joined to a relative path by plain concatenation. */
export function withTrailingSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : folder + path.sep;
}

export function joinRelative(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** True for any path inside a `.git` directory (or a submodule's `.git` file). Never scanned. */
export function isInGitDir(relative: string): boolean {
  // Called for every path the walk meets: the test `relative.split('/').includes('.git')` makes, without
  // building an array.
  return relative === '.git' || relative.startsWith('.git/') || relative.endsWith('/.git') || relative.includes('/.git/');
}
