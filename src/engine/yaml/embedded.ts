import type { Document } from 'yaml';
import { fencedBlocks } from '../shell/extract/markdown-fences';
import type { TextEdit, TextRange } from '../types';
import { parseYaml } from './parse';

/** One fenced `yaml`/`yml` block of a Markdown file, parsed in file offsets. */
export interface EmbeddedYamlBlock {
  /** Original range of the block's body: its lines, the last one's line break included, up to the closing fence. */
  readonly body: TextRange;
  /** The block's documents; their node ranges are offsets into the Markdown file. */
  readonly docs: readonly Document.Parsed[];
}

/**
 * The YAML documents a Markdown file shows in fenced `yaml` blocks. The offset map is the identity: each
 * block is parsed from a text as long as the file in which everything before the block's body is blanked
 * (line breaks kept), so a node's range is its range in the Markdown file. `text` is the whole file with
 * everything outside the YAML bodies blanked: within a body it is the file's own text, so edits computed
 * on it apply to the file as long as they stay inside one body ({@link editsStayInside}).
 */
export interface EmbeddedYaml {
  readonly text: string;
  readonly blocks: readonly EmbeddedYamlBlock[];
}

const YAML_INFO = new Set(['yaml', 'yml']);
/** A README with more YAML blocks than this is read up to here: each block costs a parse over the text before it. */
export const MAX_EMBEDDED_YAML_BLOCKS = 64;

export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(path);
}

/** The fenced YAML blocks of a Markdown text that contain one of `anchors` (all blocks when empty). */
export function markdownYaml(text: string, anchors: readonly string[] = []): EmbeddedYaml {
  const bodies: TextRange[] = [];
  for (const { info, body } of fencedBlocks(text)) {
    const first = body[0];
    const last = body[body.length - 1];
    if (!YAML_INFO.has(info) || !first || !last) continue;
    const range = { start: first.start, end: last.next };
    const content = text.slice(range.start, range.end);
    if (anchors.length > 0 && !anchors.some((a) => content.includes(a))) continue;
    bodies.push(range);
    if (bodies.length >= MAX_EMBEDDED_YAML_BLOCKS) break;
  }
  if (bodies.length === 0) return { text: '', blocks: [] };
  const parts: string[] = [];
  let at = 0;
  for (const body of bodies) {
    parts.push(blank(text.slice(at, body.start)), text.slice(body.start, body.end));
    at = body.end;
  }
  parts.push(blank(text.slice(at)));
  const masked = parts.join('');
  const blocks = bodies.map((body) => ({ body, docs: parseYaml(`${blank(masked.slice(0, body.start))}${text.slice(body.start, body.end)}`) }));
  return { text: masked, blocks };
}

/** Same length, same line breaks, nothing else. */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

/** True when every edit lies within one of the bodies: only then does it mean the same in the Markdown file. */
export function editsStayInside(edits: readonly TextEdit[], bodies: readonly TextRange[]): boolean {
  return edits.every((edit) => bodies.some((body) => edit.range.start >= body.start && edit.range.end <= body.end));
}
