import { execRipgrep } from '../process/rg-command';
import { relativeOf } from './rg-search';

export interface RipgrepListOptions {
  readonly executable: string;
  readonly root: string;
  /** false: ripgrep ignores no file for `.gitignore` either (`--no-gitignore` scans). */
  readonly useGitignore: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Which files ripgrep looks at: the same scope as the prefilter's search (rg-search.ts), so that it lists
 * what discovery lists: only the root's own `.gitignore` files and `.git/info/exclude`, hidden files, no
 * symlink followed (ripgrep never leaves the root), never `.git`. Where ripgrep and discovery disagree the
 * listing is only a head start: the callers pass every path back through discovery.
 */
function scopeArgs(useGitignore: boolean): string[] {
  return [
    '--no-ignore-parent',
    '--no-ignore-global',
    '--no-ignore-dot',
    '--no-require-git',
    ...(useGitignore ? [] : ['--no-ignore-vcs']),
    '--hidden',
    '--no-follow',
    '--glob',
    '!.git',
  ];
}

/**
 * `rg -l`: the files that contain one of the fixed strings, searched as raw bytes (`--text --encoding none`,
 * as the rule gates see them), NUL-delimited. Files over `maxFileSize` are not searched.
 */
export function ripgrepFilesWithArgs(maxFileSize: number, useGitignore: boolean): string[] {
  return [
    ...scopeArgs(useGitignore),
    '--text',
    '--encoding',
    'none',
    '--case-sensitive',
    '--fixed-strings',
    '--files-with-matches',
    '--null',
    '--color',
    'never',
    '--no-messages',
    '--max-filesize',
    String(maxFileSize),
    '--file',
    '-',
    '--',
    './',
  ];
}

/** `rg --files`: every file in scope, whatever its size or content, NUL-delimited. */
export function ripgrepFileListArgs(useGitignore: boolean): string[] {
  return [...scopeArgs(useGitignore), '--files', '--null', '--no-messages', '--', './'];
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
