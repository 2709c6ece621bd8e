import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit, TextRange } from '../types';

/**
 * Format-preserving edits on YAML source text. Nothing here re-serialises a document: every edit is
 * computed from the source ranges the `yaml` parser keeps, so comments, quoting and layout of every
 * other line survive byte for byte.
 */

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Start of the line after the one holding `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

export function nodeRange(node: unknown): TextRange | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** Where a pair's text ends: its value's end, or its key's end for `key:` without a value. */
function pairEnd(pair: Pair<unknown, unknown>): number | undefined {
  return nodeRange(pair.value)?.end ?? nodeRange(pair.key)?.end;
}

/** The pair's key offset when the key is the first thing on its line (a block-map entry), else undefined. */
function blockKeyStart(text: string, pair: Pair<unknown, unknown>): number | undefined {
  const key = nodeRange(pair.key);
  if (!key) return undefined;
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, key.start), key.start)) ? key.start : undefined;
}

/** Column of a block-map entry's key (also for the first key of a `- key: v` sequence item). */
export function keyColumn(text: string, pair: Pair<unknown, unknown>): number | undefined {
  const key = nodeRange(pair.key);
  if (!key) return undefined;
  const prefix = text.slice(lineStartOf(text, key.start), key.start);
  return /^[ \t]*(-[ \t]+)*$/.test(prefix) ? prefix.length : undefined;
}

/**
 * Deletes a block-map entry that spans whole lines: from the start of its key's line to the start of the
 * line after its value (a trailing comment on the last line goes with it). Undefined when the entry
 * shares a line with something else (`- key: v` first item, flow maps).
 */
export function pairDeletion(text: string, pair: Pair<unknown, unknown>): TextEdit | undefined {
  const start = blockKeyStart(text, pair);
  let end = pairEnd(pair);
  if (start === undefined || end === undefined) return undefined;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { range: { start: lineStartOf(text, start), end: nextLineStart(text, end) }, newText: '' };
}

/** Offset of the start of the line after a pair's last value line: where a following sibling begins. */
function afterPair(text: string, pair: Pair<unknown, unknown>): number | undefined {
  let end = pairEnd(pair);
  if (end === undefined) return undefined;
  const start = nodeRange(pair.key)?.start ?? 0;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return nextLineStart(text, end);
}

/**
 * Inserts `lines` (already relative: each line's own extra indentation, no base indent) as new entries
 * of a block map, at the map's entry column: before the entry `before` names when it exists, else after
 * the map's last entry. Undefined for flow maps or layouts these helpers do not model.
 */
export function insertIntoBlockMap(text: string, map: YAMLMap, lines: readonly string[], before?: string): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const eol = eolOf(text);
  const columns = map.items.map((p) => keyColumn(text, p as Pair<unknown, unknown>));
  const column = columns[columns.length - 1];
  if (column === undefined) return undefined;
  const indent = ' '.repeat(column);
  const body = lines.map((line) => `${indent}${line}${eol}`).join('');
  const anchor = before ? map.items.find((p) => isScalar(p.key) && p.key.value === before) : undefined;
  if (anchor) {
    const start = blockKeyStart(text, anchor as Pair<unknown, unknown>);
    if (start !== undefined) {
      const at = lineStartOf(text, start);
      return { range: { start: at, end: at }, newText: body };
    }
  }
  const last = map.items[map.items.length - 1] as Pair<unknown, unknown>;
  const at = afterPair(text, last);
  if (at === undefined) return undefined;
  const needsBreak = at === text.length && at > 0 && text[at - 1] !== '\n';
  return { range: { start: at, end: at }, newText: (needsBreak ? eol : '') + body };
}

/** Indentation step of the file (the column of a nested key minus its parent's), at least 2. */
export function indentStep(text: string, parent: Pair<unknown, unknown>, child: Pair<unknown, unknown> | undefined): number {
  const outer = keyColumn(text, parent);
  const inner = child ? keyColumn(text, child) : undefined;
  return outer !== undefined && inner !== undefined && inner > outer ? inner - outer : 2;
}

/** Block-map child entries of `map`, by key. */
export function pairOf(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<unknown, unknown> | undefined;
}

export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean')
    ? String(node.value)
    : undefined;
}

/**
 * Sorts edits and merges touching ones (a deletion ending where an insertion starts) so that hosts that
 * reject adjacent edits accept them; undefined when two edits overlap.
 */
export function mergeEdits(edits: readonly TextEdit[], text: string): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const last = out[out.length - 1];
    if (last && edit.range.start < last.range.end) return undefined;
    if (last && edit.range.start === last.range.end) {
      out[out.length - 1] = {
        range: { start: last.range.start, end: edit.range.end },
        newText: last.newText + text.slice(last.range.end, edit.range.start) + edit.newText,
      };
      continue;
    }
    out.push(edit);
  }
  return out;
}

/**
 * Replaces a block-map entry (its key to the end of its value's last line) with `lines`, the first at
 * the key's position and the rest at the key's column: works for `- key:` first items too.
 */
export function replacePairLines(text: string, pair: Pair<unknown, unknown>, lines: readonly string[]): TextEdit | undefined {
  const key = nodeRange(pair.key);
  const column = keyColumn(text, pair);
  let end = pairEnd(pair);
  if (!key || column === undefined || end === undefined) return undefined;
  while (end > key.start && /\s/.test(text[end - 1] as string)) end--;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  const eol = eolOf(text);
  const indent = ' '.repeat(column);
  return { range: { start: key.start, end }, newText: lines.map((line, i) => (i === 0 ? line : `${indent}${line}`)).join(eol) };
}

/** Removes a `flag: true` entry, or sets it to `false` when it is its map's only entry (an empty map can mean something else). */
export function disableFlagEdit(text: string, map: YAMLMap, pair: Pair<unknown, unknown>): TextEdit | undefined {
  if (map.items.length > 1 && !map.flow) return pairDeletion(text, pair);
  const range = nodeRange(pair.value);
  return range ? { range, newText: 'false' } : undefined;
}
