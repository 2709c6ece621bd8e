import type { TextEdit, TextRange } from '../types';
import type { SimpleCommand } from './parser';
import type { ShellSegment } from './segment';
import type { Word } from './tokens';

/**
 * Word-level edits on a command, computed in the segment's text and mapped to the original file.
 * They keep the command's layout: a flag on its own continuation line goes with its line, a flag in
 * the middle of a line takes one neighbouring blank with it, and a trailing `\` is never orphaned.
 */

/**
 * A word to insert: a literal value (quoted as the syntax needs), shell text used as written (`value` is
 * what an exec-form argv gets instead), or text already in the carrier's own syntax (taken from the file).
 */
export type NewWord = string | { readonly shell: string; readonly value: string } | { readonly carrier: string; readonly value: string };

/** Quotes a value for a POSIX shell only when it needs quoting. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function render(segment: ShellSegment, words: readonly NewWord[]): string | undefined {
  if (segment.syntax === 'json-argv') return words.map((w) => JSON.stringify(typeof w === 'string' ? w : w.value)).join(', ');
  const separator = segment.encode(' ');
  const parts: string[] = [];
  for (const word of words) {
    const part = typeof word === 'string' ? segment.encode(shellQuote(word)) : 'shell' in word ? segment.encode(word.shell) : word.carrier;
    if (part === undefined || separator === undefined) return undefined;
    parts.push(part);
  }
  return parts.join(separator);
}

/** Deletes `words` (contiguous, in order) from the command. */
export function removeWordsEdit(segment: ShellSegment, command: SimpleCommand | undefined, words: readonly Word[]): TextEdit | undefined {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return undefined;
  if (segment.syntax === 'yaml-argv') return undefined;
  const neighbours = tokenRanges(segment, command);
  const before = neighbours[firstStartingAt(neighbours, first.start) - 1];
  const after = neighbours[firstStartingAt(neighbours, last.end)];
  const text = segment.source.text;
  let range: TextRange;
  if (segment.syntax === 'json-argv') {
    range = before ? { start: before.end, end: last.end } : after ? { start: first.start, end: after.start } : { start: first.start, end: last.end };
  } else if (!after) {
    range = { start: before ? before.end : first.start, end: last.end };
  } else {
    const gapBefore = before ? text.slice(before.end, first.start) : '';
    const gapAfter = text.slice(last.end, after.start);
    const breakBefore = gapBefore.includes('\n');
    const breakAfter = gapAfter.includes('\n');
    if (breakBefore && breakAfter && before) {
      // The words sit on their own continuation line(s): remove those lines.
      range = { start: before.end + gapBefore.lastIndexOf('\n') + 1, end: last.end + gapAfter.lastIndexOf('\n') + 1 };
    } else if (!breakAfter || !before) {
      // Mid-line (or first on a continued line): the words and the blanks after them.
      range = { start: first.start, end: after.start };
    } else {
      // Last on a line that continues: the blanks before them, keeping ` \`.
      range = { start: before.end, end: last.end };
    }
  }
  return { range: segment.source.toOriginal(range), newText: '' };
}

/** Replaces `words` (contiguous) by `replacement`. */
export function replaceWordsEdit(segment: ShellSegment, words: readonly Word[], replacement: readonly NewWord[]): TextEdit | undefined {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last || segment.syntax === 'yaml-argv') return undefined;
  const newText = render(segment, replacement);
  if (newText === undefined) return undefined;
  return { range: segment.source.toOriginal({ start: first.start, end: last.end }), newText };
}

/** Inserts `words` right after `anchor`. */
export function insertAfterEdit(segment: ShellSegment, anchor: Word, words: readonly NewWord[]): TextEdit | undefined {
  if (segment.syntax === 'yaml-argv' || words.length === 0) return undefined;
  const rendered = render(segment, words);
  if (rendered === undefined) return undefined;
  const at = segment.source.originalEnd(anchor.end);
  const separator = segment.syntax === 'json-argv' ? ', ' : (segment.encode(' ') ?? ' ');
  return { range: { start: at, end: at }, newText: separator + rendered };
}

/**
 * Deletes `words` (any subset of the command's words): each run of words with no other token between
 * them becomes one edit, so neighbouring removals never overlap.
 */
export function removeWordGroupsEdits(segment: ShellSegment, command: SimpleCommand | undefined, words: readonly Word[]): TextEdit[] | undefined {
  const sorted = [...new Set(words)].sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return [];
  const tokens = tokenRanges(segment, command);
  const groups: Word[][] = [];
  for (const word of sorted) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    const next = previous ? tokens[firstStartingAt(tokens, previous.end)] : undefined;
    const between = previous ? next !== undefined && next.end <= word.start : true;
    if (group && !between) group.push(word);
    else groups.push([word]);
  }
  const edits: TextEdit[] = [];
  for (const group of groups) {
    const edit = removeWordsEdit(segment, command, group);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits;
}

/**
 * Edits in offset order, with an insertion that sits exactly where a deletion starts folded into that
 * deletion (editors reject edits that touch ambiguously). Returns undefined when edits overlap.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const last = out[out.length - 1];
    if (last && last.range.start === last.range.end && last.range.start === edit.range.start) {
      out[out.length - 1] = { range: edit.range, newText: last.newText + edit.newText };
      continue;
    }
    if (last && edit.range.start < last.range.end) return undefined;
    out.push(edit);
  }
  return out;
}

/** Every token range of a command, in order: assignments, arguments, redirections and their targets. */
export function commandRanges(command: SimpleCommand): TextRange[] {
  const ranges: TextRange[] = [...command.assignments, ...command.args].map(rangeOf);
  for (const { redirect, target } of command.redirects) {
    ranges.push(rangeOf(redirect));
    if (target) ranges.push(rangeOf(target));
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/**
 * The token ranges around which words are removed, sorted, computed once per command: a rule makes one
 * edit per flag, and a hostile file with thousands of flags on one command must not cost thousands of
 * re-sorts (that made a 1 MB script take minutes).
 */
const rangeCache = new WeakMap<object, readonly TextRange[]>();

function tokenRanges(segment: ShellSegment, command: SimpleCommand | undefined): readonly TextRange[] {
  const key: object | undefined = segment.syntax === 'json-argv' ? segment.argv : command;
  if (key === undefined) return [];
  let ranges = rangeCache.get(key);
  if (ranges === undefined) {
    ranges = segment.syntax === 'json-argv' ? (segment.argv ?? []).map(rangeOf).sort((a, b) => a.start - b.start) : commandRanges(command as SimpleCommand);
    rangeCache.set(key, ranges);
  }
  return ranges;
}

/** Index of the first range starting at or after `offset` (binary search; tokens never overlap). */
function firstStartingAt(ranges: readonly TextRange[], offset: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ranges[middle] as TextRange).start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function rangeOf(token: { readonly start: number; readonly end: number }): TextRange {
  return { start: token.start, end: token.end };
}

/** Applies non-overlapping edits to a text (used by tests and by callers that preview a fix). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}
