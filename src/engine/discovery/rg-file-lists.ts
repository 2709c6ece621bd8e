import { execRipgrep } from '../process/rg-command';
import { relativeOf, ripgrepPatternSearchTail, ripgrepScopeArgs } from './rg-search';

export interface RipgrepListOptions {
  readonly executable: string;
  readonly root: string;
  /** false: ripgrep ignores no file for `.gitignore` either (`--no-gitignore` scans). */
  readonly useGitignore: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

// Both listings use the prefilter's scope (ripgrepScopeArgs). Where ripgrep and discovery disagree a listing is
// only a head start: the callers pass every path back through discovery.

/**
 * `rg -l`: the files that contain one of the fixed strings, searched as raw bytes (`--text --encoding none`,
 * as the rule gates see them), NUL-delimited. Files over `maxFileSize` are not searched.
 */
export function ripgrepFilesWithArgs(maxFileSize: number, useGitignore: boolean): string[] {
  return [
    ...ripgrepScopeArgs(useGitignore),
    '--text',
    '--encoding',
    'none',
    '--case-sensitive',
    '--fixed-strings',
    '--files-with-matches',
    ...ripgrepPatternSearchTail(maxFileSize),
  ];
}

/** `rg --files`: every file in scope, whatever its size or content, NUL-delimited. */
export function ripgrepFileListArgs(useGitignore: boolean): string[] {
  return [...ripgrepScopeArgs(useGitignore), '--files', '--null', '--no-messages', '--', './'];
}

/** The workspace-relative files that contain one of `anchors` (fixed byte strings: printable ASCII, or with NULs; no newline). */
export async function filesContainingAnyOf(
  options: RipgrepListOptions & { readonly anchors: readonly string[]; readonly maxFileSize: number },
): Promise<string[]> {
  if (options.anchors.length === 0) return [];
  const run = await execRipgrep(
    options.executable,
    options.root,
    ripgrepFilesWithArgs(options.maxFileSize, options.useGitignore),
    `${options.anchors.join('\n')}\n`,
    {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    },
  );
  return parseNulPaths(run.stdout);
}

/** Every workspace-relative file ripgrep lists (to be filtered by name). */
export async function listFiles(options: RipgrepListOptions): Promise<string[]> {
  const run = await execRipgrep(options.executable, options.root, ripgrepFileListArgs(options.useGitignore), '', {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  return parseNulPaths(run.stdout);
}

/** `./a\0./b\0` → ['a', 'b']; a name that is not UTF-8 or not `./`-relative is left out (the full scan still reads it). */
export function parseNulPaths(output: Buffer): string[] {
  const paths: string[] = [];
  let at = 0;
  for (let nul = output.indexOf(0, at); nul >= 0; nul = output.indexOf(0, at)) {
    const relative = relativeOf(output.subarray(at, nul));
    if (relative !== undefined) paths.push(relative);
    at = nul + 1;
  }
  if (at < output.length) throw new Error('ripgrep: truncated output');
  return paths;
}
