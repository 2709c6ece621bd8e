import { execRipgrep } from '../rg-command';

export interface RipgrepSearchOptions {
  readonly executable: string;
  readonly root: string;
  /** Fixed strings (printable ASCII) whose presence makes a file worth reading. */
  readonly anchors: readonly string[];
  readonly maxFileSize: number;
  /** false: ripgrep ignores no file for `.gitignore` either (`--no-gitignore` scans). */
  readonly useGitignore: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Why `rg` is asked exactly this. Only its verdicts are used, never its listing: discovery still walks the
 * folders itself, so which files a scan covers (ignore rules, symlinks, FIFOs, the size cap) cannot differ.
 * A file ripgrep skipped, or could not read, has no verdict and is read as before.
 * - `--no-ignore-parent --no-ignore-global --no-ignore-dot --no-require-git`: only the root's own
 *   `.gitignore` files and `.git/info/exclude`, as discovery, so that ripgrep does not search what
 *   discovery will not list (ignored `node_modules/`); where they disagree, the file is simply read;
 * - no `--follow`: ripgrep never leaves the root through a symlink (it skips symlinks);
 * - `-g !.git`: never searches `.git`;
 * - `-a --encoding none`: raw bytes, the whole file (no stop at the first NUL, no BOM transcoding): the NUL
 *   pattern then finds every binary file and every UTF-16 file with ASCII text in it;
 * - `--count --include-zero --max-count 1 --null`: one NUL-delimited record per file searched to its end;
 * - `--max-filesize`: larger files get no verdict (discovery and the reader handle them).
 */
export function ripgrepSearchArgs(maxFileSize: number, useGitignore: boolean): string[] {
  return [
    '--no-ignore-parent', '--no-ignore-global', '--no-ignore-dot', '--no-require-git', ...(useGitignore ? [] : ['--no-ignore-vcs']),
    '--hidden', '--no-follow', '--glob', '!.git', '--text', '--encoding', 'none', '--case-sensitive', '--fixed-strings',
    '--count', '--include-zero', '--max-count', '1', '--null', '--color', 'never', '--no-messages',
    '--max-filesize', String(maxFileSize), '--file', '-', '--', './',
  ];
}

/**
 * For each file ripgrep searched whole: true when it contains one of the anchors or a NUL byte, false when
 * it contains neither. Keys are workspace-relative POSIX paths.
 */
export async function searchWithRipgrep(options: RipgrepSearchOptions): Promise<Map<string, boolean>> {
  const patterns = [...options.anchors, '\0'].join('\n') + '\n';
  const run = await execRipgrep(options.executable, options.root, ripgrepSearchArgs(options.maxFileSize, options.useGitignore), patterns, options.timeoutMs, options.signal);
  return parseCounts(run.stdout);
}

/** `./a/b\0N\n` records; a name that is not UTF-8 gets no verdict (Node would read another name). */
export function parseCounts(out: Buffer): Map<string, boolean> {
  const verdicts = new Map<string, boolean>();
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(0, at);
    const newline = nul < 0 ? -1 : out.indexOf(0x0a, nul);
    if (nul < 0 || newline < 0) throw new Error('ripgrep: truncated output');
    const count = out.toString('latin1', nul + 1, newline);
    if (!/^\d+$/.test(count)) throw new Error('ripgrep: unexpected output');
    const relative = relativeOf(out.subarray(at, nul));
    if (relative !== undefined) verdicts.set(relative, count !== '0');
    at = newline + 1;
  }
  return verdicts;
}

function relativeOf(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || !text.startsWith('./')) return undefined;
  const relative = text.slice(2);
  if (relative === '' || relative.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return relative;
}
