import type { TextRange } from '../types';

/**
 * Base64 values that decode to PEM armour: Kubernetes `Secret` `data:` values, CI secrets pasted as
 * base64, Helm values. `-----BEGIN` encodes to `LS0tLS1CRUdJTi` (SSH2's `---- BEGIN` to `LS0tLSBCRUdJTi`),
 * so the search is one literal prefix followed by one character class (linear). A value wrapped the
 * way `base64` wraps it (fixed-width lines in a YAML block scalar) is followed onto its continuation lines.
 */

export interface Base64Token {
  /** The encoded value in the original text (all its lines when wrapped). */
  readonly range: TextRange;
  /** The decoded text (latin1, one character per byte, so nothing is lost). */
  readonly decoded: string;
}

const PEM_BASE64 = /LS0tLS[1B]CRUdJTi[A-Za-z0-9+/]*={0,2}/g;
/** Larger values are not a key file anyone base64-encoded; skipping them bounds the work. */
export const MAX_TOKEN_CHARS = 768 * 1024;
/** Line widths treated as wrapping (`base64` uses 76, `openssl base64` 64); a longer first line is a one-line value. */
const MIN_WRAP = 60;
const MAX_WRAP = 128;

export function findBase64PemTokens(text: string): Base64Token[] {
  const tokens: Base64Token[] = [];
  PEM_BASE64.lastIndex = 0;
  for (let match = PEM_BASE64.exec(text); match; match = PEM_BASE64.exec(text)) {
    const start = match.index;
    // Inside a longer base64 run the groups are not aligned: that is some other encoding.
    if (start > 0 && isBase64Char(text.charCodeAt(start - 1))) continue;
    const first = match[0];
    const pieces = [first];
    let end = start + first.length;
    if (first.length >= MIN_WRAP && first.length <= MAX_WRAP && first.length % 4 === 0 && !first.endsWith('=')) {
      end = followWrappedLines(text, end, first.length, pieces);
      PEM_BASE64.lastIndex = end;
    }
    const encoded = pieces.join('');
    if (encoded.length > MAX_TOKEN_CHARS) continue;
    const decoded = Buffer.from(encoded, 'base64').toString('latin1');
    // Only a value that also holds an END marker can contain a block.
    if (decoded.includes('END ')) tokens.push({ range: { start, end }, decoded });
  }
  return tokens;
}

/** Appends continuation lines of exactly `width` base64 characters (and one shorter last line); returns the new end. */
function followWrappedLines(text: string, end: number, width: number, pieces: string[]): number {
  let total = width;
  let position = end;
  while (total <= MAX_TOKEN_CHARS) {
    let i = position;
    if (text.charCodeAt(i) === 13) i++;
    if (text.charCodeAt(i) !== 10) return position;
    i++;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    let j = i;
    while (j < text.length && isBase64Char(text.charCodeAt(j))) j++;
    while (text.charCodeAt(j) === 61 && j - i < width) j++; // `=` padding on the last line
    const length = j - i;
    const next = text.charCodeAt(j);
    const lineEnds = j >= text.length || next === 10 || next === 13;
    if (length === 0 || length > width || !lineEnds) return position;
    pieces.push(text.slice(i, j));
    total += length;
    position = j;
    if (length < width || text.charCodeAt(j - 1) === 61) return position;
  }
  return position;
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/**
 * Base64 of text that holds armour somewhere inside, not at its start: Docker `config.json` `auth`
 * values (`base64("_json_key:" + a service-account JSON)`), Kubernetes `.dockerconfigjson` values (the
 * whole config.json, whose `auth` is base64 again), any JSON with a `\n`-escaped key. `-----BEGIN`
 * then sits at any byte offset, so its encoding is one of three fragments (one per offset modulo 3);
 * one level deeper, each of those is again text at any offset. A fragment found, the whole base64 run
 * around it is decoded, and decoded runs are searched again, MAX_NESTING levels deep.
 */
export const MAX_NESTING = 2;

/** The base64 of `ascii` that does not depend on the bytes around it, at each of the three alignments. */
export function base64Fragments(ascii: string): string[] {
  const fragments: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const fullGroups = Math.floor((shift + ascii.length) / 3) * 4;
    // The first characters mix in the `shift` unknown bytes before: 0, 2 or 3 of them.
    const first = [0, 2, 3][shift] ?? 0;
    fragments.push(
      Buffer.from('\0'.repeat(shift) + ascii, 'latin1')
        .toString('base64')
        .slice(first, fullGroups),
    );
  }
  return fragments;
}

const LEVEL_ONE = base64Fragments('-----BEGIN');
const LEVEL_TWO = LEVEL_ONE.flatMap(base64Fragments);
/** Gate anchors: a file holding armour one or two base64 levels down, at any offset, contains one of these. */
export const EMBEDDED_PEM_ANCHORS: readonly string[] = [...LEVEL_ONE, ...LEVEL_TWO];

/** Base64 runs that decode (once or twice) to text holding armour, other than those findBase64PemTokens reads. */
export function findEmbeddedBase64PemTokens(text: string): Base64Token[] {
  const tokens: Base64Token[] = [];
  for (const run of runsWithFragments(text, EMBEDDED_PEM_ANCHORS)) {
    // A run that starts with the armour is findBase64PemTokens's (it also follows wrapped lines).
    if (/^LS0tLS[1B]CRUdJTi/.test(text.slice(run.start, run.start + 14))) continue;
    collect(text.slice(run.start, run.end), run, 1, tokens);
  }
  return tokens;
}

function collect(encoded: string, range: TextRange, depth: number, tokens: Base64Token[]): void {
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  if (decoded.includes('BEGIN') && decoded.includes('END ')) tokens.push({ range, decoded });
  if (depth >= MAX_NESTING) return;
  for (const inner of runsWithFragments(decoded, LEVEL_ONE)) collect(decoded.slice(inner.start, inner.end), range, depth + 1, tokens);
}

/** The maximal base64 runs of `text` containing one of `fragments`, each once, in text order. */
function runsWithFragments(text: string, fragments: readonly string[]): TextRange[] {
  const runs = new Map<number, TextRange>();
  for (const fragment of fragments) {
    // Each step moves past the whole run it looked at, so every character is visited a bounded number of times.
    let from = 0;
    for (let at = text.indexOf(fragment); at !== -1; at = text.indexOf(fragment, from)) {
      let start = at;
      while (start > from && isBase64Char(text.charCodeAt(start - 1))) start--;
      let end = at + fragment.length;
      while (end < text.length && isBase64Char(text.charCodeAt(end))) end++;
      while (text.charCodeAt(end) === 61) end++; // `=` padding
      from = end;
      if (end - start > MAX_TOKEN_CHARS) continue;
      runs.set(start, { start, end });
    }
  }
  return [...runs.values()].sort((a, b) => a.start - b.start);
}
