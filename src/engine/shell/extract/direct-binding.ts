import type { TextRange } from '../../types';

/**
 * An environment-style assignment found outside shell syntax (a Makefile or justfile variable, a
 * Dockerfile `ENV key value`, a YAML `env:` entry). Ranges are offsets in the original file.
 */
export interface DirectBinding {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly valueRange: TextRange;
  /** The value as the program would see it; undefined when it is not a plain string (YAML null, a map …). */
  readonly value: string | undefined;
  /** The value is written out in the file (no `$VAR`, `${{ secrets.X }}`, template or secret reference). */
  readonly literal: boolean;
  /** The whole lines holding only this binding: deleting them removes it cleanly. */
  readonly lineRange?: TextRange;
}
