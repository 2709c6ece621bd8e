import { MappedTextBuilder, type MappedText } from '../mapped-text';

/**
 * A small JSON reader that keeps source offsets (JSON.parse forgets them). Only what the shell
 * extractors need: objects, arrays and strings with their ranges; other values are skipped over.
 * Iterative, so a deeply nested adversarial file cannot exhaust the stack.
 */
export type JsonNode = JsonObject | JsonArray | JsonString | JsonOther;

export interface JsonObject {
  readonly type: 'object';
  readonly start: number;
  readonly end: number;
  readonly entries: { readonly key: JsonString; readonly value: JsonNode }[];
}
export interface JsonArray {
  readonly type: 'array';
  readonly start: number;
  readonly end: number;
  readonly items: JsonNode[];
}
export interface JsonString {
  readonly type: 'string';
  /** Offset of the opening quote and just after the closing quote. */
  readonly start: number;
  readonly end: number;
}
export interface JsonOther {
  readonly type: 'other';
  readonly start: number;
  readonly end: number;
}

class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

/** Parses `text` from `start`; returns undefined when it is not valid JSON. */
export function parseJsonRanges(text: string, start = 0, end = text.length): JsonNode | undefined {
  try {
    const reader = new Reader(text, end);
    const { node, next } = reader.value(reader.skip(start));
    return reader.skip(next) === end ? node : undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

/** The decoded content of a JSON string, mapped back to its characters in the source. */
export function mapJsonString(text: string, node: JsonString): MappedText {
  const builder = new MappedTextBuilder();
  const end = node.end - 1;
  let run = node.start + 1;
  let i = run;
  const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  while (i < end) {
    if (text[i] !== '\\') {
      i++;
      continue;
    }
    builder.copy(text, run, i);
    const e = text[i + 1] ?? '';
    if (e === 'u') {
      builder.atom(String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
      i += 6;
    } else {
      builder.atom(simple[e] ?? e, i, i + 2);
      i += 2;
    }
    run = i;
  }
  builder.copy(text, run, end);
  return builder.build();
}

interface Frame {
  readonly node: JsonObject | JsonArray;
  pendingKey?: JsonString;
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly end: number,
  ) {}

  skip(i: number): number {
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    return i;
  }

  value(i: number): { node: JsonNode; next: number } {
    const stack: Frame[] = [];
    let result: JsonNode | undefined;
    let next = i;
    const attach = (node: JsonNode): void => {
      const top = stack[stack.length - 1];
      if (!top) result = node;
      else if (top.node.type === 'array') top.node.items.push(node);
      else if (top.pendingKey) {
        top.node.entries.push({ key: top.pendingKey, value: node });
        delete top.pendingKey;
      } else throw new JsonSyntaxError('value without key');
    };
    for (;;) {
      i = this.skip(i);
      const c = this.text[i];
      const top = stack[stack.length - 1];
      if (top && (c === '}' || c === ']')) {
        if ((c === '}') !== (top.node.type === 'object')) throw new JsonSyntaxError('mismatched bracket');
        stack.pop();
        (top.node as { end: number }).end = i + 1;
        i++;
        if (stack.length === 0) {
          next = i;
          break;
        }
        i = this.afterValue(i, stack);
        continue;
      }
      if (top?.node.type === 'object' && !top.pendingKey) {
        if (c !== '"') throw new JsonSyntaxError('expected key');
        const key = this.string(i);
        i = this.skip(key.end);
        if (this.text[i] !== ':') throw new JsonSyntaxError('expected colon');
        top.pendingKey = key;
        i++;
        continue;
      }
      if (c === '{' || c === '[') {
        const node: JsonObject | JsonArray = c === '{' ? { type: 'object', start: i, end: i, entries: [] } : { type: 'array', start: i, end: i, items: [] };
        attach(node);
        stack.push({ node });
        i++;
        continue;
      }
      const leaf = c === '"' ? this.string(i) : this.other(i);
      attach(leaf);
      i = leaf.end;
      if (stack.length === 0) {
        next = i;
        break;
      }
      i = this.afterValue(i, stack);
    }
    if (!result) throw new JsonSyntaxError('empty');
    return { node: result, next };
  }

  /** After a value inside a container: a comma (then another value) or the closing bracket. */
  private afterValue(i: number, stack: readonly Frame[]): number {
    i = this.skip(i);
    const c = this.text[i];
    if (c === ',') {
      const after = this.skip(i + 1);
      const closing = this.text[after];
      if (closing === '}' || closing === ']') throw new JsonSyntaxError('trailing comma');
      return i + 1;
    }
    const top = stack[stack.length - 1];
    if ((c === '}' && top?.node.type === 'object') || (c === ']' && top?.node.type === 'array')) return i;
    throw new JsonSyntaxError('expected comma');
  }

  private string(i: number): JsonString {
    let j = i + 1;
    while (j < this.end) {
      const c = this.text[j];
      if (c === '"') return { type: 'string', start: i, end: j + 1 };
      if (c === '\\') j += 2;
      else if (c === '\n') throw new JsonSyntaxError('newline in string');
      else j++;
    }
    throw new JsonSyntaxError('unterminated string');
  }

  private other(i: number): JsonOther {
    const match = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    match.lastIndex = i;
    const found = match.exec(this.text);
    if (!found || i + found[0].length > this.end) throw new JsonSyntaxError('unexpected token');
    return { type: 'other', start: i, end: i + found[0].length };
  }
}
