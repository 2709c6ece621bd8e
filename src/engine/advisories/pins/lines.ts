/** Lines with their start offsets, line endings excluded: finders report exact ranges inside a line. */
export interface Line {
  readonly text: string;
  readonly start: number;
  readonly index: number;
}

export function linesOf(text: string): Line[] {
  const out: Line[] = [];
  const re = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let index = 0;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    out.push({ text: m[0].replace(/\r?\n$|\r$/, ''), start: m.index, index: index++ });
  }
  return out;
}

/** Leading whitespace width (tabs count as one: YAML forbids them in indentation anyway). */
export function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}
