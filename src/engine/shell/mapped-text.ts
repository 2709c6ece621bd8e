import type { TextRange } from '../types';

/**
 * Text derived from a file (a YAML block scalar without its indentation, a JSON string with its escapes
 * decoded, a Makefile recipe with `$$` turned into `$` …) together with the way back: every character of
 * the derived text knows the span of the original file it came from. Rules parse the derived text, but
 * findings and fixes must point into the original file, so every range goes through `toOriginal`.
 *
 * The map is a list of pieces. An identity piece copies a run of the original one to one; an atomic piece
 * stands for an escape (`\"` → `"`, `$$` → `$`, `\u00e9` → `é`): its characters map to the whole escape.
 */
export interface MappedText {
  readonly text: string;
  /** Original offset of the start of the character at `offset` (or of the end of the text). */
  originalStart(offset: number): number;
  /** Original offset just after the character before `offset`. */
  originalEnd(offset: number): number;
  /**
   * Maps a derived range to the original: from where its first character starts to where the character
   * after it starts. A non-empty range that runs from a line start to a line start covers whole lines of
   * the original too, including any indentation the derivation dropped, so deleting it deletes whole lines.
   */
  toOriginal(range: TextRange): TextRange;
}

interface Piece {
  /** Start in the derived text. */
  readonly at: number;
  readonly length: number;
  readonly origStart: number;
  readonly origEnd: number;
  readonly identity: boolean;
}

export class MappedTextBuilder {
  private readonly chunks: string[] = [];
  private readonly pieces: Piece[] = [];
  private length = 0;

  /** Copies `original.slice(start, end)` one to one. */
  copy(original: string, start: number, end: number): this {
    if (end <= start) return this;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.identity && last.origEnd === start && last.at + last.length === this.length) {
      this.pieces[this.pieces.length - 1] = { ...last, length: last.length + (end - start), origEnd: end };
    } else {
      this.pieces.push({ at: this.length, length: end - start, origStart: start, origEnd: end, identity: true });
    }
    this.chunks.push(original.slice(start, end));
    this.length += end - start;
    return this;
  }

  /** Appends `text` that stands, as a whole, for the original span `[origStart, origEnd)`. */
  atom(text: string, origStart: number, origEnd: number): this {
    if (text.length === 0) return this;
    this.pieces.push({ at: this.length, length: text.length, origStart, origEnd, identity: false });
    this.chunks.push(text);
    this.length += text.length;
    return this;
  }

  build(): MappedText {
    return new PieceMappedText(this.chunks.join(''), this.pieces);
  }
}

/** A mapped text that is a plain slice of the original (shell scripts, Dockerfile RUN lines …). */
export function sliceOf(original: string, start: number, end: number): MappedText {
  return new MappedTextBuilder().copy(original, start, end).build();
}

class PieceMappedText implements MappedText {
  constructor(
    readonly text: string,
    private readonly pieces: readonly Piece[],
  ) {}

  originalStart(offset: number): number {
    const piece = this.pieceAt(offset);
    if (!piece) return this.endOfAll();
    return piece.identity ? piece.origStart + (offset - piece.at) : piece.origStart;
  }

  originalEnd(offset: number): number {
    if (offset <= 0) return this.pieces[0]?.origStart ?? 0;
    const piece = this.pieceAt(offset - 1);
    if (!piece) return this.endOfAll();
    return piece.identity ? piece.origStart + (offset - piece.at) : piece.origEnd;
  }

  toOriginal(range: TextRange): TextRange {
    if (range.end <= range.start) {
      const at = this.originalStart(range.start);
      return { start: at, end: at };
    }
    const wholeLines = range.start > 0 && this.text.charCodeAt(range.start - 1) === 10 && this.text.charCodeAt(range.end - 1) === 10;
    if (wholeLines) return { start: this.originalEnd(range.start), end: this.originalEnd(range.end) };
    // Otherwise the range runs up to where the next character starts, so source text the derivation
    // dropped in between (a folded line break and the next line's indentation) goes with it.
    return { start: this.originalStart(range.start), end: this.originalStart(range.end) };
  }

  private endOfAll(): number {
    return this.pieces[this.pieces.length - 1]?.origEnd ?? 0;
  }

  private pieceAt(offset: number): Piece | undefined {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const piece = this.pieces[mid];
      if (!piece) break;
      if (offset < piece.at) hi = mid - 1;
      else if (offset >= piece.at + piece.length) lo = mid + 1;
      else return piece;
    }
    return undefined;
  }
}
