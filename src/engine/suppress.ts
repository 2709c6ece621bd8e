import { Minimatch } from 'minimatch';
import type { LineIndex } from './text/line-index';
import type { Finding, TextRange } from './types';

/**
 * Inline suppression: a comment `keyward-ignore KW101 reason: …` on the finding's first line or on the
 * line just above it. A reason is required, so every silenced finding was looked at by a person.
 * Several ids may be listed, comma-separated.
 */
const INLINE = /keyward-ignore\s+(KW\d{3}(?:\s*,\s*KW\d{3})*)\s+reason:\s*\S/;

export function isSuppressedInline(text: string, lines: LineIndex, finding: { readonly ruleId: string; readonly range: TextRange }, memo?: Map<number, readonly string[]>): boolean {
  const line = lines.positionAt(finding.range.start).line;
  for (const candidate of [line, line - 1]) {
    if (candidate < 0) continue;
    if (directiveIds(lines, candidate, memo).includes(finding.ruleId)) return true;
  }
  return false;
}

/**
 * The rule ids a line's directive names. `memo` (one per file scan) reads each line once: a hostile
 * file with thousands of findings on one 1 MB line would otherwise rescan that line per finding.
 */
function directiveIds(lines: LineIndex, line: number, memo: Map<number, readonly string[]> | undefined): readonly string[] {
  const known = memo?.get(line);
  if (known) return known;
  const ids = INLINE.exec(lines.lineText(line))?.[1]?.split(',').map((id) => id.trim()) ?? [];
  memo?.set(line, ids);
  return ids;
}

/** The `keyward-ignore` directive on one line, if any: its rule ids and where the id list ends. */
export function findInlineDirective(lineText: string): { readonly ruleIds: readonly string[]; readonly idsEnd: number } | undefined {
  const match = INLINE.exec(lineText);
  if (!match?.[1]) return undefined;
  const idsStart = match.index + match[0].indexOf(match[1]);
  return { ruleIds: match[1].split(',').map((id) => id.trim()), idsEnd: idsStart + match[1].length };
}

/**
 * File-based suppression: one entry of a `.keywardignore` file (format in fixes/keywardignore.ts). Entries
 * reach this point only when they carry a reason; the parser reports the others as problems.
 */
export interface KeywardIgnoreEntry {
  /** Zero-based line of the entry in `.keywardignore`. */
  readonly line: number;
  /** minimatch glob relative to the workspace root (matched against the whole path), or … */
  readonly glob?: string;
  /** … a finding fingerprint (`fingerprint:<hex>` in the file). */
  readonly fingerprint?: string;
  /** `KW101`, or `*` for every rule. */
  readonly ruleId: string;
  readonly reason: string;
}

/** Decides whether a finding is suppressed by a file-based entry. Hosts may implement their own. */
export interface FileSuppressions {
  isSuppressed(finding: Pick<Finding, 'path' | 'ruleId' | 'fingerprint'>): boolean;
}

export const NO_FILE_SUPPRESSIONS: FileSuppressions = { isSuppressed: () => false };

/**
 * Globs are matched against the whole workspace-relative path (`**\/x.pem` for any folder), with dotfiles
 * included; a leading `#` or `!` in a glob is literal (comments and negation do not exist inside an entry).
 */
export const KEYWARDIGNORE_GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

export function createFileSuppressions(entries: readonly KeywardIgnoreEntry[]): FileSuppressions {
  const compiled = entries.map((entry) => ({ entry, matcher: entry.glob === undefined ? undefined : new Minimatch(entry.glob, KEYWARDIGNORE_GLOB_OPTIONS) }));
  return {
    isSuppressed(finding) {
      return compiled.some(({ entry, matcher }) => {
        if (entry.ruleId !== '*' && entry.ruleId !== finding.ruleId) return false;
        if (entry.fingerprint !== undefined) return entry.fingerprint === finding.fingerprint;
        return matcher?.match(finding.path) ?? false;
      });
    },
  };
}
