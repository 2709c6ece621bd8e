import type { TextRange } from '../types';
import { tokenize, type Language, type Token } from './tokens';

/**
 * Tokens with matched brackets, and the few shapes the application-code matchers look for: calls
 * (`a.b.c(…)` and their top-level arguments), object literals and Go composite literals (`key: value`
 * entries), Python keyword arguments, and the value a local name was last assigned before a use.
 */

/** A slice of tokens `[from, to)`. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface Call {
  /** The callee as written: `['verify', 'WithTransparencyLog']` for `verify.WithTransparencyLog(…)`. */
  readonly callee: readonly string[];
  /** Token index of the callee's first name (a `new` before it is not included). */
  readonly first: number;
  /** Token index of the `(`. */
  readonly open: number;
  readonly close: number;
  readonly args: readonly Span[];
}

export interface Entry extends Span {
  /** `name` of `name: value` (or `name = value` for Python keywords), undefined for spreads and positional values. */
  readonly key?: string;
  readonly keyIndex?: number;
  /** The value tokens (for a shorthand `{ name }`, the name itself). */
  readonly value: Span;
}

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const MAX_CHAIN = 16;
/** Keywords before a name that make `name(…)` a declaration. */
const DEFINERS = new Set(['function', 'def', 'func', 'async', 'static', 'public', 'private', 'protected', 'get', 'set', 'override']);

export class Source {
  readonly tokens: readonly Token[];
  /** For each opening bracket, the index of its closing bracket (the last token when unclosed); -1 elsewhere. */
  private readonly closeOf: Int32Array;

  constructor(
    readonly text: string,
    readonly language: Language,
  ) {
    this.tokens = tokenize(text, language);
    this.closeOf = matchBrackets(this.tokens);
  }

  is(index: number, text: string): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.kind !== 'string' && token.kind !== 'regexp' && token.text === text;
  }

  close(open: number): number {
    return this.closeOf[open] ?? -1;
  }

  range(span: Span): TextRange {
    return { start: this.tokens[span.from]!.start, end: this.tokens[Math.max(span.from, span.to - 1)]!.end };
  }

  spanText(span: Span): string {
    return span.to <= span.from ? '' : this.text.slice(this.tokens[span.from]!.start, this.tokens[span.to - 1]!.end);
  }

  /** The single token of a span, when it has exactly one. */
  single(span: Span): Token | undefined {
    return span.to - span.from === 1 ? this.tokens[span.from] : undefined;
  }

  /** Every call expression, in source order. */
  *calls(): Generator<Call> {
    const { tokens } = this;
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (tokens[i]!.kind !== 'ident' || !this.is(i + 1, '(')) continue;
      const callee = [tokens[i]!.text];
      let first = i;
      while (callee.length < MAX_CHAIN && first >= 2 && (this.is(first - 1, '.') || this.is(first - 1, '?.')) && tokens[first - 2]!.kind === 'ident') {
        first -= 2;
        callee.unshift(tokens[first]!.text);
      }
      const close = this.close(i + 1);
      const args = this.split(i + 1, close);
      if (this.isDefinition(first, close, args)) continue;
      yield { callee, first, open: i + 1, close, args };
    }
  }

  /** `function verify(…)`, `def Identity(…)`, `async verify(b: Bundle) {…}`: a declaration, not a call. */
  private isDefinition(first: number, close: number, args: readonly Span[]): boolean {
    const before = this.tokens[first - 1];
    if (before?.kind === 'ident' && DEFINERS.has(before.text)) return true;
    if (this.language !== 'js') return false;
    return (
      this.is(close + 1, '{') ||
      args.some((arg) => this.tokens[arg.from]?.kind === 'ident' && (this.is(arg.from + 1, ':') || (this.is(arg.from + 1, '?') && this.is(arg.from + 2, ':'))))
    );
  }

  /** The comma-separated items between an opening bracket and its close (a trailing comma adds none). */
  split(open: number, close: number): Span[] {
    const items: Span[] = [];
    let from = open + 1;
    for (let j = open + 1; j < close; j++) {
      if (this.closeOf[j]! >= 0) {
        j = this.closeOf[j]!;
        continue;
      }
      if (this.is(j, ',')) {
        if (j > from) items.push({ from, to: j });
        from = j + 1;
      }
    }
    if (close > from) items.push({ from, to: close });
    return items;
  }

  /**
   * The entries of an object literal, Go composite literal (`{` at `open`) or a call's keyword arguments
   * (Python `name=value`, when `open` is a `(`): `key: value`, `'key': value`, shorthand `key`, spreads.
   */
  entries(open: number): Entry[] {
    const separator = this.is(open, '(') ? '=' : ':';
    return this.split(open, this.close(open)).map((item): Entry => {
      const head = this.tokens[item.from]!;
      const named = (head.kind === 'ident' || (head.kind === 'string' && separator === ':')) && this.is(item.from + 1, separator);
      if (named) {
        return { ...item, key: head.kind === 'string' ? (head.value ?? '') : head.text, keyIndex: item.from, value: { from: item.from + 2, to: item.to } };
      }
      if (separator === ':' && head.kind === 'ident' && item.to === item.from + 1) return { ...item, key: head.text, keyIndex: item.from, value: item };
      return { ...item, value: item };
    });
  }

  /**
   * Where `name` was last given a value before token `before`: `name = …`, `name := …`, `const name: T = …`,
   * `var name = …`. Returns the first token of the value. A member (`x.name = …`) is not the name.
   */
  valueOf(name: string, before: number): number | undefined {
    const { tokens } = this;
    for (let i = before - 1; i >= 0; i--) {
      const token = tokens[i]!;
      if (token.kind !== 'ident' || token.text !== name || this.is(i - 1, '.')) continue;
      if (this.is(i + 1, '=') || this.is(i + 1, ':=')) return i + 2;
      if (this.language === 'js' && this.is(i + 1, ':') && /^(const|let|var)$/.test(tokens[i - 1]?.text ?? '')) {
        for (let j = i + 2; j < Math.min(tokens.length, i + 40); j++) {
          if (this.is(j, '=')) return j + 1;
          if (this.is(j, ';') || this.is(j, '{') || this.is(j, ')')) break;
        }
      }
    }
    return undefined;
  }

  /**
   * The `{` of the object or composite literal a span is, directly (`{…}`, `&pkg.Type{…}`, `Type{…}`)
   * or through a local name assigned one earlier (then `name` is that name).
   */
  literalOf(span: Span, before: number): { readonly open: number; readonly name?: string } | undefined {
    const open = this.literalAt(span.from);
    if (open !== undefined && this.close(open) === span.to - 1) return { open };
    const only = this.single(span);
    if (only?.kind !== 'ident') return undefined;
    const value = this.valueOf(only.text, before);
    const resolved = value === undefined ? undefined : this.literalAt(value);
    return resolved === undefined ? undefined : { open: resolved, name: only.text };
  }

  /** The `{` of a literal starting at token `from`: `{`, `&pkg.Type{`, `pkg.Type{`, `Type{`, `[]Type{` (Go). */
  private literalAt(from: number): number | undefined {
    let i = from;
    if (this.language === 'go') {
      if (this.is(i, '&')) i++;
      if (this.is(i, '[') && this.close(i) <= i + 2) i = this.close(i) + 1; // a slice or array type: []T{…}
      while (this.tokens[i]?.kind === 'ident' && this.is(i + 1, '.')) i += 2;
      if (this.tokens[i]?.kind === 'ident' && this.is(i + 1, '{')) i++;
    }
    return this.is(i, '{') ? i : undefined;
  }
}

/** How far down the bracket stack a stray closer looks for its opener: keeps hostile inputs linear. */
const MAX_RECOVERY = 8;

function matchBrackets(tokens: readonly Token[]): Int32Array {
  const closeOf = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (OPENERS[token.text] !== undefined) stack.push(i);
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      // A stray closer closes the nearest matching opener; openers it skips stay unclosed.
      let k = stack.length - 1;
      while (k >= 0 && k >= stack.length - MAX_RECOVERY && OPENERS[tokens[stack[k]!]!.text] !== token.text) k--;
      if (k < 0 || k < stack.length - MAX_RECOVERY) continue;
      while (stack.length > k + 1) closeOf[stack.pop()!] = i - 1 >= 0 ? i - 1 : i;
      closeOf[stack.pop()!] = i;
    }
  }
  while (stack.length > 0) closeOf[stack.pop()!] = tokens.length - 1;
  return closeOf;
}
