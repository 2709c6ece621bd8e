import type { TextRange } from '../types';

/**
 * Finds PEM-style armour (RFC 7468 `-----BEGIN X-----` and the SSH2 `---- BEGIN X ----` variant) in any
 * text, wherever a project keeps it: a plain file, an indented YAML block scalar or heredoc, lines
 * prefixed by a comment marker, a quoted `.env` value, or a string literal whose line breaks are
 * written as `\n` escapes (JSON, JS/TS, Python, Go), including strings split into concatenated pieces.
 *
 * Offsets always refer to the text passed in, so escaped strings need no re-mapping: the markers are
 * found in place and only the body between them is unescaped.
 *
 * Linear time: one regex pass finds the markers (a single character class, bounded, no nesting), each
 * BEGIN is paired with the very next marker, and each body is walked once. Bodies longer than
 * MAX_BODY_CHARS are not armour anyone writes by hand and are skipped.
 */

export interface ArmorBlock {
  readonly label: string;
  /** `ssh2` for the commercial SSH `---- BEGIN … ----` form. */
  readonly style: 'pem' | 'ssh2';
  /** Armour headers (`Proc-Type`, `DEK-Info`, `Version`, `Comment` …), names as written. */
  readonly headers: ReadonlyMap<string, string>;
  /** Everything after the headers with whitespace and escapes removed: base64 for a real key. */
  readonly body: string;
  /** An OpenPGP `=XXXX` CRC-24 line, without the `=`. */
  readonly checksum?: string;
  /** From the first `-` of the BEGIN marker to the last `-` of the matching END marker. */
  readonly range: TextRange;
  /** Line breaks inside the block were written as `\n` escapes (a string literal). */
  readonly escaped: boolean;
}

/** A PGP key with many subkeys and signatures is tens of KB; 512 Ki characters is far beyond any key. */
export const MAX_BODY_CHARS = 512 * 1024;
/** How far back the BEGIN line is read to learn its indentation, comment marker or opening quote. */
const PREFIX_LOOKBACK = 200;

// `(?:-----|---- )` opens RFC 7468 / SSH2 markers; the label is upper-case words, 1–64 characters.
const MARKER = /(-----|---- )(BEGIN|END) ([A-Z0-9][A-Z0-9 ]{0,63}?)(-----| ----)/g;
const QUOTES = '"\'`';
/** A BEGIN-line prefix made only of these is a comment / quote / diff marker repeated on every line. */
const DECORATION = /^[#/*;!%>+\- \t]{1,12}$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]{0,39}):[ \t]*(.*)$/;
const CHECKSUM = /^=([A-Za-z0-9+/]{4})$/;
/** Line breaks written as XML character references (`&#13;` ends every line of a PEM in .NET / SAML XML). */
const XML_BREAK = /&#(?:1[03]|x0*[aAdD]);/g;

interface Marker {
  readonly label: string;
  readonly style: 'pem' | 'ssh2';
  readonly start: number;
  readonly end: number;
}

export function findArmorBlocks(text: string): ArmorBlock[] {
  const blocks: ArmorBlock[] = [];
  let open: Marker | undefined;
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    const [whole, opener, kind, label, closer] = match;
    const style = opener === '-----' ? 'pem' : 'ssh2';
    // `-----BEGIN X ----` or `---- BEGIN X-----` is not armour.
    if ((style === 'pem') !== (closer === '-----') || label === undefined) continue;
    const marker: Marker = { label, style, start: match.index, end: match.index + whole.length };
    if (kind === 'BEGIN') {
      // An unclosed BEGIN (a header named in prose) is forgotten when the next one starts.
      open = marker;
      continue;
    }
    if (open && open.label === label && open.style === style && marker.start - open.end <= MAX_BODY_CHARS) {
      blocks.push(readBlock(text, open, marker));
    }
    open = undefined;
  }
  return blocks;
}

function readBlock(text: string, begin: Marker, end: Marker): ArmorBlock {
  const prefix = linePrefix(text, begin.start);
  const quote = openQuote(prefix);
  const trimmed = prefix.trim();
  const decoration = quote === undefined && trimmed !== '' && DECORATION.test(prefix) ? trimmed : undefined;
  const { lines, escaped } = logicalLines(text, begin.end, end.start, quote, decoration);
  const { headers, body, checksum } = classify(lines);
  const range = { start: begin.start, end: end.end };
  return checksum === undefined
    ? { label: begin.label, style: begin.style, headers, body, range, escaped }
    : { label: begin.label, style: begin.style, headers, body, checksum, range, escaped };
}

/** The text between the start of the marker's line and the marker, at most PREFIX_LOOKBACK characters. */
function linePrefix(text: string, offset: number): string {
  const floor = Math.max(0, offset - PREFIX_LOOKBACK);
  let start = offset;
  while (start > floor) {
    const c = text.charCodeAt(start - 1);
    if (c === 10 || c === 13) break;
    start--;
  }
  return text.slice(start, offset);
}

/**
 * The quote character of the string literal the BEGIN marker sits in, if any: the character right
 * before the marker when it is a quote (`"-----BEGIN`, the common case, also inside long minified
 * lines), else whichever quote is left open on the prefix.
 */
function openQuote(prefix: string): string | undefined {
  const last = prefix.charAt(prefix.length - 1);
  if (last !== '' && QUOTES.includes(last)) return last;
  let open: string | undefined;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charAt(i);
    if (c === '\\') i++;
    else if (open === undefined && QUOTES.includes(c)) open = c;
    else if (c === open) open = undefined;
  }
  return open;
}

/**
 * Splits text[from, to) into the armour's logical lines. Inside a string literal (`quote` set), text
 * outside the string pieces (`" +`, `",`, a closing `)`) is skipped, escapes are undone and both
 * escaped and physical line breaks end a line; otherwise each physical line loses its indentation and
 * the BEGIN line's comment/diff decoration, and literal `\n` escapes (unquoted `.env` values) still
 * break lines.
 */
function logicalLines(
  text: string,
  from: number,
  to: number,
  quote: string | undefined,
  decoration: string | undefined,
): { lines: string[]; escaped: boolean } {
  const lines: string[] = [];
  let current = '';
  let escaped = false;
  let inString = true;
  // Ordinary characters are copied in runs (text.slice), not one by one: a long body costs one pass.
  const quoteCode = quote === undefined ? -1 : quote.charCodeAt(0);
  let run = from;
  const flush = (until: number): void => {
    if (inString && until > run) current += text.slice(run, until);
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13 && c !== 92 && c !== quoteCode) continue;
    flush(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (inString) {
        lines.push(current);
        current = '';
      }
      if (decoration !== undefined) {
        while (i + 1 < to && isBlank(text.charCodeAt(i + 1))) i++;
        if (text.startsWith(decoration, i + 1)) i += decoration.length;
      }
    } else if (!inString) {
      if (c === quoteCode) inString = true; // the opening quote of the next concatenated piece
    } else if (c === 92) {
      const escape = readEscape(text, i, to, quote);
      i = escape.last;
      if (escape.effect === 'line-break') {
        escaped = true;
        lines.push(current);
        current = '';
      } else if (escape.effect === 'close-quote') {
        inString = false;
      } else if (escape.literal !== undefined) {
        current += escape.literal;
      }
    } else {
      inString = false; // the closing quote
    }
    run = i + 1;
  }
  flush(to);
  lines.push(current);
  return { lines, escaped };
}

interface Escape {
  /** Index of the last character the escape consumed. */
  readonly last: number;
  readonly effect: 'line-break' | 'close-quote' | 'none';
  readonly literal?: string;
}

/**
 * Reads the backslash run starting at `i`. `\n`, `\\n` (a doubly escaped string) and `\r` break the
 * line (`\r\n` once); `\\"` is an escaped backslash then the closing quote; `\/` and other escapes
 * keep their character; a backslash before a physical line break joins the two lines.
 */
function readEscape(text: string, i: number, to: number, quote: string | undefined): Escape {
  let end = i;
  while (end < to && text.charCodeAt(end) === 92) end++;
  if (end >= to) return { last: to - 1, effect: 'none' };
  const next = text.charAt(end);
  if (next === 'n') return { last: end, effect: 'line-break' };
  if (next === 'r') return { last: end, effect: text.startsWith('\\n', end + 1) ? 'none' : 'line-break' };
  if (next === quote && (end - i) % 2 === 0) return { last: end, effect: 'close-quote' };
  // A backslash-newline continues the line (SSH2 headers, JS/Python strings): consume the break too.
  if (next === '\n') return { last: end, effect: 'none' };
  if (next === '\r') return { last: text.charCodeAt(end + 1) === 10 ? end + 1 : end, effect: 'none' };
  return next === 't' ? { last: end, effect: 'none' } : { last: end, effect: 'none', literal: next };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Headers (before the first body line), a blank separator, base64 body lines, an optional `=XXXX` checksum. */
const NO_HEADERS: ReadonlyMap<string, string> = new Map();

function classify(lines: readonly string[]): { headers: ReadonlyMap<string, string>; body: string; checksum?: string | undefined } {
  let headers: Map<string, string> | undefined;
  const body: string[] = [];
  let checksum: string | undefined;
  let inHeaders = true;
  for (const raw of lines) {
    const line = (raw.includes('&#') ? raw.replace(XML_BREAK, '') : raw).trim();
    if (line === '') {
      if (headers) inHeaders = false;
      continue;
    }
    const header = inHeaders ? HEADER.exec(line) : null;
    if (header?.[1] !== undefined) {
      headers ??= new Map();
      headers.set(header[1], header[2] ?? '');
      continue;
    }
    inHeaders = false;
    const crc = CHECKSUM.exec(line);
    if (crc?.[1] !== undefined) {
      checksum = crc[1];
      continue;
    }
    body.push(line.replace(/\s+/g, ''));
  }
  return { headers: headers ?? NO_HEADERS, body: body.join(''), checksum };
}
