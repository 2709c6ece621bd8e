import type { Heredoc, Operator, OperatorText, Redirect, Token } from './tokens';

// Scanning helpers of the shell lexer (lexer.ts) that need only the text: here-document bodies, ANSI-C
// strings, bracket matching and character classes. Each advances through its input once.

export interface PendingHeredoc {
  readonly redirect: Redirect;
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly expands: boolean;
}

/** A word being lexed (see Lexer.word). */
export interface WordState {
  value: string;
  quoted: boolean;
  expands: boolean;
  splits: boolean;
  /** Allocated on first use: most words have none. */
  substitutions: (readonly Token[])[] | undefined;
}

/** Reads the bodies of the here-documents pending at a line end, from `i`; returns the offset after the last one. */
export function readHeredocs(text: string, pending: readonly PendingHeredoc[], i: number, limit: number): number {
  for (const doc of pending) {
    const bodyStart = i;
    let bodyEnd = limit;
    while (i < limit) {
      const newline = text.indexOf('\n', i);
      const lineEnd = newline < 0 || newline > limit ? limit : newline;
      let line = text.slice(i, lineEnd);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (doc.stripTabs) line = line.replace(/^\t+/, '');
      if (line === doc.delimiter) {
        bodyEnd = i;
        i = Math.min(lineEnd + 1, limit);
        break;
      }
      i = Math.min(lineEnd + 1, limit);
    }
    const heredoc: Heredoc = { start: bodyStart, end: Math.min(bodyEnd, limit), text: text.slice(bodyStart, Math.min(bodyEnd, limit)), expands: doc.expands };
    doc.redirect.heredoc = heredoc;
  }
  return i;
}

/** The body of an ANSI-C `$'…'` string from `i` (after `$'`): escapes decoded into `state.value`. */
export function ansiC(text: string, i: number, limit: number, state: WordState): number {
  state.quoted = true;
  while (i < limit) {
    const c = text[i] as string;
    if (c === "'") return i + 1;
    if (c !== '\\' || i + 1 >= limit) {
      state.value += c;
      i++;
      continue;
    }
    const e = text[i + 1] as string;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      e: '\x1b',
      E: '\x1b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '?': '?',
    };
    const mapped = simple[e];
    if (mapped !== undefined) {
      state.value += mapped;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U' || /[0-7]/.test(e)) {
      const [pattern, radix, skip] =
        e === 'x' ? [/^[0-9a-fA-F]{1,2}/, 16, 2] : e === 'u' ? [/^[0-9a-fA-F]{1,4}/, 16, 2] : e === 'U' ? [/^[0-9a-fA-F]{1,8}/, 16, 2] : [/^[0-7]{1,3}/, 8, 1];
      const digits = pattern.exec(text.slice(i + skip, Math.min(i + skip + 8, limit)))?.[0] ?? '';
      const code = digits ? Number.parseInt(digits, radix) : Number.NaN;
      state.value += Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : text.slice(i, i + 2);
      i += skip + digits.length;
    } else {
      state.value += c + e;
      i += 2;
    }
  }
  return limit;
}

/**
 * The offset after the `close` that matches the `open` at `i`, skipping quoted text and escapes.
 * Linear, no recursion: used for `${…}`, `$((…))`, arrays and nesting beyond MAX_DEPTH.
 */
export function matchingClose(text: string, i: number, limit: number, open: string, close: string): number {
  let depth = 0;
  let j = i;
  while (j < limit) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === "'" && open === '(') {
      const end = text.indexOf("'", j + 1);
      j = end < 0 || end >= limit ? limit : end + 1;
      continue;
    }
    if (c === '"') {
      j++;
      while (j < limit && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      j++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return limit;
}

export function isBreak(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>';
}

/** Characters that end a run of ordinary word characters: breaks, quotes, `\\`, `$`, backtick, `{`. */
export function isSpecial(code: number): boolean {
  // \t \n \r space " $ & ' ( ) ; < > \\ ` { |
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 32 ||
    code === 34 ||
    code === 36 ||
    code === 38 ||
    code === 39 ||
    code === 40 ||
    code === 41 ||
    code === 59 ||
    code === 60 ||
    code === 62 ||
    code === 92 ||
    code === 96 ||
    code === 123 ||
    code === 124
  );
}

export function isSpecialInDouble(code: number): boolean {
  // " $ \\ ` {
  return code === 34 || code === 36 || code === 92 || code === 96 || code === 123;
}

export function op(text: OperatorText, start: number, end: number): Operator {
  return { kind: 'op', op: text, start, end };
}

export function push(tokens: Token[], token: Operator): number {
  tokens.push(token);
  return token.end;
}
