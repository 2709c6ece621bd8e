/**
 * A small JSON parser that keeps source offsets, for rules that must point at one object inside a file
 * (a JWK inside a JWKS, a JSON object inside a YAML value or a string literal). JSON.parse cannot say
 * where a value came from.
 *
 * Two modes: plain JSON text, and JSON that sits inside a string literal with its quotes escaped
 * (`"{\"kty\":\"EC\",…}"`), where `\"` is the quote and `\n`, `\r`, `\t` escapes count as whitespace.
 * Linear in the text it reads; nesting deeper than `maxDepth` fails instead of recursing further.
 * Lenient where real files are: a trailing comma before `}` or `]` is accepted.
 */

interface Span {
  /** Offset of the first character (`{`, `[`, the opening quote …). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export interface JsonObjectNode extends Span {
  readonly kind: 'object';
  /** Members in source order, repeated names included (JSON.parse keeps the last one). */
  readonly members: readonly (readonly [string, JsonNode])[];
}

export interface JsonArrayNode extends Span {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
}

export interface JsonStringNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}

/** Numbers, booleans and null: their values are not needed. */
export interface JsonScalarNode extends Span {
  readonly kind: 'scalar';
}

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonStringNode | JsonScalarNode;

export interface JsonSpanOptions {
  /** The JSON sits inside a string literal with escaped quotes. */
  readonly escaped?: boolean;
  readonly maxDepth?: number;
}

/** Parses the one JSON value that starts at `start` (after optional whitespace); undefined on a syntax error. */
export function parseJsonAt(text: string, start: number, options: JsonSpanOptions = {}): JsonNode | undefined {
  return new Parser(text, start, options.escaped ?? false, options.maxDepth ?? 64).value(0);
}

/** Every object in the tree, outermost first. Iterative, so deep trees cannot overflow the stack. */
export function* objectsIn(root: JsonNode): Generator<JsonObjectNode> {
  const pending: JsonNode[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind === 'object') {
      yield node;
      for (let i = node.members.length - 1; i >= 0; i--) pending.push((node.members[i] as readonly [string, JsonNode])[1]);
    } else if (node.kind === 'array') {
      for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i] as JsonNode);
    }
  }
}

const SCALAR_CHAR = /[-+.0-9A-Za-z]/;
const NEEDS_SLOW_PATH = /[\\\x00-\x1f]/;

class Parser {
  constructor(
    private readonly text: string,
    private pos: number,
    private readonly escaped: boolean,
    private readonly maxDepth: number,
  ) {}

  value(depth: number): JsonNode | undefined {
    this.skipWhitespace();
    const char = this.text[this.pos];
    if (char === '{') return this.object(depth + 1);
    if (char === '[') return this.array(depth + 1);
    if (this.atQuote()) return this.string();
    return this.scalar();
  }

  private object(depth: number): JsonObjectNode | undefined {
    if (depth > this.maxDepth) return undefined;
    const start = this.pos++;
    const members: [string, JsonNode][] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') return { kind: 'object', start, end: ++this.pos, members };
    for (;;) {
      this.skipWhitespace();
      if (!this.atQuote()) return undefined;
      const name = this.string();
      if (name === undefined) return undefined;
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') return undefined;
      this.pos++;
      const member = this.value(depth);
      if (member === undefined) return undefined;
      members.push([name.value, member]);
      const after = this.afterElement('}');
      if (after !== 'next') return after === 'close' ? { kind: 'object', start, end: this.pos, members } : undefined;
    }
  }

  private array(depth: number): JsonArrayNode | undefined {
    if (depth > this.maxDepth) return undefined;
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') return { kind: 'array', start, end: ++this.pos, items };
    for (;;) {
      const item = this.value(depth);
      if (item === undefined) return undefined;
      items.push(item);
      const after = this.afterElement(']');
      if (after !== 'next') return after === 'close' ? { kind: 'array', start, end: this.pos, items } : undefined;
    }
  }

  /**
   * After a member or item: 'close' past `closer` (a trailing comma before it is accepted), 'next' past a
   * comma, undefined when neither follows.
   */
  private afterElement(closer: '}' | ']'): 'close' | 'next' | undefined {
    this.skipWhitespace();
    const next = this.text[this.pos++];
    if (next === closer) return 'close';
    if (next !== ',') return undefined;
    this.skipWhitespace();
    if (this.text[this.pos] !== closer) return 'next';
    this.pos++;
    return 'close';
  }

  private string(): JsonStringNode | undefined {
    return this.escaped ? this.escapedString() : this.plainString();
  }

  private plainString(): JsonStringNode | undefined {
    const start = this.pos++;
    // Fast path: no escapes before the closing quote (every key and base64url value in a JWK).
    const close = this.text.indexOf('"', this.pos);
    if (close >= 0) {
      const raw = this.text.slice(this.pos, close);
      if (!NEEDS_SLOW_PATH.test(raw)) {
        this.pos = close + 1;
        return { kind: 'string', start, end: this.pos, value: raw };
      }
    }
    let value = '';
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined || char < ' ') return undefined;
      if (char === '"') return { kind: 'string', start, end: ++this.pos, value };
      if (char !== '\\') {
        // Copy the run up to the next quote or backslash in one slice.
        let runEnd = this.pos + 1;
        while (runEnd < this.text.length) {
          const c = this.text[runEnd] ?? '';
          if (c === '"' || c === '\\' || c < ' ') break;
          runEnd++;
        }
        value += this.text.slice(this.pos, runEnd);
        this.pos = runEnd;
        continue;
      }
      const escape = this.text[this.pos + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        value += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES[escape];
      if (simple === undefined) return undefined;
      value += simple;
      this.pos += 2;
    }
  }

  /** Inside an escaped string literal: `\"` closes, `\\` is a backslash of the inner JSON (and `\\\"` an inner escaped quote). */
  private escapedString(): JsonStringNode | undefined {
    const start = this.pos;
    this.pos += 2;
    let value = '';
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined || char === '\n' || char === '\r') return undefined;
      if (char === '\\') {
        const next = this.text[this.pos + 1];
        if (next === '"') {
          this.pos += 2;
          return { kind: 'string', start, end: this.pos, value };
        }
        if (next === '\\') {
          this.pos += 2;
          if (this.text.startsWith('\\"', this.pos)) {
            value += '"';
            this.pos += 2;
          } else {
            value += '\\';
          }
          continue;
        }
      }
      value += char;
      this.pos++;
    }
  }

  private scalar(): JsonScalarNode | undefined {
    const start = this.pos;
    while (this.pos < this.text.length && SCALAR_CHAR.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === start) return undefined;
    const token = this.text.slice(start, this.pos);
    if (token !== 'true' && token !== 'false' && token !== 'null' && !/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(token)) return undefined;
    return { kind: 'scalar', start, end: this.pos };
  }

  private atQuote(): boolean {
    return this.escaped ? this.text.startsWith('\\"', this.pos) : this.text[this.pos] === '"';
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
        this.pos++;
      } else if (this.escaped && char === '\\' && (this.text[this.pos + 1] === 'n' || this.text[this.pos + 1] === 'r' || this.text[this.pos + 1] === 't')) {
        this.pos += 2;
      } else {
        return;
      }
    }
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
