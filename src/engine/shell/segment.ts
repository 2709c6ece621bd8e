import type { TextRange } from '../types';
import type { LexOptions } from './lexer';
import type { MappedText } from './mapped-text';
import type { Word } from './tokens';

/** The kind of file (or part of a file) a piece of shell text was found in. */
export type ShellHost =
  | 'shell-script'
  | 'env-file'
  | 'makefile'
  | 'dockerfile'
  | 'justfile'
  | 'taskfile'
  | 'package-json'
  | 'github-actions'
  | 'gitlab-ci'
  | 'tekton'
  | 'argo'
  | 'yaml'
  | 'markdown';

/**
 * Shell text found in a file, with the map back to the file's own offsets. Segments are what the
 * command-line rules read; they never see the carrier syntax (YAML indentation, JSON escapes, `$$`).
 */
export interface ShellSegment {
  readonly host: ShellHost;
  /** Documentation (Markdown code blocks, `.env.example`): findings there are information only. */
  readonly documentation: boolean;
  readonly source: MappedText;
  readonly lexOptions: LexOptions;
  /**
   * `shell`: the text is a shell script. `json-argv` / `yaml-argv`: a program and its arguments run
   * without a shell (Dockerfile exec form, a container's `command`/`args`); `argv` holds its words.
   * Fixes edit `json-argv` element by element and leave `yaml-argv` alone.
   */
  readonly syntax: 'shell' | 'json-argv' | 'yaml-argv';
  readonly argv?: readonly Word[];
  /**
   * Turns shell text into the carrier's raw form for insertion (`$` → `$$` in Makefiles, `"` → `\"` in
   * JSON strings …). Undefined when the carrier cannot hold that text (for example `: ` in a plain YAML scalar).
   */
  encode(shellText: string): string | undefined;
  /** Whole-line `#` comments may be inserted above a line of this segment (scripts, Makefiles, literal blocks). */
  readonly acceptsCommentLines: boolean;
  /**
   * The original range of the construct that holds only this segment (a Dockerfile `ENV` instruction, its
   * line break included): removing every word of the segment must remove this range instead.
   */
  readonly instructionRange?: TextRange;
}

export const identityEncode = (text: string): string => text;

/** Shell text inside a JSON string: escape as JSON does. */
export const jsonStringEncode = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Makefile recipes: make expands `$` first, so a literal `$` is written `$$`. */
export const makeEncode = (text: string): string => text.replace(/\$/g, '$$$$');
