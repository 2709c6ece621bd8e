/**
 * Rule gates: what a file must contain (or be) before a rule is worth running on it. Almost every file in
 * a workspace contains none of the few fixed strings the rules need, so a workspace scan looks for those
 * strings in the raw bytes first and decodes and parses only the files that have one. A gate must be
 * sound: a rule reports nothing on a file its gate turns away. The unit tests check this on every input
 * they scan (see `KEYWARD_AUDIT_RULE_GATES` in scanner.ts).
 */
export interface RuleGate {
  /** The rule can report only on files containing one of these ASCII strings (case-sensitive). */
  readonly anchors?: readonly string[];
  /** ...or on files at these paths, whatever they contain (workflows and manifests it parses). */
  readonly path?: (path: string) => boolean;
  /** ...or on binary files (it reads their leading bytes: keystores). */
  readonly binary?: boolean;
  /**
   * With `path`: of the files at those paths, only those whose text matches (checked once the file is
   * decoded). Lets a rule that parses every workflow skip the parse for workflows that cannot concern it.
   */
  readonly requires?: RegExp;
}

/** The anchors found in one file, by index into an AnchorSet's `anchors`. */
export type AnchorHits = ReadonlySet<number>;

const NO_HITS: AnchorHits = new Set();

/** Anchors shorter than this are searched one by one (Buffer#indexOf): they would leave the shared search no skip. */
const MIN_SHARED_LENGTH = 4;

/**
 * Finds which of a fixed set of ASCII strings occur in a file, in one pass over its bytes. The pass is
 * Wu–Manber with 2-byte blocks: it looks at every few bytes only, so a file without any anchor costs
 * about a memory read. (Calling Buffer#indexOf once per anchor was three times slower on npm packages.)
 *
 * This loop is most of a workspace scan's CPU time, and its speed is bound by latency, not by work: each
 * step's skip is read from a table indexed by the bytes the previous skip reached. So the buffer is searched
 * by two cursors at once, one per half, whose steps do not depend on each other and overlap in the CPU
 * (about 1.3× faster on the benchmark tree; four cursors gained nothing more), and the bytes are read through
 * a plain Uint8Array rather than the Buffer subclass.
 */
export class AnchorSet {
  readonly anchors: readonly string[];
  private readonly encoded: readonly Buffer[];
  private readonly shortIndexes: readonly number[] = [];
  /** Length of the shortest shared anchor: the search window. */
  private readonly window: number = MIN_SHARED_LENGTH;
  /** Safe skip for each 2-byte block ending a window. */
  private readonly shift = new Uint8Array(65536);
  /** Anchors whose window ends with a given 2-byte block (most blocks: none). */
  private readonly candidates: (number[] | undefined)[] = new Array<undefined>(65536);
  private readonly hasShared: boolean = false;

  constructor(anchors: readonly string[]) {
    this.anchors = [...new Set(anchors)];
    for (const anchor of this.anchors) {
      if (!/^[\x20-\x7e]+$/.test(anchor)) throw new Error(`rule gate anchors must be printable ASCII: ${JSON.stringify(anchor)}`);
    }
    this.encoded = this.anchors.map((anchor) => Buffer.from(anchor, 'latin1'));
    const shared = this.anchors.map((_, index) => index).filter((index) => this.anchors[index]!.length >= MIN_SHARED_LENGTH);
    this.shortIndexes = this.anchors.map((_, index) => index).filter((index) => this.anchors[index]!.length < MIN_SHARED_LENGTH);
    if (shared.length === 0) return;
    this.hasShared = true;
    this.window = Math.min(...shared.map((index) => this.anchors[index]!.length));
    const m = this.window;
    this.shift.fill(m - 1);
    for (const index of shared) {
      const bytes = this.encoded[index]!;
      for (let q = 1; q < m; q++) {
        const block = (bytes[q - 1]! << 8) | bytes[q]!;
        this.shift[block] = Math.min(this.shift[block]!, m - 1 - q);
      }
      const last = (bytes[m - 2]! << 8) | bytes[m - 1]!;
      (this.candidates[last] ??= []).push(index);
    }
  }

  /** The anchors present in `bytes` (UTF-8 or any ASCII-compatible encoding). */
  inBytes(bytes: Uint8Array): AnchorHits {
    // Most files have no anchor at all: they share one empty set.
    let hits: Set<number> | undefined;
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const index of this.shortIndexes) if (buffer.indexOf(this.encoded[index]!) !== -1) (hits ??= new Set()).add(index);
    if (!this.hasShared) return hits ?? NO_HITS;
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const n = view.length;
    const shift = this.shift;
    // A window is named by its last byte. Cursor a takes the windows ending before `split`, cursor b the rest;
    // a skip of a's past `split` lands among b's windows, which b searches anyway.
    const split = Math.min(n, (n >> 1) + this.window - 1);
    let a = this.window - 1;
    let b = split;
    while (a < split && b < n) {
      const stepA = shift[(view[a - 1]! << 8) | view[a]!]!;
      const stepB = shift[(view[b - 1]! << 8) | view[b]!]!;
      if (stepA === 0) hits = this.compareCandidates(view, a++, hits);
      else a += stepA;
      if (stepB === 0) hits = this.compareCandidates(view, b++, hits);
      else b += stepB;
    }
    hits = this.searchFrom(view, a, split, hits);
    return this.searchFrom(view, b, n, hits) ?? NO_HITS;
  }

  /** One cursor alone, from window end `from` to `to` (the rest of a half once the other is done). */
  private searchFrom(view: Uint8Array, from: number, to: number, hits: Set<number> | undefined): Set<number> | undefined {
    const shift = this.shift;
    let i = from;
    while (i < to) {
      const step = shift[(view[i - 1]! << 8) | view[i]!]!;
      if (step === 0) hits = this.compareCandidates(view, i++, hits);
      else i += step;
    }
    return hits;
  }

  /** Compares the anchors whose window ends like the window ending at `end`. */
  private compareCandidates(view: Uint8Array, end: number, hits: Set<number> | undefined): Set<number> | undefined {
    const start = end - this.window + 1;
    for (const index of this.candidates[(view[end - 1]! << 8) | view[end]!] ?? []) {
      if (!hits?.has(index) && matchesAt(view, start, this.encoded[index]!)) (hits ??= new Set()).add(index);
    }
    return hits;
  }

  /** The anchors present in decoded text (an editor buffer, a UTF-16 file). */
  inText(text: string): AnchorHits {
    const hits = new Set<number>();
    this.anchors.forEach((anchor, index) => {
      if (text.includes(anchor)) hits.add(index);
    });
    return hits;
  }
}

function matchesAt(bytes: Uint8Array, start: number, anchor: Uint8Array): boolean {
  if (start + anchor.length > bytes.length) return false;
  for (let j = 0; j < anchor.length; j++) if (bytes[start + j] !== anchor[j]) return false;
  return true;
}

/** What is known about one file when its rules are chosen. */
export interface GateInput {
  readonly path: string;
  readonly hits: AnchorHits;
  readonly binary: boolean;
  /** The decoded text, once known: `requires` gates are checked only then. */
  readonly text?: string | undefined;
}

interface GatedRule<R> {
  readonly rule: R;
  readonly gate: RuleGate | undefined;
  readonly anchorIndexes: readonly number[];
}

/**
 * The gates of a rule list, compiled once: one AnchorSet over every rule's anchors, and for each rule
 * the indexes of its own anchors in it.
 */
export class RuleGates<R extends { readonly gate?: RuleGate }> {
  readonly anchors: AnchorSet;
  private readonly gated: readonly GatedRule<R>[];
  /** The rules that can admit a text file without an anchor: no gate, or a path gate. */
  private readonly pathGated: readonly GatedRule<R>[];

  constructor(rules: readonly R[]) {
    this.anchors = new AnchorSet(rules.flatMap((rule) => rule.gate?.anchors ?? []));
    const indexOf = new Map(this.anchors.anchors.map((anchor, index) => [anchor, index]));
    this.gated = rules.map((rule) => ({ rule, gate: rule.gate, anchorIndexes: (rule.gate?.anchors ?? []).map((anchor) => indexOf.get(anchor)!) }));
    this.pathGated = this.gated.filter(({ gate }) => !gate || gate.path);
  }

  /**
   * Whether any rule's gate lets this file through, without building the list: the question asked of every
   * file, nearly always answered no. Without an anchor in a text file only path gates (and rules without a
   * gate) can admit it, so only those are asked.
   */
  admitsAny(input: GateInput): boolean {
    const candidates = !input.binary && input.hits.size === 0 ? this.pathGated : this.gated;
    return candidates.some(({ gate, anchorIndexes }) => admits(gate, anchorIndexes, input));
  }

  /** The rules whose gate lets this file through, in list order. A rule without a gate always runs. */
  select(input: GateInput): R[] {
    return this.gated.filter(({ gate, anchorIndexes }) => admits(gate, anchorIndexes, input)).map(({ rule }) => rule);
  }

  /** The rules a file's gate turned away (for the gate audit). */
  rejected(input: GateInput): R[] {
    return this.gated.filter(({ gate, anchorIndexes }) => !admits(gate, anchorIndexes, input)).map(({ rule }) => rule);
  }
}

function admits(gate: RuleGate | undefined, anchorIndexes: readonly number[], input: GateInput): boolean {
  if (!gate) return true;
  if (gate.binary && input.binary) return true;
  if (gate.path?.(input.path)) return !gate.requires || input.text === undefined || gate.requires.test(input.text);
  return anchorIndexes.some((index) => input.hits.has(index));
}
