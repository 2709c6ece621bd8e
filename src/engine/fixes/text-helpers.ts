/** The line break a file already uses (first one found), so that edits never mix CRLF into LF files or back. */
export function detectEol(text: string | undefined): '\n' | '\r\n' | '\r' {
  if (!text) return '\n';
  const index = text.search(/\r\n|\n|\r/);
  if (index < 0) return '\n';
  if (text[index] === '\n') return '\n';
  return text[index + 1] === '\n' ? '\r\n' : '\r';
}

export function endsWithLineBreak(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r');
}

/** The lines of a text without their line breaks (a final line break does not add an empty line). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A suppression reason as it is written into a file: one line, whitespace collapsed. It is required, so
 * that every silenced finding records why a person decided it is safe.
 */
export function normalizeReason(reason: string): string {
  const normalized = reason.replace(/\s+/g, ' ').trim();
  if (normalized === '') throw new RangeError('A reason is required to ignore a finding: say why it is safe (for example "generated test key, never used").');
  return normalized;
}
