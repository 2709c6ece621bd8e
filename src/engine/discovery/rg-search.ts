import { availableParallelism } from 'node:os';
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
 * Which files ripgrep looks at, for the search and for the editor's listings (rg-file-lists.ts): only the root's
 * own `.gitignore` files and `.git/info/exclude` (or none), hidden files, no symlink followed, never `.git`.
 */
export function ripgrepScopeArgs(useGitignore: boolean): string[] {
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
 * Why `rg` is asked exactly this. Only its verdicts are used, never its listing: discovery still walks the
 * folders itself, so which files a scan covers (ignore rules, symlinks, FIFOs, the size cap) cannot differ.
 * A file ripgrep skipped, or could not read, has no verdict and is read as before.
 * - `--no-ignore-parent --no-ignore-global --no-ignore-dot --no-require-git`: only the root's own
 *   `.gitignore` files and `.git/info/exclude`, as discovery, so that ripgrep does not search what
 *   discovery will not list (ignored `node_modules/`); where they disagree, the file is simply read;
 * - no `--follow`: ripgrep never leaves the root through a symlink (it skips symlinks);
 * - `-g !.git`: never searches `.git`;
 * - no `--text`, with `--no-mmap`: ripgrep's own binary detection. A file with a NUL byte anywhere (every
 *   binary file, every UTF-16 file with ASCII text in it) stops the search when ripgrep reads that byte and
 *   gets no record at all, so it is read as before. Reading rather than memory-mapping matters: with mmap
 *   ripgrep looks for NUL bytes in the first few kilobytes only, and would call a file with a later NUL
 *   "no match". (Searching for a NUL pattern with `--text` instead made ripgrep three times slower: a NUL
 *   among the fixed strings costs it its fast multi-string search.);
 * - `--encoding none`: raw bytes, no BOM transcoding (a UTF-16 file keeps its NUL bytes);
 * - `--count --include-zero --max-count 1 --null`: one NUL-delimited record per file searched to its end;
 * - `--max-filesize`: larger files get no verdict (discovery and the reader handle them);
 * - `--threads`: see `ripgrepSearchThreads`.
 */
export function ripgrepSearchArgs(maxFileSize: number, useGitignore: boolean, threads = ripgrepSearchThreads()): string[] {
  return [
    ...ripgrepScopeArgs(useGitignore),
    '--threads',
    String(threads),
    '--no-mmap',
    '--encoding',
    'none',
    '--case-sensitive',
    '--fixed-strings',
    '--count',
    '--include-zero',
    '--max-count',
    '1',
    ...ripgrepPatternSearchTail(maxFileSize),
  ];
}

/**
 * ripgrep's search threads: one on two cores, half the cores above. With several threads ripgrep writes each
 * file's record with its own system call, and Node receives ~45,000 chunks for 100,000 files (0.6 s of the main
 * thread's CPU, which walks the folders meanwhile); one thread writes through one block buffer (~500 chunks,
 * 0.06 s), and on two cores that leaves the other core to Node's walk and worker (bench/ripgrep.mjs: the ripgrep
 * path's CPU fell by 11–13%). With more cores one thread would make ripgrep's search (about 2.3 s of CPU on the
 * 100,000-file benchmark tree) longer than Node's walk, which waits for its verdicts: half the cores search.
 */
export function ripgrepSearchThreads(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : Math.floor(cores / 2);
}

/** The end of every pattern search: NUL-delimited names, no colour or messages, the size cap, patterns on stdin, from `./`. */
export function ripgrepPatternSearchTail(maxFileSize: number): string[] {
  return ['--null', '--color', 'never', '--no-messages', '--max-filesize', String(maxFileSize), '--file', '-', '--', './'];
}

/** What `--file -` reads: the rules' anchors, one a line (ripgrep's own binary detection stands for a NUL pattern). */
export function ripgrepPatterns(anchors: readonly string[]): string {
  return anchors.join('\n') + '\n';
}

/**
 * Streams ripgrep's verdicts: `onVerdict(path, matched)` for each file it searched whole, as soon as it has
 * (true: it contains one of the anchors; false: neither an anchor nor a NUL byte). A file with a NUL byte and
 * no anchor before it gets no verdict (see above). Keys are workspace-relative POSIX paths. Resolves with the number of verdicts when ripgrep ends; rejects when it fails, after the verdicts
 * already given (each describes a file searched to its end, so they stand).
 */
export async function searchWithRipgrep(options: RipgrepSearchOptions, onVerdict: (relative: string, matched: boolean) => void): Promise<number> {
  const patterns = ripgrepPatterns(options.anchors);
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
  // Bytes that are not UTF-8 decode to U+FFFD; only then is the round trip worth checking.
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) return undefined;
  if (!text.startsWith('./')) return undefined;
  const relative = text.slice(2);
  // An empty, `.` or `..` part.
  if (relative === '' || /(?:^|\/)\.{0,2}(?:\/|$)/.test(relative)) return undefined;
  return relative;
}
