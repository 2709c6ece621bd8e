import type { TextRange } from '../types';

/** Work done by {@link WordIndex} lookups: positions examined one by one. Tests read it to prove the cost does not grow with the file. */
export interface WordIndexCounter {
  examined: number;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * Where a few names occur in a text, indexed once, so that "is `NAME` still a whole word somewhere once
 * these ranges are blanked out?" costs a binary search per range instead of a copy and a regexp scan of
 * the whole file. The answer is the one `/\bNAME\b/` gives on the text with the ranges replaced by
 * spaces: a blanked neighbour counts as a word boundary.
 */
export class WordIndex {
  private readonly occurrences = new Map<string, { readonly at: number[]; readonly boundedBefore: number[] }>();

  constructor(
    private readonly text: string,
    names: Iterable<string>,
    private readonly counter?: WordIndexCounter,
  ) {
    for (const name of names) {
      if (name === '' || this.occurrences.has(name)) continue;
      const at: number[] = [];
      // boundedBefore[i]: how many of the first i occurrences are whole words in the unblanked text.
      const boundedBefore = [0];
      for (let p = text.indexOf(name); p >= 0; p = text.indexOf(name, p + name.length)) {
        at.push(p);
        boundedBefore.push((boundedBefore[boundedBefore.length - 1] as number) + (this.boundary(p - 1) && this.boundary(p + name.length) ? 1 : 0));
      }
      this.occurrences.set(name, { at, boundedBefore });
    }
  }

  /** Whether `name` (one of the indexed names) occurs as a whole word outside `blanked`. */
  mentionedOutside(name: string, blanked: readonly TextRange[]): boolean {
    const index = this.occurrences.get(name);
    if (!index) throw new Error(`${name} is not indexed`);
    const { at, boundedBefore } = index;
    const ranges = mergeRanges(blanked);
    // Occurrences within one character of a blanked range may change; the others keep their original verdict.
    const windows = mergeRanges(ranges.map((r) => ({ start: r.start - name.length, end: r.end + 1 })));
    let untouchedBounded = boundedBefore[at.length] as number;
    const touched: number[] = [];
    for (const window of windows) {
      const first = lowerBound(at, window.start);
      const last = lowerBound(at, window.end);
      untouchedBounded -= (boundedBefore[last] as number) - (boundedBefore[first] as number);
      for (let i = first; i < last; i++) touched.push(at[i] as number);
    }
    if (untouchedBounded > 0) return true;
    return touched.some((p) => {
      if (this.counter) this.counter.examined++;
      if (ranges.some((r) => r.start < p + name.length && p < r.end)) return false;
      const blank = (x: number): boolean => ranges.some((r) => r.start <= x && x < r.end);
      return (blank(p - 1) || this.boundary(p - 1)) && (blank(p + name.length) || this.boundary(p + name.length));
    });
  }

  /** True when position `x` is outside the text or holds a non-word character. */
  private boundary(x: number): boolean {
    return x < 0 || x >= this.text.length || !WORD.test(this.text[x] as string);
  }
}

/** Sorted, overlapping or touching ranges merged; empty ranges dropped. */
function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The first index of sorted `values` whose value is at least `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
