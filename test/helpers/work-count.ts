/**
 * Deterministic work counts for linear-time tests, without a clock and without instrumenting the code
 * under test: while `countWork` runs a function, the string and regexp built-ins it calls are wrapped
 * and each call adds the characters it must at least have looked at. The quadratic regressions we
 * have had (rescanning a line per finding, slicing to the end of the text in a loop, a regexp restarted
 * from the start) all go through these built-ins, so their count grows with the square of the input.
 *
 * Not counted: characters read by indexing (`text[i]`), and backtracking inside one regexp match (a
 * failing exec counts the characters from its start to the end, not the attempts). Catastrophic
 * backtracking is measured by CPU time in bench/hostile-keys.mjs instead.
 */
import { strict as assert } from 'node:assert';

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Cost = (self: string, args: unknown[], result: unknown) => number;

const ORIGINAL_INDEX_OF = String.prototype.indexOf;
const len = (value: unknown): number => (typeof value === 'string' ? value.length : 0);
const int = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback);

/** What each wrapped String method must at least read or copy. Methods given a RegExp cost nothing here: the exec they call counts. */
const STRING_COSTS: Record<string, Cost> = {
  indexOf: (s, [search, from], found) => {
    const start = Math.max(0, int(from, 0));
    return (found as number) < 0 ? s.length - start + 1 : (found as number) - start + len(search) + 1;
  },
  includes: (s, [search, from]) => {
    const start = Math.max(0, int(from, 0));
    const found = Reflect.apply(ORIGINAL_INDEX_OF, s, [search, start]) as number;
    return found < 0 ? s.length - start + 1 : found - start + len(search) + 1;
  },
  lastIndexOf: (s, [search, from], found) => {
    const start = Math.min(s.length, Math.max(0, int(from, s.length)));
    return (found as number) < 0 ? start + 1 : start - (found as number) + len(search) + 1;
  },
  startsWith: (_s, [search]) => len(search) + 1,
  endsWith: (_s, [search]) => len(search) + 1,
  slice: (_s, _args, result) => len(result) + 1,
  substring: (_s, _args, result) => len(result) + 1,
  substr: (_s, _args, result) => len(result) + 1,
  trim: (s, _args, result) => s.length - len(result) + 1,
  trimStart: (s, _args, result) => s.length - len(result) + 1,
  trimEnd: (s, _args, result) => s.length - len(result) + 1,
  toLowerCase: (s) => s.length + 1,
  toUpperCase: (s) => s.length + 1,
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  split: (s, [separator]) => (separator instanceof RegExp ? 0 : s.length + 1),
  replace: (s, [pattern]) => (pattern instanceof RegExp ? 0 : s.length + 1),
  replaceAll: (s, [pattern]) => (pattern instanceof RegExp ? 0 : s.length + 1),
};

/** A match looked at least from where it started to its end; a failure from its start to the end of the input (one position when sticky). */
function execCost(regexp: RegExp, input: string, start: number, match: RegExpExecArray | null): number {
  if (match) return match.index + match[0].length - start + 1;
  return regexp.sticky ? 1 : input.length - start + 1;
}

/** Runs `run` and returns the characters the string and regexp built-ins it called looked at. Synchronous code only. */
export function countWork(run: () => unknown): number {
  let count = 0;
  const proto = String.prototype as unknown as Record<string, Method>;
  const saved = new Map<string, Method>();
  for (const [name, cost] of Object.entries(STRING_COSTS)) {
    const original = proto[name] as Method;
    saved.set(name, original);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const result = Reflect.apply(original, this, args);
      count += cost(String(this), args, result);
      return result;
    };
  }
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const text = String(input);
    const start = this.global || this.sticky ? this.lastIndex : 0;
    const match = Reflect.apply(exec, this, [input]) as RegExpExecArray | null;
    count += execCost(this, text, start, match);
    return match;
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
    for (const [name, original] of saved) proto[name] = original;
  }
  return count;
}

/**
 * Asserts that the work on an input of size 4n is at most 4.5 times the work on size n (or on n itself
 * when the code reads less than its input, e.g. stops at the first character that cannot start a key).
 * A quadratic path makes it about 16 times. `input(size)` builds the input (outside the count), `run`
 * processes it. The run on a small input first leaves lazy initialisation out of the counts.
 */
export function assertLinearWork<T>(label: string, input: (size: number) => T, run: (input: T) => unknown, size = 32 * 1024): void {
  const [warmUp, smallInput, largeInput] = [input(Math.max(64, size / 16)), input(size), input(4 * size)];
  countWork(() => run(warmUp));
  const small = countWork(() => run(smallInput));
  const large = countWork(() => run(largeInput));
  assert.ok(
    large <= 4.5 * Math.max(small, size),
    `${label}: ${large} characters of work on ${4 * size} bytes, ${(large / small).toFixed(1)} times the work on ${size} bytes`,
  );
}

/** Whole copies of `unit`, about `size` characters (whole, so that a JSON or shell unit stays well formed). */
export function fill(unit: string, size: number): string {
  return unit.repeat(Math.max(1, Math.round(size / unit.length)));
}
