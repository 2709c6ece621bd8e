import { execRipgrep } from '../process/rg-command';

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
    '--no-ignore-parent',
    '--no-ignore-global',
    '--no-ignore-dot',
    '--no-require-git',
    ...(useGitignore ? [] : ['--no-ignore-vcs']),
    '--hidden',
    '--no-follow',
    '--glob',
    '!.git',
    '--text',
    '--encoding',
    'none',
    '--case-sensitive',
    '--fixed-strings',
    '--count',
    '--include-zero',
    '--max-count',
    '1',
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

/**
 * Streams ripgrep's verdicts: `onVerdict(path, matched)` for each file it searched whole, as soon as it has
 * (true: it contains one of the anchors or a NUL byte; false: neither). Keys are workspace-relative POSIX
 * paths. Resolves with the number of verdicts when ripgrep ends; rejects when it fails, after the verdicts
 * already given (each describes a file searched to its end, so they stand).
 */
export async function searchWithRipgrep(options: RipgrepSearchOptions, onVerdict: (relative: string, matched: boolean) => void): Promise<number> {
  const patterns = [...options.anchors, '\0'].join('\n') + '\n';
  const parser = new CountParser(onVerdict);
  const args = ripgrepSearchArgs(options.maxFileSize, options.useGitignore);
  await execRipgrep(options.executable, options.root, args, patterns, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStdout: (chunk) => parser.push(chunk),
  });
  parser.end();
  return parser.records;
}

/** `./a/b\0N\n` records, in chunks cut anywhere; a name that is not UTF-8 gets no verdict (Node would read another name). */
export class CountParser {
  records = 0;
  private rest: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly onRecord: (relative: string, matched: boolean) => void) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    const out = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    let at = 0;
    for (;;) {
      const nul = out.indexOf(0, at);
      const newline = nul < 0 ? -1 : out.indexOf(0x0a, nul);
      if (nul < 0 || newline < 0) break;
      const count = out.toString('latin1', nul + 1, newline);
      if (!/^\d+$/.test(count)) {
        // Not ripgrep's --count output: no verdict from here on.
        this.failed = true;
        return;
      }
      const relative = relativeOf(out.subarray(at, nul));
      if (relative !== undefined) {
        this.records++;
        this.onRecord(relative, count !== '0');
      }
      at = newline + 1;
    }
    this.rest = Buffer.from(out.subarray(at));
  }

  end(): void {
    if (this.failed) throw new Error('ripgrep: unexpected output');
    if (this.rest.length > 0) throw new Error('ripgrep: truncated output');
  }
}

/** A `./a/b` path of ripgrep's as a workspace-relative POSIX path; undefined for anything else (not UTF-8, `..`, absolute). */
export function relativeOf(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || !text.startsWith('./')) return undefined;
  const relative = text.slice(2);
  if (relative === '' || relative.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return relative;
}
