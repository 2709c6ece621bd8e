/**
 * Tokens of a POSIX/bash command line. Offsets are into the text that was lexed (a shell segment's
 * derived text, see mapped-text.ts); `raw` is that text's slice and `value` what the program receives.
 */

export interface Word {
  readonly kind: 'word';
  readonly start: number;
  readonly end: number;
  readonly raw: string;
  /**
   * The word after quote removal and escape processing. Expansions (`$VAR`, `${…}`, `$(…)`, backticks,
   * `${{ … }}` templates) are kept verbatim: their value is unknown until run time.
   */
  readonly value: string;
  /** Any part of the word was quoted. */
  readonly quoted: boolean;
  /** The word contains an expansion outside single quotes, so its value is not (only) literal. */
  readonly expands: boolean;
  /** The word contains an unquoted expansion, which the shell splits into several words at run time. */
  readonly splits: boolean;
  /** Command lists nested in `$(…)`, backticks or `<(…)`. */
  readonly substitutions: readonly (readonly Token[])[];
  /** `NAME=value` (or `NAME+=value`): where the name ends and the value begins, in `value` and in the text. */
  readonly assignment?: Assignment;
}

export interface Assignment {
  readonly name: string;
  /** Text offset of the first character of the value (just after `=`). */
  readonly valueStart: number;
  /** The value part of `Word.value`. */
  readonly value: string;
  readonly append: boolean;
}

export type OperatorText = ';' | '&&' | '||' | '|' | '|&' | '&' | '\n' | '(' | ')' | ';;' | ';&' | ';;&';

export interface Operator {
  readonly kind: 'op';
  readonly op: OperatorText;
  readonly start: number;
  readonly end: number;
}

export interface Heredoc {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Unquoted delimiter: `$…` expansions happen in the body. */
  readonly expands: boolean;
}

export interface Redirect {
  readonly kind: 'redirect';
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `&>` … */
  readonly op: string;
  readonly start: number;
  readonly end: number;
  /** Here-document body, filled in when the lexer reaches it. */
  heredoc?: Heredoc;
}

export type Token = Word | Operator | Redirect;

export function isWord(token: Token | undefined): token is Word {
  return token?.kind === 'word';
}
