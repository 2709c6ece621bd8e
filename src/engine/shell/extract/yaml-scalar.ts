import type { CST, Scalar } from 'yaml';
import { MappedTextBuilder, type MappedText } from '../mapped-text';
import { physicalLines, type LogicalLine } from './lines';

/**
 * A YAML scalar's value with the map back to its source characters: block scalars lose their
 * indentation, flow scalars their quotes, escapes and line folding. The result is checked against the
 * value the `yaml` parser computed; when they differ (an exotic form this decoder does not model) the
 * scalar is skipped rather than mapped wrongly.
 */
export interface MappedScalar {
  readonly mapped: MappedText;
  readonly style: 'literal' | 'folded' | 'plain' | 'single' | 'double';
  /** Encodes text for insertion inside this scalar; undefined when the style cannot hold it. */
  encode(text: string): string | undefined;
}

export function mapYamlScalar(text: string, node: Scalar): MappedScalar | undefined {
  const token = node.srcToken;
  if (!token || typeof node.value !== 'string') return undefined;
  let result: MappedScalar | undefined;
  if (token.type === 'block-scalar') result = mapBlock(text, token);
  else if (token.type === 'scalar') result = mapFlow(text, token.offset, token.source, 'plain');
  else if (token.type === 'single-quoted-scalar') result = mapFlow(text, token.offset, token.source, 'single');
  else if (token.type === 'double-quoted-scalar') result = mapFlow(text, token.offset, token.source, 'double');
  if (!result) return undefined;
  return sameValue(result.mapped.text, node.value) ? result : undefined;
}

function sameValue(decoded: string, value: string): boolean {
  return decoded.replace(/\n+$/, '') === value.replace(/\n+$/, '');
}

const noNewline = (encode: (t: string) => string | undefined) => (t: string) => (t.includes('\n') || t.includes('\r') ? undefined : encode(t));

function mapBlock(text: string, token: CST.BlockScalar): MappedScalar | undefined {
  const props = token.props.filter((p): p is CST.SourceToken => 'source' in p && typeof p.source === 'string');
  const header = props.find((p) => p.type === 'block-scalar-header')?.source ?? '|';
  const newline = [...props].reverse().find((p) => p.type === 'newline');
  if (!newline) return undefined;
  const bodyStart = newline.offset + newline.source.length;
  const folded = header.startsWith('>');
  const explicit = /[1-9]/.exec(header)?.[0];
  const lines = physicalLines(text, bodyStart, bodyStart + token.source.length);
  let indent = explicit ? token.indent + Number(explicit) : -1;
  if (indent < 0) {
    const first = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
    indent = first ? leadingSpaces(text, first.start, first.end) : 0;
  }
  const builder = new MappedTextBuilder();
  let pendingEmpty: LogicalLine[] = [];
  let previous: 'none' | 'normal' | 'more' = 'none';
  let previousLine: LogicalLine | undefined;
  for (const line of lines) {
    const content = line.start + indent;
    const isEmpty = text.slice(line.start, line.end).trim() === '' && line.end - line.start <= indent;
    if (isEmpty) {
      pendingEmpty.push(line);
      continue;
    }
    if (leadingSpaces(text, line.start, Math.min(content, line.end)) < indent) break; // end of the scalar
    const kind = text[content] === ' ' || text[content] === '\t' ? 'more' : 'normal';
    if (previousLine) {
      // Folding joins two normal lines with a space; with empty lines between them the first break is
      // dropped and each empty line gives one newline. Anywhere else the break is kept.
      const foldable = folded && previous === 'normal' && kind === 'normal';
      if (!foldable) builder.atom('\n', previousLine.end, previousLine.next);
      else if (pendingEmpty.length === 0) builder.atom(' ', previousLine.end, previousLine.next);
    }
    for (const empty of pendingEmpty) builder.atom('\n', empty.end, empty.next);
    pendingEmpty = [];
    builder.copy(text, content, line.end);
    previous = kind;
    previousLine = line;
  }
  if (previousLine && !header.includes('-')) builder.atom('\n', previousLine.end, previousLine.next);
  if (previousLine && header.includes('+')) for (const empty of pendingEmpty) builder.atom('\n', empty.end, empty.next);
  return {
    mapped: builder.build(),
    style: folded ? 'folded' : 'literal',
    encode: noNewline((t) => t),
  };
}

function leadingSpaces(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text[i] === ' ') i++;
  return i - start;
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Plain, single- and double-quoted scalars: quotes, escapes and line folding. */
function mapFlow(text: string, offset: number, source: string, style: 'plain' | 'single' | 'double'): MappedScalar | undefined {
  const quote = style === 'plain' ? 0 : 1;
  const start = offset + quote;
  const end = offset + source.length - quote;
  if (end < start) return undefined;
  const lines = physicalLines(text, start, end);
  const builder = new MappedTextBuilder();
  let pendingBreaks: LogicalLine[] = [];
  let joinFrom: LogicalLine | undefined;
  let escapedBreak = false;
  lines.forEach((line, index) => {
    let from = line.start;
    let to = line.end;
    if (index > 0) while (from < to && (text[from] === ' ' || text[from] === '\t')) from++;
    const last = index === lines.length - 1;
    let endsEscaped = false;
    if (!last && style === 'double') {
      let backslashes = 0;
      while (to - backslashes - 1 >= from && text[to - backslashes - 1] === '\\') backslashes++;
      endsEscaped = backslashes % 2 === 1;
    }
    if (!last && !endsEscaped) while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
    if (index > 0 && from === to && !last) {
      pendingBreaks.push(line);
      return;
    }
    if (joinFrom && !escapedBreak) {
      if (pendingBreaks.length === 0) builder.atom(' ', joinFrom.end, joinFrom.next);
      else for (const blank of pendingBreaks) builder.atom('\n', blank.start, blank.next);
    }
    pendingBreaks = [];
    if (endsEscaped) to--; // the escaping backslash itself
    appendContent(builder, text, from, to, style);
    joinFrom = line;
    escapedBreak = endsEscaped;
  });
  const encode =
    style === 'plain'
      ? // Inside a plain scalar (never at its start): `: ` would start a mapping, ` #` a comment.
        (t: string) => (/:(\s|$)|\s#|\t/.test(t) ? undefined : t)
      : style === 'single'
        ? (t: string) => t.replace(/'/g, "''")
        : (t: string) => t.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return { mapped: builder.build(), style, encode: noNewline(encode) };
}

function appendContent(builder: MappedTextBuilder, text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): void {
  if (style === 'plain') {
    builder.copy(text, from, to);
    return;
  }
  let run = from;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      builder.copy(text, run, i).atom("'", i, i + 2);
      i += 2;
      run = i;
    } else if (style === 'double' && c === '\\' && i + 1 < to) {
      builder.copy(text, run, i);
      const e = text[i + 1] as string;
      const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (width > 0) {
        const hex = text.slice(i + 2, i + 2 + width);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? Number.parseInt(hex, 16) : Number.NaN;
        builder.atom(Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : hex, i, i + 2 + width);
        i += 2 + width;
      } else {
        builder.atom(DOUBLE_ESCAPES[e] ?? e, i, i + 2);
        i += 2;
      }
      run = i;
    } else {
      i++;
    }
  }
  builder.copy(text, run, to);
}
