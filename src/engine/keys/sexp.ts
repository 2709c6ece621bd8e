/**
 * A bounded reader for the S-expressions libgcrypt and gpg-agent write (Rivest's draft): canonical
 * (`(11:private-key(3:rsa(1:n257:…`), advanced (`(private-key (rsa (n #00C1…#)`, `"string"`, `|base64|`)
 * and mixes of both. Input is a string with one character per byte (latin1). Depth, item count and
 * input length are capped: a hostile file costs at most one linear pass.
 */

export type Sexp = string | readonly Sexp[];

const MAX_DEPTH = 16;
const MAX_ITEMS = 4096;
const TOKEN = /[A-Za-z0-9\-./_:*+=]/;

/** The first S-expression of `text` from `start`, or undefined when it is not a well-formed list. */
export function parseSexp(text: string, start = 0): Sexp[] | undefined {
  const state = { at: start, items: 0 };
  skipSpace(text, state);
  if (text[state.at] !== '(') return undefined;
  const list = readList(text, state, 0);
  return Array.isArray(list) ? list : undefined;
}

interface ReadState {
  at: number;
  items: number;
}

function readList(text: string, state: ReadState, depth: number): Sexp[] | undefined {
  if (depth >= MAX_DEPTH) return undefined;
  state.at++; // (
  const items: Sexp[] = [];
  for (;;) {
    skipSpace(text, state);
    const c = text[state.at];
    if (c === undefined) return undefined;
    if (c === ')') {
      state.at++;
      return items;
    }
    if (++state.items > MAX_ITEMS) return undefined;
    const item = c === '(' ? readList(text, state, depth + 1) : readAtom(text, state);
    if (item === undefined) return undefined;
    items.push(item);
  }
}

function readAtom(text: string, state: ReadState): string | undefined {
  const c = text[state.at] ?? '';
  if (c >= '0' && c <= '9') {
    let end = state.at;
    while (text[end] !== undefined && text[end]! >= '0' && text[end]! <= '9') end++;
    const length = Number(text.slice(state.at, end));
    if (text[end] === ':') {
      const value = text.slice(end + 1, end + 1 + length);
      if (value.length !== length) return undefined;
      state.at = end + 1 + length;
      return value;
    }
    if (text[end] === '#' || text[end] === '"' || text[end] === '|') {
      state.at = end; // a length before an encoded atom only restates its size
      return readAtom(text, state);
    }
  }
  if (c === '#')
    return readDelimited(text, state, '#', (inner) =>
      /^[0-9A-Fa-f]*$/.test(inner) && inner.length % 2 === 0 ? Buffer.from(inner, 'hex').toString('latin1') : undefined,
    );
  if (c === '|')
    return readDelimited(text, state, '|', (inner) => (/^[A-Za-z0-9+/]*={0,2}$/.test(inner) ? Buffer.from(inner, 'base64').toString('latin1') : undefined));
  if (c === '"') return readQuoted(text, state);
  if (TOKEN.test(c)) {
    let end = state.at;
    while (end < text.length && TOKEN.test(text[end]!)) end++;
    const value = text.slice(state.at, end);
    state.at = end;
    return value;
  }
  return undefined;
}

/** `#hex#` and `|base64|`: whitespace inside is allowed (gpg wraps long values). */
function readDelimited(text: string, state: ReadState, delimiter: string, decode: (inner: string) => string | undefined): string | undefined {
  const end = text.indexOf(delimiter, state.at + 1);
  if (end === -1) return undefined;
  const inner = text.slice(state.at + 1, end).replace(/\s+/g, '');
  state.at = end + 1;
  return decode(inner);
}

function readQuoted(text: string, state: ReadState): string | undefined {
  let value = '';
  let i = state.at + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      state.at = i + 1;
      return value;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return undefined;
}

function skipSpace(text: string, state: ReadState): void {
  while (state.at < text.length && /\s/.test(text[state.at]!)) state.at++;
}

/** The sub-list of `list` whose first atom is `name` (`(n …)` in `(rsa (n …) (e …))`). */
export function findList(list: readonly Sexp[], name: string): readonly Sexp[] | undefined {
  for (const item of list) if (Array.isArray(item) && item[0] === name) return item;
  return undefined;
}

/** The atom value of `(name value)` in `list`. */
export function findValue(list: readonly Sexp[], name: string): string | undefined {
  const value = findList(list, name)?.[1];
  return typeof value === 'string' ? value : undefined;
}
