import type { Fix, Severity, TextEdit, TextRange } from '../types';
import type { Entry, Source } from './syntax';

/**
 * One mistake in application code that verifies Sigstore signatures, before it becomes a finding of the
 * rule for its kind: `identity` (KW801, any signer passes), `regexp` (KW802, a wildcard or unanchored
 * identity or issuer regexp), `tlog` (KW803, no transparency-log or timestamp proof), `sct` (KW804, no
 * certificate-transparency proof).
 */
export type AppIssueKind = 'identity' | 'regexp' | 'tlog' | 'sct';

export interface AppIssue {
  readonly kind: AppIssueKind;
  readonly range: TextRange;
  readonly message: string;
  readonly severity: Severity;
  /** Stable and non-secret: library and mistake (`sigstore-go:without-identities`); the rule numbers repeats. */
  readonly identity: string;
  readonly fixes?: readonly Fix[];
}

/** Removes one `key: value` entry of a literal (or keyword argument), with its line when it has one to itself. */
export function removeEntry(source: Source, entry: Entry): TextEdit {
  const { text, tokens } = source;
  const start = tokens[entry.from]!.start;
  const end = tokens[entry.to - 1]!.end;
  const comma = source.is(entry.to, ',') ? tokens[entry.to]! : undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', comma?.end ?? end);
  const lineEnd = newline < 0 ? text.length : newline;
  const rest = text.slice(comma?.end ?? end, lineEnd).trim();
  if (text.slice(lineStart, start).trim() === '' && (rest === '' || rest.startsWith('//') || rest.startsWith('#'))) {
    return { range: { start: lineStart, end: newline < 0 ? lineEnd : lineEnd + 1 }, newText: '' };
  }
  if (comma) {
    const after = tokens[entry.to + 1];
    return { range: { start, end: after && !source.is(entry.to + 1, '}') && !source.is(entry.to + 1, ')') ? after.start : comma.end }, newText: '' };
  }
  if (source.is(entry.from - 1, ',')) return { range: { start: tokens[entry.from - 1]!.start, end }, newText: '' };
  return { range: { start, end }, newText: '' };
}

/**
 * Adds entries at the start of a literal (or after the last argument of a call), in its layout: one per
 * line with the first entry's indentation when the literal spans lines, inline otherwise.
 */
export function insertEntries(source: Source, open: number, entries: readonly string[]): TextEdit {
  const { text, tokens } = source;
  const close = source.close(open);
  const opener = tokens[open]!;
  if (source.is(open, '(')) {
    const last = tokens[close - 1]!;
    const at = source.is(close - 1, ',') ? tokens[close - 2]!.end : last.end;
    return { range: { start: at, end: at }, newText: `, ${entries.join(', ')}` };
  }
  if (close === open + 1) return { range: { start: opener.end, end: tokens[close]!.start }, newText: ` ${entries.join(', ')} ` };
  const first = tokens[open + 1]!;
  const between = text.slice(opener.end, first.start);
  if (between.includes('\n')) {
    const indent = between.slice(between.lastIndexOf('\n') + 1);
    return { range: { start: first.start, end: first.start }, newText: entries.map((e) => `${e},\n${indent}`).join('') };
  }
  return { range: { start: first.start, end: first.start }, newText: `${entries.map((e) => `${e}, `).join('')}` };
}

/** A JavaScript string literal. */
export function jsString(value: string): string {
  return value.includes("'") || value.includes('\\') ? JSON.stringify(value) : `'${value}'`;
}

export function entryNamed(entries: readonly Entry[], ...keys: string[]): Entry | undefined {
  return entries.find((e) => e.key !== undefined && keys.includes(e.key));
}
