import { Minimatch } from 'minimatch';

/**
 * User exclusions (`keyward.exclude`, CLI `--exclude`, VS Code `files.exclude`): minimatch globs relative to
 * the workspace root. A glob that matches a folder excludes everything in it, as in VS Code, so folders are
 * tested too (with and without a trailing `/`, so both `**\/node_modules` and `build/` work).
 */
export class ExcludeMatcher {
  private readonly matchers: readonly Minimatch[];

  constructor(globs: readonly string[] = []) {
    this.matchers = globs
      .map((glob) => normalizeGlob(glob))
      .filter((glob) => glob !== '')
      .map((glob) => new Minimatch(glob, { dot: true, nocomment: true }));
  }

  get isEmpty(): boolean {
    return this.matchers.length === 0;
  }

  /** The glob that excludes this path itself (not its folders), if any. */
  match(relative: string, isDirectory: boolean): string | undefined {
    for (const matcher of this.matchers) {
      if (matcher.match(relative) || (isDirectory && matcher.match(`${relative}/`))) return matcher.pattern;
    }
    return undefined;
  }
}

/** Globs are relative to the root: a leading `./` or `/` means the same. Backslashes stay: they escape. */
function normalizeGlob(glob: string): string {
  let result = glob.trim();
  while (result.startsWith('./')) result = result.slice(2);
  return result.replace(/^\/+/, '');
}
