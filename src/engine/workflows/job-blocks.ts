/**
 * A GitHub Actions workflow cut into its `jobs.<id>` blocks by indentation alone, without parsing: the
 * editor's re-check reuses what it learnt about a job whose text did not change (see inert-jobs.ts).
 * Only the plain shape is cut: one `jobs:` key at column 0 whose value is a block map of simple job ids;
 * anything else (several documents, directives, flow style, tabs in indentation, a complex key) gives
 * undefined, and the caller parses the whole file as before.
 */

/** One job: from its key line to the next job's key line (or the end of the `jobs:` block). */
export interface JobBlock {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

export interface JobBlocks {
  /** Column of the job keys. */
  readonly indent: number;
  readonly blocks: readonly JobBlock[];
}

const JOBS_KEY = /^jobs[ \t]*:[ \t]*(?:#.*)?\r?$/;
const JOB_KEY = /^ *([A-Za-z0-9_-]+)[ \t]*:[ \t]*(?:#.*)?\r?$/;

export function splitJobBlocks(text: string): JobBlocks | undefined {
  const blocks: { id: string; start: number; end: number }[] = [];
  let indent = -1;
  let inJobs = false;
  let sawJobs = false;
  for (let at = 0; at < text.length;) {
    let newline = text.indexOf('\n', at);
    if (newline < 0) newline = text.length;
    let first = at;
    while (first < newline && text.charCodeAt(first) === SPACE) first++;
    const code = text.charCodeAt(first);
    const blank = first === newline || (code === CR && first + 1 === newline);
    // A tab where a job key or a top-level key could start: indentation YAML forbids; not cut.
    if (code === TAB && (indent < 0 || first - at <= indent)) return undefined;
    if (!blank && code !== HASH) {
      if (first === at) {
        // A top-level line: document markers and directives change what the rules read; a second `jobs:` too.
        if (text.startsWith('---', at) || text.startsWith('...', at) || code === PERCENT) return undefined;
        const last = blocks[blocks.length - 1];
        if (inJobs && last) last.end = at;
        inJobs = false;
        if (text.startsWith('jobs', at) && /^jobs[ \t]*:/.test(text.slice(at, newline))) {
          if (sawJobs || !JOBS_KEY.test(text.slice(at, newline))) return undefined;
          sawJobs = inJobs = true;
        }
      } else if (inJobs) {
        if (indent < 0) indent = first - at;
        if (first - at < indent) return undefined;
        if (first - at === indent) {
          const id = JOB_KEY.exec(text.slice(at, newline))?.[1];
          if (id === undefined) return undefined;
          const last = blocks[blocks.length - 1];
          if (last) last.end = at;
          blocks.push({ id, start: at, end: text.length });
        }
      }
    }
    at = newline + 1;
  }
  return blocks.length > 0 && indent > 0 ? { indent, blocks } : undefined;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;
const PERCENT = 0x25;

/**
 * `text` with the given blocks (in text order) turned into comments of the same length: each run of
 * adjacent blocks becomes one comment line (the job key's indentation, `#`, then spaces up to the run's
 * last line break). Offsets outside the blocks do not move (line numbers after them do: findings are
 * positioned on the original text), and the comment ends a block scalar above it as the job's key line
 * did. One comment per run keeps the YAML lexer's work for any number of masked jobs to one token.
 */
export function maskBlocks(text: string, indent: number, blocks: readonly JobBlock[]): string {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < blocks.length;) {
    const start = blocks[i]!.start;
    let end = blocks[i]!.end;
    for (i++; i < blocks.length && blocks[i]!.start === end; i++) end = blocks[i]!.end;
    parts.push(text.slice(at, start), maskRun(text.slice(start, end), indent));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function maskRun(run: string, indent: number): string {
  const ending = run.endsWith('\r\n') ? '\r\n' : run.endsWith('\n') ? '\n' : '';
  return `${' '.repeat(indent)}#${' '.repeat(run.length - ending.length - indent - 1)}${ending}`;
}

/** A commit-pinned build job: what the tests insert into workflows to check that masking such a job changes nothing. */
const INERT_JOB = [
  'keyward-audit-inert:',
  '  runs-on: ubuntu-latest',
  '  strategy:',
  '    matrix:',
  '      node: [20, 22]',
  '  env:',
  '    CI: "true"',
  '  steps:',
  '    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
  '    - run: make build',
];

/** `text` with {@link INERT_JOB} inserted after its first job, or undefined when its jobs cannot be cut. */
export function withInertJob(text: string): string | undefined {
  const split = splitJobBlocks(text);
  if (!split) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const job = INERT_JOB.map((line) => ' '.repeat(split.indent) + line).join(eol) + eol;
  const at = split.blocks[0]!.end;
  const before = text.slice(0, at);
  return `${before}${at > 0 && !before.endsWith('\n') ? eol : ''}${job}${text.slice(at)}`;
}
