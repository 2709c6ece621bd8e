import { physicalLines, type LogicalLine } from './lines';

/** One fenced code block of a Markdown file. */
export interface FencedBlock {
  /** The info string's first word, lower-cased (`yaml`, `sh`, `` for an untagged block). */
  readonly info: string;
  /** The lines between the opening and the closing fence (an unclosed fence runs to the end of the file). */
  readonly body: readonly LogicalLine[];
}

/** Every fenced (``` or ~~~) code block of a Markdown text, in order. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = physicalLines(text);
  for (let index = 0; index < lines.length; index++) {
    const open = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`{]*)/.exec(text.slice((lines[index] as LogicalLine).start, (lines[index] as LogicalLine).end));
    if (!open) continue;
    const fence = open[2] ?? '```';
    let close = index + 1;
    while (close < lines.length) {
      const content = text.slice((lines[close] as LogicalLine).start, (lines[close] as LogicalLine).end).trim();
      if (content.startsWith(fence.charAt(0).repeat(fence.length)) && /^(`+|~+)$/.test(content)) break;
      close++;
    }
    blocks.push({ info: (open[3] ?? '').toLowerCase(), body: lines.slice(index + 1, close) });
    index = close;
  }
  return blocks;
}
