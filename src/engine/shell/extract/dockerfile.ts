import { lexShell } from '../lexer';
import { MappedTextBuilder, sliceOf, type MappedText } from '../mapped-text';
import { identityEncode, type ShellSegment } from '../segment';
import type { Word } from '../tokens';
import type { DirectBinding } from './direct-binding';
import { mapJsonString, parseJsonRanges } from './json-ranges';
import { physicalLines, type LogicalLine } from './lines';

/**
 * Dockerfile instructions that run or configure shell commands:
 * - `RUN` shell form, over `\` continuations (comment and blank lines inside a continuation are dropped,
 *   as Docker does), and here-documents (`RUN <<EOF … EOF`);
 * - `RUN ["cosign", …]` exec form: a JSON array run without a shell (an argv segment);
 * - `ENV` / `ARG` assignments, as shell-like segments (`ENV A=1 B="x y"`) or, for the legacy
 *   `ENV NAME value` form, as direct bindings.
 * A Dockerfile that switches its escape character (`# escape=\``) is a Windows/PowerShell file: skipped.
 */
export function dockerfileSegments(text: string): { segments: ShellSegment[]; bindings: DirectBinding[] } {
  const segments: ShellSegment[] = [];
  const bindings: DirectBinding[] = [];
  if (/^\s*#\s*escape\s*=\s*`/im.test(text.slice(0, 512))) return { segments, bindings };
  const lines = physicalLines(text);
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index] as LogicalLine;
    const match = /^\s*(RUN|ENV|ARG)(\s+|$)/i.exec(text.slice(first.start, first.end));
    if (!match) continue;
    // Gather the instruction: continuation lines, skipping comment and blank lines inside it.
    const parts: LogicalLine[] = [first];
    let last = index;
    let content = first;
    while (endsWithEscape(text, content) && last + 1 < lines.length) {
      last++;
      const line = lines[last] as LogicalLine;
      if (/^\s*(#|$)/.test(text.slice(line.start, line.end))) continue;
      parts.push(line);
      content = line;
    }
    const keyword = (match[1] ?? '').toUpperCase();
    const argsStart = first.start + match[0].length;
    const instruction = { start: first.start, end: (lines[last] as LogicalLine).next };
    if (keyword === 'RUN') {
      const consumed = runInstruction(text, parts, argsStart, lines, last, segments);
      index = Math.max(last, consumed);
    } else {
      assignmentInstruction(text, parts, argsStart, instruction, keyword, segments, bindings);
      index = last;
    }
  }
  return { segments, bindings };
}

function endsWithEscape(text: string, line: LogicalLine): boolean {
  return /\\[ \t]*$/.test(text.slice(line.start, line.end));
}

/** The instruction text without comment lines, as one mapped text starting at `from`. */
function joined(text: string, parts: readonly LogicalLine[], from: number, dropContinuations: boolean): MappedText {
  const builder = new MappedTextBuilder();
  parts.forEach((line, i) => {
    const start = i === 0 ? from : line.start;
    const isLast = i === parts.length - 1;
    if (dropContinuations && !isLast) {
      const content = text.slice(start, line.end);
      const cut = content.search(/\\[ \t]*$/);
      builder.copy(text, start, cut < 0 ? line.end : start + cut);
    } else {
      builder.copy(text, start, isLast ? line.end : line.next);
    }
  });
  return builder.build();
}

function runInstruction(
  text: string,
  parts: readonly LogicalLine[],
  argsStart: number,
  lines: readonly LogicalLine[],
  last: number,
  segments: ShellSegment[],
): number {
  // Skip RUN flags: --mount=…, --network=…, --security=…
  let start = argsStart;
  for (;;) {
    const flag = /^--[a-z-]+=\S*[ \t]+/.exec(text.slice(start, (parts[0] as LogicalLine).end));
    if (!flag) break;
    start += flag[0].length;
  }
  const head = text.slice(start, (parts[0] as LogicalLine).end);
  if (head.startsWith('[')) {
    const mapped = joined(text, parts, start, true);
    const argv = jsonArgv(mapped);
    if (argv) {
      segments.push({
        host: 'dockerfile',
        documentation: false,
        source: mapped,
        lexOptions: {},
        syntax: 'json-argv',
        argv,
        encode: (t) => JSON.stringify(t).slice(1, -1),
        acceptsCommentLines: false,
      });
      return last;
    }
  }
  const heredoc = /^<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(head);
  if (heredoc && parts.length === 1) {
    const delimiter = heredoc[3] ?? '';
    let end = last + 1;
    while (end < lines.length) {
      const line = lines[end] as LogicalLine;
      const content = text.slice(line.start, line.end);
      if ((heredoc[1] ? content.replace(/^\t+/, '') : content) === delimiter) break;
      end++;
    }
    const bodyStart = (lines[last + 1] ?? lines[last])?.start ?? text.length;
    const bodyEnd = lines[end]?.start ?? text.length;
    if (bodyStart < bodyEnd) segments.push(runSegment(sliceOf(text, bodyStart, bodyEnd), true));
    // Commands after the here-document operator on the RUN line itself (`RUN <<EOF bash`) are rare; skipped.
    return end;
  }
  segments.push(runSegment(joined(text, parts, start, false), true));
  return last;
}

function runSegment(source: MappedText, acceptsCommentLines: boolean): ShellSegment {
  return { host: 'dockerfile', documentation: false, source, lexOptions: {}, syntax: 'shell', encode: identityEncode, acceptsCommentLines };
}

/** The words of a JSON exec-form array, or undefined when it is not an array of strings. */
function jsonArgv(mapped: MappedText): Word[] | undefined {
  const text = mapped.text;
  const node = parseJsonRanges(text, 0, text.trimEnd().length);
  if (node?.type !== 'array' || !node.items.every((item) => item.type === 'string')) return undefined;
  return node.items.map((item) => {
    const value = item.type === 'string' ? mapJsonString(text, item).text : '';
    return {
      kind: 'word',
      start: item.start,
      end: item.end,
      raw: text.slice(item.start, item.end),
      value,
      quoted: true,
      expands: false,
      splits: false,
      substitutions: [],
    };
  });
}

function assignmentInstruction(
  text: string,
  parts: readonly LogicalLine[],
  argsStart: number,
  instruction: { start: number; end: number },
  keyword: string,
  segments: ShellSegment[],
  bindings: DirectBinding[],
): void {
  const mapped = joined(text, parts, argsStart, false);
  const words = lexShell(mapped.text).filter((t) => t.kind === 'word');
  const firstWord = words[0];
  if (keyword === 'ENV' && firstWord && firstWord.kind === 'word' && !firstWord.assignment) {
    // Legacy `ENV NAME value with spaces`: the rest of the instruction is the value.
    const valueStart = words[1]?.start;
    if (valueStart === undefined) return;
    const valueText = mapped.text.slice(valueStart).trimEnd();
    const valueRange = mapped.toOriginal({ start: valueStart, end: valueStart + valueText.length });
    bindings.push({
      name: firstWord.value,
      nameRange: mapped.toOriginal({ start: firstWord.start, end: firstWord.end }),
      valueRange,
      value: valueText,
      literal: !valueText.includes('$'),
      lineRange: instruction,
    });
    return;
  }
  segments.push({
    host: 'dockerfile',
    documentation: false,
    source: mapped,
    lexOptions: {},
    syntax: 'shell',
    encode: identityEncode,
    acceptsCommentLines: false,
    instructionRange: instruction,
  });
}
