/**
 * A cheap, single-pass estimate of how deeply a YAML text nests, run before the `yaml` parser: the
 * parser's cost grows steeply with depth (2 MB of `[` took 41 s and 3.7 GB), while real files nest a
 * few dozen levels at most. Counted: flow collections (`[`, `{`) and block nesting (indentation, and
 * compact `- - x` / `? ` entries). Skipped: comments, quoted scalars and block scalar (`|`, `>`)
 * content, where brackets are text. An estimate: it may count a bracket inside a plain scalar, never
 * misses a real level.
 */

/** Deeper than this, YAML is not parsed. */
export const MAX_YAML_NESTING = 256;

const BLANK = /[ \t]/;

/**
 * The nesting depth of `text`, or `limit + 1` as soon as it exceeds `limit` (the scan stops there).
 */
export function yamlNestingDepth(text: string, limit = MAX_YAML_NESTING): number {
  let max = 0;
  let flow = 0;
  // Columns of open block nodes (strictly increasing).
  const indents: number[] = [];
  let quote: '"' | "'" | undefined;
  // While inside a block scalar: lines indented more than this are its content.
  let blockScalarParent: number | undefined;
  let i = 0;
  while (i < text.length) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = text.length;
    let column = 0;
    while (i + column < lineEnd && text[i + column] === ' ') column++;
    let rest = i + column;
    while (rest < lineEnd && (text[rest] === '\t' || text[rest] === '\r')) rest++;
    const blank = rest >= lineEnd;
    if (blockScalarParent !== undefined && (blank || column > blockScalarParent)) {
      i = lineEnd + 1;
      continue;
    }
    blockScalarParent = undefined;
    let p = i + column;
    if (quote === undefined && flow === 0) {
      if (column === 0 && (text.startsWith('---', p) || text.startsWith('...', p)) && (p + 3 >= lineEnd || BLANK.test(text[p + 3] as string))) {
        indents.length = 0;
        p += 3;
      } else if (!blank && text[p] !== '#') {
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= column) indents.pop();
        indents.push(column);
        // Compact nested entries: `- - - x`, `? - x`.
        while ((text[p] === '-' || text[p] === '?') && (p + 1 >= lineEnd || BLANK.test(text[p + 1] as string))) {
          p++;
          while (p < lineEnd && BLANK.test(text[p] as string)) p++;
          if (p < lineEnd) indents.push(p - i);
          if (indents.length > limit) return indents.length;
        }
      }
    }
    // Rest of the line: where a node may start, brackets open flow collections and quotes open scalars.
    let nodeStart = true;
    for (; p < lineEnd; p++) {
      const c = text[p] as string;
      if (quote !== undefined) {
        if (quote === '"' && c === '\\') p++;
        else if (c === quote) {
          if (quote === "'" && text[p + 1] === "'") p++;
          else quote = undefined;
        }
        continue;
      }
      if (c === '#' && (p === i || BLANK.test(text[p - 1] as string))) break;
      if (BLANK.test(c)) continue;
      if (nodeStart && (c === '"' || c === "'")) {
        quote = c;
        nodeStart = false;
      } else if ((nodeStart || flow > 0) && (c === '[' || c === '{')) {
        flow++;
        if (indents.length + flow > max) max = indents.length + flow;
        if (max > limit) return max;
        nodeStart = true;
      } else if (flow > 0 && (c === ']' || c === '}')) {
        flow--;
        nodeStart = false;
      } else if (flow > 0 && c === ',') nodeStart = true;
      else if (c === ':' && (p + 1 >= lineEnd || BLANK.test(text[p + 1] as string) || flow > 0)) nodeStart = true;
      else if (nodeStart && flow === 0 && (c === '|' || c === '>')) {
        blockScalarParent = column;
        break;
      } else if (nodeStart && (c === '&' || c === '!')) {
        // Anchors and tags come before the node they name: skip to the next blank.
        while (p + 1 < lineEnd && !BLANK.test(text[p + 1] as string)) p++;
      } else if (flow === 0) {
        // A plain scalar in block context: text up to a `: ` (next value) or a comment.
        nodeStart = false;
      } else nodeStart = false;
    }
    if (indents.length + flow > max) max = indents.length + flow;
    if (max > limit) return max;
    i = lineEnd + 1;
  }
  return max;
}
