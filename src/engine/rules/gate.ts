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

/** Shorter anchors are searched one by one: they would shrink every skip of the multi-string search. */
const MIN_SHARED_LENGTH = 6;

/**
 * Finds which of a fixed set of ASCII strings occur in a file, in one pass over its bytes. The pass is
 * Wu–Manber with 2-byte blocks: it looks at every few bytes only, so a file without any anchor costs
 * about a memory read. (Calling Buffer#indexOf once per anchor was three times slower on npm packages.)
 */
export class AnchorSet {
  readonly anchors: readonly string[];
  private readonly encoded: readonly Buffer[];
  private readonly shortIndexes: readonly number[] = [];
  /** Length of the shortest shared anchor: the search window. */
  private readonly window: number = MIN_SHARED_LENGTH;
  /** Safe skip for each 2-byte block ending a window. */
  private readonly shift = new Uint8Array(65536);
  /** Anchors whose window ends with a given 2-byte block. */
  private readonly candidates = new Map<number, number[]>();

  constructor(anchors: readonly string[]) {
    this.anchors = [...new Set(anchors)];
    for (const anchor of this.anchors) {
      if (!/^[\x20-\x7e]+$/.test(anchor)) throw new Error(`rule gate anchors must be printable ASCII: ${JSON.stringify(anchor)}`);
    }
    this.encoded = this.anchors.map((anchor) => Buffer.from(anchor, 'latin1'));
    const shared = this.anchors.map((_, index) => index).filter((index) => this.anchors[index]!.length >= MIN_SHARED_LENGTH);
    this.shortIndexes = this.anchors.map((_, index) => index).filter((index) => this.anchors[index]!.length < MIN_SHARED_LENGTH);
    if (shared.length === 0) return;
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
      const list = this.candidates.get(last);
      if (list) list.push(index);
      else this.candidates.set(last, [index]);
    }
  }

  /** The anchors present in `bytes` (UTF-8 or any ASCII-compatible encoding). */
  inBytes(bytes: Uint8Array): AnchorHits {
    // Most files have no anchor at all: they share one empty set.
    let hits: Set<number> | undefined;
    const add = (index: number): void => {
      (hits ??= new Set()).add(index);
    };
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const index of this.shortIndexes) if (buffer.indexOf(this.encoded[index]!) !== -1) add(index);
    if (this.candidates.size === 0) return hits ?? NO_HITS;
    const m = this.window;
    const n = buffer.length;
    const shift = this.shift;
    let i = m - 1;
    while (i < n) {
      const block = (buffer[i - 1]! << 8) | buffer[i]!;
      const step = shift[block]!;
      if (step !== 0) {
        i += step;
        continue;
      }
      const start = i - m + 1;
      for (const index of this.candidates.get(block) ?? []) {
        if (!hits?.has(index) && matchesAt(buffer, start, this.encoded[index]!)) add(index);
      }
      i++;
    }
    return hits ?? NO_HITS;
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

function matchesAt(buffer: Buffer, start: number, anchor: Buffer): boolean {
  if (start + anchor.length > buffer.length) return false;
  for (let j = 0; j < anchor.length; j++) if (buffer[start + j] !== anchor[j]) return false;
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
