import { MappedTextBuilder } from '../mapped-text';
import { makeEncode, type ShellSegment } from '../segment';
import type { DirectBinding } from './direct-binding';
import { logicalLines, type LogicalLine } from './lines';

/**
 * Makefile recipes: tab-indented lines after a rule line (and `target: deps ; command`). Each logical
 * recipe line (with its `\` continuations, which make hands to the shell unchanged) is one segment,
 * its `@`/`-`/`+` prefixes dropped and `$$` decoded to the `$` the shell sees. Make's own `$(VAR)`
 * stays as written and reads as an expansion. Variable assignments (`COSIGN_PASSWORD = …`) are
 * returned as bindings: make exports them to recipes with `export`, and either way they sit in the repo.
 */
export function makefileSegments(text: string): { segments: ShellSegment[]; bindings: DirectBinding[] } {
  const segments: ShellSegment[] = [];
  const bindings: DirectBinding[] = [];
  let inRecipe = false;
  let inDefine = false;
  for (const line of logicalLines(text)) {
    const raw = text.slice(line.start, line.end);
    if (inDefine) {
      if (/^\s*endef\b/.test(raw)) inDefine = false;
      continue;
    }
    if (raw.startsWith('\t')) {
      if (inRecipe) segments.push(recipeSegment(text, line.start + 1, line));
      continue;
    }
    if (/^\s*(#|$)/.test(raw)) continue;
    if (/^\s*define\b/.test(raw)) {
      inDefine = true;
      continue;
    }
    const assignment = /^(\s*(?:(?:export|override|private)\s+)*)([A-Za-z_][A-Za-z0-9_.-]*)(\s*)(::?=|:::=|\?=|\+=|!=|=)[ \t]*/.exec(raw);
    if (assignment) {
      inRecipe = false;
      const nameStart = line.start + (assignment[1]?.length ?? 0);
      const name = assignment[2] ?? '';
      const valueStart = line.start + assignment[0].length;
      const value = raw.slice(assignment[0].length).trimEnd();
      bindings.push({
        name,
        nameRange: { start: nameStart, end: nameStart + name.length },
        valueRange: { start: valueStart, end: valueStart + value.length },
        value,
        literal: !value.includes('$'),
        lineRange: { start: line.start, end: line.next },
      });
      continue;
    }
    if (/^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(raw)) continue;
    const rule = /^[^\t#=:][^=#]*?::?(?!=)/.exec(raw);
    inRecipe = rule !== null;
    if (rule) {
      const semicolon = raw.indexOf(';', rule[0].length);
      if (semicolon >= 0) segments.push(recipeSegment(text, line.start + semicolon + 1, line));
    }
  }
  return { segments, bindings };
}

function recipeSegment(text: string, from: number, line: LogicalLine): ShellSegment {
  let start = from;
  while (start < line.end && /[@+\- \t]/.test(text[start] as string)) start++;
  const builder = new MappedTextBuilder();
  let run = start;
  for (let i = start; i < line.end; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      builder.copy(text, run, i).atom('$', i, i + 2);
      i++;
      run = i + 1;
    }
  }
  builder.copy(text, run, line.end);
  return {
    host: 'makefile',
    documentation: false,
    source: builder.build(),
    lexOptions: {},
    syntax: 'shell',
    encode: makeEncode,
    acceptsCommentLines: true,
  };
}
