import { Minimatch } from 'minimatch';
import type { LineIndex } from '../text/line-index';
import type { Finding, FindingSuppression, TextRange } from '../types';

/**
 * Inline suppression: a comment `keyward-ignore KW101 reason: …` on the finding's first line or on the
 * line just above it. A reason is required, so every silenced finding was looked at by a person.
 * Several ids may be listed, comma-separated.
 */
const INLINE = /keyward-ignore\s+(KW\d{3}(?:\s*,\s*KW\d{3})*)\s+reason:\s*(\S[^\r\n]*)/;

/** An inline directive as the scanner applies it: the ids it names, its reason, its zero-based line. */
interface InlineDirective {
  readonly ids: readonly string[];
  readonly reason: string;
  readonly line: number;
}

/** Directives already read, per zero-based line (null: none), for one file scan. */
export type InlineDirectiveMemo = Map<number, InlineDirective | null>;

/** What a suppression is matched on: the finding's rule and where it starts. */
type SuppressibleFinding = { readonly ruleId: string; readonly range: TextRange };

export function isSuppressedInline(_text: string, lines: LineIndex, finding: SuppressibleFinding, memo?: InlineDirectiveMemo): boolean {
  return inlineSuppression(lines, finding, memo) !== undefined;
}

/** The inline suppression of a finding (directive on its first line or the line above), if any. */
export function inlineSuppression(lines: LineIndex, finding: SuppressibleFinding, memo?: InlineDirectiveMemo): FindingSuppression | undefined {
  const line = lines.positionAt(finding.range.start).line;
  for (const candidate of [line, line - 1]) {
    if (candidate < 0) continue;
    const directive = directiveAt(lines, candidate, memo);
    if (directive?.ids.includes(finding.ruleId)) return { source: 'inline', reason: safeReason(directive.reason), line: directive.line + 1 };
  }
  return undefined;
}

/**
 * The directive on a line. `memo` (one per file scan) reads each line once: a hostile file with thousands
 * of findings on one 1 MB line would otherwise rescan that line per finding.
 */
function directiveAt(lines: LineIndex, line: number, memo: InlineDirectiveMemo | undefined): InlineDirective | undefined {
  const known = memo?.get(line);
  if (known !== undefined) return known ?? undefined;
  const match = INLINE.exec(lines.lineText(line));
  const directive = match?.[1] && match[2] ? { ids: match[1].split(',').map((id) => id.trim()), reason: match[2], line } : undefined;
  memo?.set(line, directive ?? null);
  return directive;
}

/** Where key-like text starts: PEM armour, an escape, or a long base64/hex/bech32 run with digits (words have none). */
function firstKeyLike(text: string): number | undefined {
  const marker = /-----|\\/.exec(text)?.index;
  for (const run of text.matchAll(/[A-Za-z0-9+/=]{24,}/g)) {
    if (/\d/.test(run[0])) return marker === undefined ? run.index : Math.min(marker, run.index);
  }
  return marker;
}

/** Longest reason shown: a reason is a sentence, not a document. */
const MAX_REASON = 160;

/**
 * A suppression reason as Keyward repeats it in reports and the editor. The reason is repository text, and
 * an inline directive can share its line with a one-line key (an escaped PEM in JSON), so the reason is cut
 * at anything that looks like key material: armour dashes, a long base64/hex run, a backslash escape.
 * Comment closers (`*\/`, `-->`) are dropped.
 */
export function safeReason(raw: string): string {
  let reason = raw.replace(/\s+/g, ' ');
  const cut = firstKeyLike(reason);
  if (cut !== undefined) reason = `${reason.slice(0, cut).trimEnd()} …`;
  reason = reason.replace(/\s*(\*\/|-->)\s*$/, '').trim();
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON - 1).trimEnd()}…`;
  return reason === '' || reason === '…' ? '(reason not shown)' : reason;
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
  /** The first entry that suppresses the finding, for reporting it (absent: reported without the entry's details). */
  match?(finding: Pick<Finding, 'path' | 'ruleId' | 'fingerprint'>): KeywardIgnoreEntry | undefined;
}

export const NO_FILE_SUPPRESSIONS: FileSuppressions = { isSuppressed: () => false, match: () => undefined };

/** How a `.keywardignore` entry that matched a finding is reported. */
export function fileSuppression(suppressions: FileSuppressions, finding: Pick<Finding, 'path' | 'ruleId' | 'fingerprint'>): FindingSuppression | undefined {
  if (!suppressions.isSuppressed(finding)) return undefined;
  const entry = suppressions.match?.(finding);
  return { source: 'keywardignore', reason: entry ? safeReason(entry.reason) : '(reason not shown)', line: entry ? entry.line + 1 : 0 };
}

/**
 * Globs are matched against the whole workspace-relative path (`**\/x.pem` for any folder), with dotfiles
 * included; a leading `#` or `!` in a glob is literal (comments and negation do not exist inside an entry).
 */
export const KEYWARDIGNORE_GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true } as const;

export function createFileSuppressions(entries: readonly KeywardIgnoreEntry[]): FileSuppressions {
  const compiled = entries.map((entry) => ({ entry, matcher: entry.glob === undefined ? undefined : new Minimatch(entry.glob, KEYWARDIGNORE_GLOB_OPTIONS) }));
  const match = (finding: Pick<Finding, 'path' | 'ruleId' | 'fingerprint'>): KeywardIgnoreEntry | undefined =>
    compiled.find(({ entry, matcher }) => {
      if (entry.ruleId !== '*' && entry.ruleId !== finding.ruleId) return false;
      if (entry.fingerprint !== undefined) return entry.fingerprint === finding.fingerprint;
      return matcher?.match(finding.path) ?? false;
    })?.entry;
  return { isSuppressed: (finding) => match(finding) !== undefined, match };
}

/**
 * Whether a repository's own suppression is honoured. Trusted: always. Untrusted (`--untrusted`, Restricted
 * Mode): not for key rules, so a hostile repository cannot hide its own committed key; configuration and
 * advisory suppressions still apply there, and are reported as suppressed.
 */
export function honoursSuppression(ruleKind: 'key' | 'config' | 'advisory' | undefined, untrusted: boolean): boolean {
  return !untrusted || ruleKind !== 'key';
}

/** A file's findings split by suppression: `findings` are reported (maybe with an unhonoured `suppression`). */
export interface SuppressionSplit {
  readonly findings: Finding[];
  readonly suppressed: Finding[];
}

/**
 * Applies file suppressions to findings scanned without them (the editor checks text on a worker, then
 * applies the folder's `.keywardignore` here). Findings already carrying a suppression keep it.
 */
export function applyFileSuppressions(
  scanned: { readonly findings: readonly Finding[]; readonly suppressed?: readonly Finding[] | undefined },
  suppressions: FileSuppressions,
  options: { readonly untrusted: boolean; readonly ruleKind: (ruleId: string) => 'key' | 'config' | 'advisory' | undefined },
): SuppressionSplit {
  const split: SuppressionSplit = { findings: [], suppressed: [...(scanned.suppressed ?? [])] };
  for (const finding of scanned.findings) {
    const suppression = finding.suppression ?? fileSuppression(suppressions, finding);
    if (!suppression) split.findings.push(finding);
    else if (honoursSuppression(options.ruleKind(finding.ruleId), options.untrusted)) split.suppressed.push({ ...finding, suppression });
    else split.findings.push({ ...finding, suppression });
  }
  return split;
}
