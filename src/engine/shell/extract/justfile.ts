import { MappedTextBuilder } from '../mapped-text';
import type { ShellSegment } from '../segment';
import type { DirectBinding } from './direct-binding';
import { endsWithBackslash, physicalLines, type LogicalLine } from './lines';

/**
 * justfile recipes: a header `name args: deps` at column 0, then indented body lines. Each body line
 * (joined over `\` continuations, `@`/`-` prefixes dropped) is one shell command; a body that starts
 * with a `#!` shebang for a POSIX shell is one script. `{{ … }}` interpolations read as expansions.
 * Variables (`export COSIGN_PASSWORD := "…"`) are returned as bindings.
 */
export function justfileSegments(text: string): { segments: ShellSegment[]; bindings: DirectBinding[] } {
  const segments: ShellSegment[] = [];
  const bindings: DirectBinding[] = [];
  const lines = physicalLines(text);
  let inRecipe = false;
  let shebang: 'shell' | 'other' | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as LogicalLine;
    const raw = text.slice(line.start, line.end);
    if (raw.trim() === '') continue;
    const indented = /^[ \t]/.test(raw);
    if (indented) {
      if (!inRecipe) continue;
      const indent = /^[ \t]+/.exec(raw)?.[0].length ?? 0;
      if (shebang === undefined) {
        shebang = raw.slice(indent).startsWith('#!') ? (/\b(sh|bash|zsh|dash|ksh|ash)\b/.test(raw) ? 'shell' : 'other') : undefined;
        if (shebang !== undefined) continue;
        shebang = undefined;
      }
      if (shebang === 'other') continue;
      // Join continuation lines.
      let last = index;
      while (endsWithBackslash(text.slice((lines[last] as LogicalLine).start, (lines[last] as LogicalLine).end)) && last + 1 < lines.length) last++;
      let start = line.start + indent;
      while (start < line.end && /[@-]/.test(text[start] as string)) start++;
      const end = (lines[last] as LogicalLine).end;
      segments.push(segment(text, start, end));
      index = last;
      continue;
    }
    shebang = undefined;
    const variable = /^(export\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*/.exec(raw);
    if (variable) {
      inRecipe = false;
      const nameStart = line.start + (variable[1]?.length ?? 0);
      const name = variable[2] ?? '';
      const valueText = raw
        .slice(variable[0].length)
        .replace(/\s+#.*$/, '')
        .trimEnd();
      const quoted = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)')$/.exec(valueText);
      const value = quoted ? (quoted[1] ?? quoted[2] ?? '') : undefined;
      const valueStart = line.start + variable[0].length;
      bindings.push({
        name,
        nameRange: { start: nameStart, end: nameStart + name.length },
        valueRange: { start: valueStart, end: valueStart + valueText.length },
        value,
        literal: value !== undefined && !value.includes('{{'),
        lineRange: { start: line.start, end: line.next },
      });
      continue;
    }
    inRecipe = /^@?[A-Za-z_][A-Za-z0-9_-]*[^:=]*:(?!=)/.test(raw);
  }
  return { segments, bindings };
}

function segment(text: string, start: number, end: number): ShellSegment {
  return {
    host: 'justfile',
    documentation: false,
    source: new MappedTextBuilder().copy(text, start, end).build(),
    lexOptions: { mustache: true },
    syntax: 'shell',
    // A literal `{{` would start an interpolation; the fixes never insert one.
    encode: (t) => (t.includes('{{') ? undefined : t),
    acceptsCommentLines: false,
  };
}
