import type { LineIndex } from './text/line-index';
import type { RawFinding } from './types';

/**
 * Inline suppression: a comment `keyward-ignore KW101 reason: …` on the finding's first line or on the
 * line just above it. A reason is required, so every silenced finding was looked at by a person.
 * Several ids may be listed, comma-separated.
 */
const INLINE = /keyward-ignore\s+(KW\d{3}(?:\s*,\s*KW\d{3})*)\s+reason:\s*\S/;

export function isSuppressedInline(text: string, lines: LineIndex, finding: RawFinding): boolean {
  const line = lines.positionAt(finding.range.start).line;
  for (const candidate of [line, line - 1]) {
    if (candidate < 0) continue;
    const match = INLINE.exec(lines.lineText(candidate));
    if (match?.[1]?.split(',').some((id) => id.trim() === finding.ruleId)) return true;
  }
  return false;
}
