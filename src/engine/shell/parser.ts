import { lexShell, type LexOptions } from './lexer';
import type { OperatorText, Redirect, Token, Word } from './tokens';

/**
 * Simple commands of a shell text: the unit the rules reason about. Control structures are flattened
 * (`if cosign verify …; then` yields the `cosign verify …` command), and commands inside `$(…)` and
 * backticks are returned too, after the command that contains them.
 */
export interface SimpleCommand {
  /** Text offset of the first token and just after the last one. */
  readonly start: number;
  readonly end: number;
  /** Leading `NAME=value` words: environment for this command only (or shell variables when alone). */
  readonly assignments: readonly Word[];
  /** The words after the assignments, as written (wrappers such as `sudo` included). */
  readonly args: readonly Word[];
  readonly redirects: readonly RedirectWithTarget[];
  /** Nesting depth: 0 for top-level commands, 1 inside one `$(…)` … */
  readonly depth: number;
  /** The operator just before this command (`|` for the later stages of a pipeline), if any. */
  readonly after?: OperatorText;
}

export interface RedirectWithTarget {
  readonly redirect: Redirect;
  readonly target: Word | undefined;
}

/** Words that start a compound command or a list; the command proper follows them. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Words that close a compound command and are followed by an operator or nothing. */
const CLOSING_KEYWORDS = new Set(['fi', 'done', 'esac', '}']);
/** Constructs whose words up to the next operator are not a command. */
const NON_COMMANDS = new Set(['for', 'select', 'case', 'function', 'in']);

/** Commands of `text`, or of `[start, end)` of it (offsets stay those of `text`). */
export function parseShell(text: string, options: LexOptions = {}, start = 0, end = text.length, depth = 0): SimpleCommand[] {
  return commandsOf(lexShell(text, options, start, end), depth);
}

/** Commands of an already lexed token list (and of its nested substitutions). */
export function commandsOf(tokens: readonly Token[], depth: number): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let current: Token[] = [];
  let after: OperatorText | undefined;
  const flush = (): void => {
    if (current.length > 0) emit(current, depth, after, out);
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'op') {
      flush();
      after = token.op;
    } else current.push(token);
  }
  flush();
  return out;
}

function emit(tokens: readonly Token[], depth: number, after: OperatorText | undefined, out: SimpleCommand[]): void {
  const words: Word[] = [];
  const redirects: RedirectWithTarget[] = [];
  const nested: SimpleCommand[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.kind === 'redirect') {
      const next = tokens[i + 1];
      const target = next?.kind === 'word' ? next : undefined;
      if (target) i++;
      redirects.push({ redirect: token, target });
      if (target) collectNested(target, depth, nested);
      continue;
    }
    if (token.kind === 'word') {
      words.push(token);
      collectNested(token, depth, nested);
    }
  }
  // Leading keywords (`if`, `then`, `!` …) introduce the real command.
  let first = 0;
  while (first < words.length && !words[first]?.quoted && LEADING_KEYWORDS.has(words[first]?.raw ?? '')) first++;
  const rest = words.slice(first);
  const head = rest[0];
  const skip = head !== undefined && !head.quoted && (NON_COMMANDS.has(head.raw) || (CLOSING_KEYWORDS.has(head.raw) && rest.length === 1));
  if (!skip && (rest.length > 0 || redirects.length > 0)) {
    let split = 0;
    while (split < rest.length && rest[split]?.assignment) split++;
    const startToken = rest[0] ?? tokens[0];
    const lastToken = tokens[tokens.length - 1];
    out.push({
      start: startToken?.start ?? 0,
      end: lastToken?.end ?? 0,
      assignments: rest.slice(0, split),
      args: rest.slice(split),
      redirects,
      depth,
      ...(after ? { after } : {}),
    });
  }
  // One push per command, never `push(...list)`: a long command line has more nested commands than a
  // call may take arguments (RangeError).
  for (const command of nested) out.push(command);
}

function collectNested(word: Word, depth: number, out: SimpleCommand[]): void {
  for (const tokens of word.substitutions) for (const command of commandsOf(tokens, depth + 1)) out.push(command);
}
