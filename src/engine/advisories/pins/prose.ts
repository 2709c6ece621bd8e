import { linesOf } from './lines';

/** Markdown files: their prose explains versions ("release tags are named v2.0.0"), it does not pin them. */
export function isMarkdown(path: string): boolean {
  return /\.(?:md|markdown|mdx)$/i.test(path);
}

/**
 * Offsets of the fenced code blocks (``` or ~~~) of a Markdown text: the commands and configuration a reader
 * copies. A version written there is a pin the reader installs; one in a sentence is not. An unclosed fence
 * runs to the end of the text, as CommonMark reads it.
 */
export function fencedCodeRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let open: { fence: string; start: number } | undefined;
  for (const line of linesOf(text)) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line.text);
    if (!open) {
      if (m) open = { fence: m[1] as string, start: line.start + line.text.length };
      continue;
    }
    if (m && (m[1] as string).startsWith(open.fence) && /^ {0,3}(`+|~+)\s*$/.test(line.text)) {
      ranges.push({ start: open.start, end: line.start });
      open = undefined;
    }
  }
  if (open) ranges.push({ start: open.start, end: text.length });
  return ranges;
}
