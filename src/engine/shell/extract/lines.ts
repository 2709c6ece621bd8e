/** A logical line: physical lines joined by a trailing backslash (Makefiles, Dockerfiles, justfiles). */
export interface LogicalLine {
  readonly start: number;
  /** End of the content of the last physical line, before its line break. */
  readonly end: number;
  /** Start of the line after it. */
  readonly next: number;
}

/** Splits `text` into logical lines; `continues` decides whether a physical line continues on the next. */
export function logicalLines(text: string, continues: (line: string) => boolean = endsWithBackslash): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    let end = i;
    let next = i;
    for (;;) {
      const newline = text.indexOf('\n', next);
      end = newline < 0 ? text.length : newline;
      next = newline < 0 ? text.length : newline + 1;
      if (end > start && text[end - 1] === '\r') end--;
      const physicalStart = text.lastIndexOf('\n', end - 1) + 1;
      if (next >= text.length || !continues(text.slice(Math.max(physicalStart, start), end))) break;
    }
    out.push({ start, end, next });
    i = next;
  }
  return out;
}

/** An odd number of trailing backslashes escapes the line break. */
export function endsWithBackslash(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Physical lines of `[start, end)`: start, content end (before `\r\n`) and next-line start. */
export function physicalLines(text: string, start = 0, end = text.length): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = start;
  while (i < end) {
    const newline = text.indexOf('\n', i);
    const next = newline < 0 || newline >= end ? end : newline + 1;
    let contentEnd = newline < 0 || newline >= end ? end : newline;
    if (contentEnd > i && text[contentEnd - 1] === '\r') contentEnd--;
    out.push({ start: i, end: contentEnd, next });
    i = next;
  }
  return out;
}
