import type { Assignment, Redirect, Token, Word } from './tokens';
import { ansiC, isBreak, isSpecial, isSpecialInDouble, matchingClose, op, push, readHeredocs, type PendingHeredoc, type WordState } from './lexer-scan';

/**
 * A bash-compatible lexer, precise enough to find flags and their values: quotes ('…', "…", $'…'),
 * backslash escapes and backslash-newline continuations, comments, operators, redirections with
 * here-documents, and expansions kept as opaque parts of words. Command substitutions are lexed
 * recursively so that `SIG=$(cosign sign-blob …)` is seen as a command too.
 *
 * Every loop advances through the input once; nesting deeper than MAX_DEPTH is skipped over as opaque
 * text, so adversarial input (a megabyte of `$(`) costs linear time and bounded stack.
 */
export interface LexOptions {
  /** `{{ … }}` is a template (Taskfile, justfile, goreleaser): one opaque expansion, spaces and all. */
  readonly mustache?: boolean;
  /**
   * Documentation: `<image uri>`, `<file>` are placeholders, one literal stand-in (an expansion), not a
   * redirection that would swallow the next argument (`--bundle <file> --key k` must keep `--key`).
   */
  readonly placeholders?: boolean;
}

const MAX_DEPTH = 24;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = /[0-9@*#?$!-]/;
const ASSIGNMENT = /[A-Za-z_][A-Za-z0-9_]*\+?=/y;
/** `<file>`, `<image uri>`, `<key path>`: a letter first, no blank last, one line, bounded length. */
const PLACEHOLDER = /<[A-Za-z_](?:[\w .:/@=+-]{0,78}[\w.:/@=+-])?>/y;

/** Lexes `text`, or only `[start, end)` of it (offsets stay those of `text`). */
export function lexShell(text: string, options: LexOptions = {}, start = 0, end = text.length): Token[] {
  return new Lexer(text, options).run(start, end, false, 0).tokens;
}

const NO_SUBSTITUTIONS: readonly (readonly Token[])[] = Object.freeze([]);

class Lexer {
  constructor(
    private readonly text: string,
    private readonly options: LexOptions,
  ) {}

  /** Lexes `[start, limit)`. With `inParens`, stops at the `)` that closes a command substitution. */
  run(start: number, limit: number, inParens: boolean, depth: number): { tokens: Token[]; end: number } {
    const text = this.text;
    const tokens: Token[] = [];
    let pending: PendingHeredoc[] | undefined;
    let parens = 0;
    let i = start;
    while (i < limit) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        i++;
      } else if (c === '\\' && this.continuationAt(i, limit) > 0) {
        i += this.continuationAt(i, limit);
      } else if (c === '\n') {
        tokens.push(op('\n', i, i + 1));
        i++;
        if (pending) {
          i = readHeredocs(this.text, pending, i, limit);
          pending = undefined;
        }
      } else if (c === '#') {
        const newline = text.indexOf('\n', i);
        i = newline < 0 || newline > limit ? limit : newline;
      } else if (c === ';') {
        if (text.startsWith(';;&', i)) i = push(tokens, op(';;&', i, i + 3));
        else if (text.startsWith(';;', i)) i = push(tokens, op(';;', i, i + 2));
        else if (text.startsWith(';&', i)) i = push(tokens, op(';&', i, i + 2));
        else i = push(tokens, op(';', i, i + 1));
      } else if (c === '&') {
        if (text.startsWith('&&', i)) i = push(tokens, op('&&', i, i + 2));
        else if (text[i + 1] === '>') i = this.redirect(tokens, (pending ??= []), i, i, limit, depth);
        else i = push(tokens, op('&', i, i + 1));
      } else if (c === '|') {
        if (text.startsWith('||', i)) i = push(tokens, op('||', i, i + 2));
        else if (text.startsWith('|&', i)) i = push(tokens, op('|&', i, i + 2));
        else i = push(tokens, op('|', i, i + 1));
      } else if (c === '(') {
        if (inParens) parens++;
        i = push(tokens, op('(', i, i + 1));
      } else if (c === ')') {
        if (inParens && parens === 0) return { tokens, end: i };
        if (inParens) parens--;
        i = push(tokens, op(')', i, i + 1));
      } else if ((c === '<' || c === '>') && text[i + 1] !== '(' && !(c === '<' && this.placeholderEnd(i, limit) > 0)) {
        i = this.redirect(tokens, (pending ??= []), i, i, limit, depth);
      } else {
        const word = this.word(i, limit, depth);
        if (word.end === i) {
          i++; // unreachable in practice; guarantees progress
          continue;
        }
        const next = text[word.end];
        if (/^[0-9]+$/.test(word.raw) && (next === '<' || next === '>')) {
          i = this.redirect(tokens, (pending ??= []), word.end, word.start, limit, depth);
        } else {
          tokens.push(word);
          i = word.end;
        }
      }
    }
    return { tokens, end: Math.min(i, limit) };
  }

  /**
   * With `placeholders`, the end of a `<name>` / `<image uri>` placeholder at `i`, else 0. A redirection
   * keeps its meaning: `< file`, `<in >out` (the inside would end with a blank), `<<EOF`, `<&3`, `<>`.
   */
  private placeholderEnd(i: number, limit: number): number {
    if (!this.options.placeholders) return 0;
    PLACEHOLDER.lastIndex = i;
    const match = PLACEHOLDER.exec(this.text);
    if (!match) return 0;
    const end = i + match[0].length;
    return end <= limit && this.text[end] !== '>' && this.text[end] !== '&' ? end : 0;
  }

  /** Length of a backslash-newline continuation at `i` (2 or 3 with CRLF), else 0. */
  private continuationAt(i: number, limit: number): number {
    if (this.text[i] !== '\\' || i + 1 >= limit) return 0;
    if (this.text[i + 1] === '\n') return 2;
    if (this.text[i + 1] === '\r' && this.text[i + 2] === '\n' && i + 2 < limit) return 3;
    return 0;
  }

  private redirect(tokens: Token[], pending: PendingHeredoc[], i: number, start: number, limit: number, depth: number): number {
    const text = this.text;
    const ops = ['<<<', '<<-', '&>>', '<<', '>>', '<>', '<&', '>&', '>|', '&>', '<', '>'];
    const found = ops.find((o) => text.startsWith(o, i)) ?? text[i] ?? '>';
    const redirect: Redirect = { kind: 'redirect', op: found, start, end: i + found.length };
    tokens.push(redirect);
    let j = i + found.length;
    if (found === '<<' || found === '<<-') {
      while (j < limit && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j < limit && !isBreak(text[j])) {
        const delimiter = this.word(j, limit, depth);
        tokens.push(delimiter);
        pending.push({ redirect, delimiter: delimiter.value, stripTabs: found === '<<-', expands: !delimiter.quoted });
        j = delimiter.end;
      }
    }
    return j;
  }

  /** One word starting at `i` (which is not a blank or an operator character). */
  private word(i: number, limit: number, depth: number): Word {
    const text = this.text;
    const start = i;
    const state: WordState = { value: '', quoted: false, expands: false, splits: false, substitutions: undefined };
    let assignment: { name: string; valueStart: number; valueIndex: number; append: boolean } | undefined;

    ASSIGNMENT.lastIndex = i;
    const match = ASSIGNMENT.exec(text);
    if (match && i + match[0].length <= limit) {
      const append = match[0].endsWith('+=');
      assignment = { name: match[0].slice(0, append ? -2 : -1), valueStart: i + match[0].length, valueIndex: match[0].length, append };
      state.value = match[0];
      i += match[0].length;
      if (text[i] === '(') {
        // Array assignment: NAME=(a b c).
        const end = matchingClose(this.text, i, limit, '(', ')');
        state.value += text.slice(i, end);
        state.expands = true;
        i = end;
      }
    } else if ((text[i] === '<' || text[i] === '>') && text[i + 1] === '(') {
      i = this.dollarParen(i + 2, limit, depth, state, false, i);
    }

    while (i < limit) {
      const c = text[i] as string;
      const placeholder = c === '<' ? this.placeholderEnd(i, limit) : 0;
      if (placeholder > 0) {
        state.value += text.slice(i, placeholder);
        state.expands = true;
        i = placeholder;
        continue;
      }
      if (isBreak(c)) break;
      if (c === '\\') {
        const continuation = this.continuationAt(i, limit);
        if (continuation > 0) {
          i += continuation;
        } else if (i + 1 < limit) {
          state.value += text[i + 1];
          state.quoted = true;
          i += 2;
        } else {
          state.value += c;
          i++;
        }
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close < 0 || close >= limit ? limit : close;
        state.value += text.slice(i + 1, end);
        state.quoted = true;
        i = Math.min(end + 1, limit);
      } else if (c === '"') {
        state.quoted = true;
        i = this.doubleQuoted(i + 1, limit, depth, state);
      } else {
        i = this.expansionOrRun(i, limit, depth, state, false);
      }
    }

    const word: Word = {
      kind: 'word',
      start,
      end: i,
      raw: text.slice(start, i),
      value: state.value,
      quoted: state.quoted,
      expands: state.expands,
      splits: state.splits,
      substitutions: state.substitutions ?? NO_SUBSTITUTIONS,
    };
    if (!assignment) return word;
    const assigned: Assignment = {
      name: assignment.name,
      valueStart: assignment.valueStart,
      value: state.value.slice(assignment.valueIndex),
      append: assignment.append,
    };
    return { ...word, assignment: assigned };
  }

  /** Inside "…" from `i` (after the opening quote); returns the offset after the closing quote. */
  private doubleQuoted(i: number, limit: number, depth: number, state: WordState): number {
    const text = this.text;
    while (i < limit) {
      const c = text[i] as string;
      if (c === '"') return i + 1;
      if (c === '\\') {
        const continuation = this.continuationAt(i, limit);
        const next = text[i + 1];
        if (continuation > 0) {
          i += continuation;
        } else if (next !== undefined && i + 1 < limit && (next === '$' || next === '`' || next === '"' || next === '\\')) {
          state.value += next;
          i += 2;
        } else {
          state.value += c;
          i++;
        }
      } else {
        i = this.expansionOrRun(i, limit, depth, state, true);
      }
    }
    return limit;
  }

  /**
   * At `i`, outside or inside "…": an expansion (`$…`, a backtick substitution, a `{{ … }}` template), or
   * a run of ordinary characters, appended as one slice (fewer intermediate strings). Returns the offset after it.
   */
  private expansionOrRun(i: number, limit: number, depth: number, state: WordState, inDouble: boolean): number {
    const text = this.text;
    const c = text[i];
    if (c === '$') return this.dollar(i, limit, depth, state, inDouble);
    if (c === '`') return this.backtick(i, limit, depth, state, inDouble);
    if (c === '{' && this.options.mustache && text[i + 1] === '{') return this.template(i, limit, state, inDouble);
    const from = i;
    if (inDouble) while (i < limit && !isSpecialInDouble(text.charCodeAt(i))) i++;
    else while (i < limit && !isSpecial(text.charCodeAt(i))) i++;
    if (i === from) i++;
    state.value += text.slice(from, i);
    return i;
  }

  /** `$…` at `i`: parameter, command, arithmetic, ANSI-C or template expansion. */
  private dollar(i: number, limit: number, depth: number, state: WordState, inDouble: boolean): number {
    const text = this.text;
    const next = text[i + 1];
    if (next === undefined || i + 1 >= limit) {
      state.value += '$';
      return i + 1;
    }
    if (next === "'" && !inDouble) return ansiC(this.text, i + 2, limit, state);
    if (next === '"' && !inDouble) {
      state.quoted = true;
      return this.doubleQuoted(i + 2, limit, depth, state);
    }
    if (next === '{' && text[i + 2] === '{') return this.template(i, limit, state, inDouble);
    if (next === '{') return this.opaque(i, matchingClose(this.text, i + 1, limit, '{', '}'), state, inDouble);
    if (next === '(') {
      if (text[i + 2] === '(') return this.opaque(i, matchingClose(this.text, i + 1, limit, '(', ')'), state, inDouble);
      return this.dollarParen(i + 2, limit, depth, state, inDouble, i);
    }
    if (NAME_START.test(next)) {
      let j = i + 2;
      while (j < limit && NAME_CHAR.test(text[j] as string)) j++;
      return this.opaque(i, j, state, inDouble);
    }
    if (SPECIAL_PARAM.test(next)) return this.opaque(i, i + 2, state, inDouble);
    state.value += '$';
    return i + 1;
  }

  /** `$(` / `<(` / `>(` whose body starts at `bodyStart`; `start` is the `$` (or `<`, `>`). */
  private dollarParen(bodyStart: number, limit: number, depth: number, state: WordState, inDouble: boolean, start: number): number {
    if (depth >= MAX_DEPTH) return this.opaque(start, matchingClose(this.text, bodyStart - 1, limit, '(', ')'), state, inDouble);
    const inner = this.run(bodyStart, limit, true, depth + 1);
    (state.substitutions ??= []).push(inner.tokens);
    const end = inner.end < limit && this.text[inner.end] === ')' ? inner.end + 1 : inner.end;
    return this.opaque(start, end, state, inDouble);
  }

  private backtick(i: number, limit: number, depth: number, state: WordState, inDouble: boolean): number {
    const text = this.text;
    let j = i + 1;
    while (j < limit && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    const close = Math.min(j, limit);
    if (depth < MAX_DEPTH) (state.substitutions ??= []).push(this.run(i + 1, close, false, depth + 1).tokens);
    return this.opaque(i, Math.min(close + 1, limit), state, inDouble);
  }

  /** `${{ … }}` or `{{ … }}`: a CI template, replaced textually before the shell runs. */
  private template(i: number, limit: number, state: WordState, inDouble: boolean): number {
    const close = this.text.indexOf('}}', i + 2);
    const end = close < 0 || close + 2 > limit ? limit : close + 2;
    return this.opaque(i, end, state, inDouble);
  }

  private opaque(start: number, end: number, state: WordState, inDouble: boolean): number {
    state.value += this.text.slice(start, end);
    state.expands = true;
    if (!inDouble) state.splits = true;
    return end;
  }
}
