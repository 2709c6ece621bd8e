import { MappedTextBuilder } from '../mapped-text';
import { identityEncode, type ShellSegment } from '../segment';
import type { LogicalLine } from './lines';
import { fencedBlocks } from './markdown-fences';

/** Info strings of fenced blocks that hold shell commands (an untagged block is read too). */
const SHELL_INFO = new Set([
  '',
  'sh',
  'bash',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'sh-session',
  'shellsession',
  'bash-session',
  'terminal',
  'ksh',
  'dash',
]);
const SESSION_INFO = new Set(['console', 'shell-session', 'sh-session', 'shellsession', 'bash-session', 'terminal']);

/**
 * Fenced shell blocks in Markdown. These are documentation: the rules report information only. In a
 * session transcript (a `console` block, or any block whose lines start with a `$ ` prompt) only the
 * prompted lines and their `\` continuations are commands; the prompt is dropped and output lines skipped.
 */
export function markdownSegments(text: string): ShellSegment[] {
  const segments: ShellSegment[] = [];
  for (const { info, body } of fencedBlocks(text)) {
    if (!SHELL_INFO.has(info) || body.length === 0) continue;
    const prompted = SESSION_INFO.has(info) || body.some((l) => /^\s*\$ /.test(text.slice(l.start, l.end)));
    const builder = new MappedTextBuilder();
    if (!prompted) {
      builder.copy(text, (body[0] as LogicalLine).start, (body[body.length - 1] as LogicalLine).end);
    } else {
      let continuing = false;
      for (const line of body) {
        const content = text.slice(line.start, line.end);
        const prompt = /^\s*[$%] /.exec(content);
        if (prompt) builder.copy(text, line.start + prompt[0].length, line.end).atom('\n', line.end, line.next);
        else if (continuing) {
          const secondary = /^\s*> /.exec(content);
          builder.copy(text, line.start + (secondary?.[0].length ?? 0), line.end).atom('\n', line.end, line.next);
        } else continue;
        continuing = /\\$/.test(content);
      }
    }
    const source = builder.build();
    if (source.text.trim() === '') continue;
    segments.push({ host: 'markdown', documentation: true, source, lexOptions: {}, syntax: 'shell', encode: identityEncode, acceptsCommentLines: false });
  }
  return segments;
}
