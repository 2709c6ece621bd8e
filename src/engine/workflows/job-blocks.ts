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
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(at, newline < 0 ? text.length : newline);
    const first = firstNonSpace(line);
    const blank = first === line.length || line[first] === '\r';
    if (first === 0 && !blank && line[0] !== '#') {
      // A top-level line: document markers and directives change what the rules read; a second `jobs:` too.
      if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) return undefined;
      const last = blocks[blocks.length - 1];
      if (inJobs && last) last.end = at;
      inJobs = false;
      if (/^jobs[ \t]*:/.test(line)) {
        if (sawJobs || !JOBS_KEY.test(line)) return undefined;
        sawJobs = inJobs = true;
      }
    } else if (inJobs && !blank && line[first] !== '#') {
      if (line.slice(0, first).includes('\t') || line.startsWith('\t')) return undefined;
      if (indent < 0) indent = first;
      if (first < indent) return undefined;
      if (first === indent) {
        const id = JOB_KEY.exec(line)?.[1];
        if (id === undefined) return undefined;
        const last = blocks[blocks.length - 1];
        if (last) last.end = at;
        blocks.push({ id, start: at, end: text.length });
      }
    } else if (inJobs && line.startsWith('\t')) return undefined;
    at = end;
  }
  return blocks.length > 0 && indent > 0 ? { indent, blocks } : undefined;
}

/**
 * `text` with the given blocks (in text order) each turned into one comment line of the same length:
 * the job key's indentation, `#`, then spaces up to the block's last line break. Offsets outside the
 * blocks do not move (line numbers after a block do: findings are positioned on the original text), and
 * the comment ends a block scalar above it as the job's key line did. One long comment per block keeps
 * the YAML lexer's work per masked job to a single token.
 */
export function maskBlocks(text: string, indent: number, blocks: readonly JobBlock[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const block of blocks) {
    parts.push(text.slice(at, block.start), maskBlock(text.slice(block.start, block.end), indent));
    at = block.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function maskBlock(block: string, indent: number): string {
  const ending = block.endsWith('\r\n') ? '\r\n' : block.endsWith('\n') ? '\n' : '';
  return `${' '.repeat(indent)}#${' '.repeat(block.length - ending.length - indent - 1)}${ending}`;
}

function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  return i;
}

/** A commit-pinned build job: what the tests insert into workflows to check that masking such a job changes nothing. */
const INERT_JOB = ['keyward-audit-inert:', '  runs-on: ubuntu-latest', '  steps:', '    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', '    - run: make build'];

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
