/**
 * A small tokenizer for the languages teams verify Sigstore bundles in (JavaScript/TypeScript, Go,
 * Python, Java). It exists so that comments and string contents can never look like code: the matchers
 * in this folder see identifiers, punctuation and whole string literals only. It is deliberately not a
 * parser (the TypeScript compiler is 9 MB and knows one language): brackets are matched afterwards, and
 * everything is linear in the file size, whatever the input (unterminated strings and comments end at
 * the end of the file).
 */

export type Language = 'js' | 'go' | 'python' | 'java';

export interface Token {
  readonly kind: 'ident' | 'string' | 'number' | 'punct' | 'regexp';
  /** The source text of the token. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Strings: the literal's value (common escapes decoded). Regexp literals: the pattern. */
  readonly value?: string;
}

const EXTENSIONS: Readonly<Record<string, Language>> = {
  js: 'js',
  mjs: 'js',
  cjs: 'js',
  jsx: 'js',
  ts: 'js',
  mts: 'js',
  cts: 'js',
  tsx: 'js',
  go: 'go',
  py: 'python',
  pyi: 'python',
  java: 'java',
};

export function languageOf(path: string): Language | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || path.endsWith('.d.ts')) return undefined;
  return EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[\w$\u0080-\uffff]/;
const TWO_CHAR = new Set([':=', '==', '!=', '<=', '>=', '=>', '&&', '||', '**', '?.', '::']);
/** After these keywords a `/` starts a regexp literal in JavaScript, not a division. */
const REGEXP_AFTER_KEYWORD = new Set(['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await', 'else', 'do']);

export function tokenize(text: string, language: Language): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number, value?: string): void => {
    tokens.push({ kind, text: text.slice(start, end), start, end, ...(value === undefined ? {} : { value }) });
  };
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (language === 'python' ? c === '#' : c === '/' && next === '/') {
      i = lineEnd(text, i);
      continue;
    }
    if (language !== 'python' && c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      if (language === 'python' && j - i <= 2 && (text[j] === '"' || text[j] === "'") && /^[rRbBuUfF]+$/.test(text.slice(i, j))) {
        const end = pythonString(text, j);
        push('string', i, end, decode(text.slice(j, end), !/[rR]/.test(text.slice(i, j))));
        i = end;
        continue;
      }
      push('ident', i, j);
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j]!)) j++;
      push('number', i, j);
      i = j;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = language === 'python' ? pythonString(text, i) : stringEnd(text, i, language);
      push('string', i, end, decode(text.slice(i, end), language !== 'go' || c !== '`'));
      i = end;
      continue;
    }
    if (language === 'js' && c === '/' && regexpAllowed(tokens[tokens.length - 1])) {
      const end = regexpEnd(text, i);
      if (end > 0) {
        let j = end;
        while (j < n && /[a-z]/.test(text[j]!)) j++;
        push('regexp', i, j, text.slice(i + 1, end - 1));
        i = j;
        continue;
      }
    }
    const pair = text.slice(i, i + 2);
    const width = TWO_CHAR.has(pair) ? ((pair === '==' || pair === '!=') && text[i + 2] === '=' ? 3 : 2) : 1;
    push('punct', i, i + width);
    i += width;
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** End of a quoted literal starting at `start` (after the closing quote). */
function stringEnd(text: string, start: number, language: Language): number {
  const quote = text[start]!;
  if (language === 'java' && text.startsWith('"""', start)) return tripleEnd(text, start, '"""', true);
  if (quote === '`' && language === 'js') return templateEnd(text, start);
  const raw = quote === '`';
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\' && !raw) j++;
    else if (c === quote) return j + 1;
    else if (c === '\n' && !raw) return j;
  }
  return text.length;
}

function tripleEnd(text: string, start: number, quotes: string, escapes: boolean): number {
  for (let j = start + 3; j < text.length; j++) {
    if (text[j] === '\\' && escapes) j++;
    else if (text.startsWith(quotes, j)) return j + 3;
  }
  return text.length;
}

/**
 * A template literal, `${…}` substitutions included: their code is skipped with a brace counter that
 * steps over nested quotes and templates (iteratively, so deep nesting cannot overflow the stack).
 */
function templateEnd(text: string, start: number): number {
  const stack: number[] = []; // brace depth inside each open substitution
  let inTemplate = true;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (inTemplate) {
      if (c === '\\') j++;
      else if (c === '`') {
        if (stack.length === 0) return j + 1;
        inTemplate = false;
      } else if (c === '$' && text[j + 1] === '{') {
        stack.push(0);
        inTemplate = false;
        j++;
      }
      continue;
    }
    if (c === '`') inTemplate = true;
    else if (c === '"' || c === "'") j = stringEnd(text, j, 'js') - 1;
    else if (c === '{') stack[stack.length - 1]!++;
    else if (c === '}') {
      if (stack[stack.length - 1] === 0) {
        stack.pop();
        inTemplate = true;
      } else stack[stack.length - 1]!--;
    }
  }
  return text.length;
}

function pythonString(text: string, quoteAt: number): number {
  const quote = text[quoteAt]!;
  const triple = quote.repeat(3);
  if (text.startsWith(triple, quoteAt)) return tripleEnd(text, quoteAt, triple, true);
  for (let j = quoteAt + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\')
      j++; // even in a raw string, \" does not end it
    else if (c === quote) return j + 1;
    else if (c === '\n') return j;
  }
  return text.length;
}

function regexpAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'ident') return REGEXP_AFTER_KEYWORD.has(previous.text);
  if (previous.kind === 'punct') return !/^[)\]}]$/.test(previous.text);
  return false;
}

/** End (after the closing `/`) of a regexp literal at `start`, or -1 when the line ends first. */
function regexpEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return j + 1;
  }
  return -1;
}

/** The value of a string literal (quotes and prefixes removed, common escapes decoded). */
function decode(literal: string, escapes: boolean): string {
  const body = literal.replace(/^[rRbBuUfF]*("""|'''|"|'|`)/, '').replace(/("""|'''|"|'|`)$/, '');
  if (!escapes) return body;
  return body.replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}
