import { isMap, isPair, isScalar, visit, type Document, type Node, type Pair } from 'yaml';
import type { TextEdit, TextRange } from '../types';
import type { DirectBinding } from './extract/direct-binding';
import { keyOf } from './extract/yaml';
import { mapYamlScalar } from './extract/yaml-scalar';
import { removeWordsEdit } from './edits';
import type { Invocation } from './invocation';
import type { ShellHost, ShellSegment } from './segment';
import type { Word } from './tokens';

/**
 * An environment variable set in a file: `NAME=value cosign …`, `export NAME=…`, a `.env` line, a
 * Dockerfile `ENV`, a Makefile or justfile variable, a YAML `env:`/`variables:` entry, a Kubernetes
 * `- name: NAME value: …` item or a `NAME=value` list item. All ranges are original-file offsets.
 */
export interface EnvBinding {
  readonly name: string;
  /** The value as written, decoded; undefined for a YAML null or a non-string value. */
  readonly value: string | undefined;
  /** Written out in the file: no `$VAR`, `${{ secrets.X }}`, `{{ template }}` or `valueFrom` reference. */
  readonly literal: boolean;
  readonly nameRange: TextRange;
  readonly valueRange: TextRange;
  /** `command`: the environment of one command (a prefix, `env NAME=v`, `docker run -e`); `file`: everything after it. */
  readonly scope: 'command' | 'file';
  readonly host: ShellHost;
  readonly documentation: boolean;
  /** For command-scoped bindings: the command they apply to. */
  readonly invocation?: Invocation;
  /** Deletes the binding and nothing else, keeping the file valid; undefined when no such edit exists. */
  readonly removal?: TextEdit;
}

/** Bindings set by one shell command; `original` is the whole file text (for whole-line removals). */
export function shellBindings(original: string, segment: ShellSegment, invocation: Invocation): EnvBinding[] {
  const out: EnvBinding[] = [];
  const standalone = invocation.argv.length === 0;
  // A set, not Array#includes per word: a hostile line of thousands of assignments must stay linear.
  const assigned = new Set(invocation.command.assignments);
  for (const word of invocation.env) {
    const scope = standalone && assigned.has(word) ? 'file' : 'command';
    out.push(fromWord(segment, word, scope, scope === 'command' ? invocation : undefined, removalOf(original, segment, invocation, word, assigned)));
  }
  for (const word of invocation.declared) out.push(fromWord(segment, word, 'file', undefined, removalOf(original, segment, invocation, word, assigned)));
  return out;
}

function fromWord(segment: ShellSegment, word: Word, scope: 'command' | 'file', invocation: Invocation | undefined, removal: TextEdit | undefined): EnvBinding {
  const assignment = word.assignment;
  const name = assignment?.name ?? '';
  const valueStart = assignment?.valueStart ?? word.end;
  return {
    name,
    value: assignment?.value,
    literal: !word.expands,
    nameRange: segment.source.toOriginal({ start: word.start, end: word.start + name.length }),
    valueRange: segment.source.toOriginal({ start: valueStart, end: word.end }),
    scope,
    host: segment.host,
    documentation: segment.documentation,
    ...(invocation ? { invocation } : {}),
    ...(removal ? { removal } : {}),
  };
}

/**
 * Removing one assignment: a prefix or one of several `export` names loses just its word; a line that
 * holds nothing else (`export NAME=…`, `NAME=…`, a one-variable Dockerfile `ENV`) is deleted whole.
 */
function removalOf(original: string, segment: ShellSegment, invocation: Invocation, word: Word, assigned: ReadonlySet<Word>): TextEdit | undefined {
  const command = invocation.command;
  const isOther = (w: Word): boolean => w !== word && !(invocation.declared.length > 0 && w === command.args[0]);
  // `some` stops at the first other word: linear overall, however many words the command has.
  const alone = !command.assignments.some(isOther) && !command.args.some(isOther) && command.redirects.length === 0;
  if (alone && segment.instructionRange) return { range: segment.instructionRange, newText: '' };
  if (alone) {
    const range = segment.source.toOriginal({ start: command.start, end: command.end });
    return segment.host === 'markdown' ? undefined : lineDeletion(original, range);
  }
  if (invocation.declared.length > 0 || assigned.has(word)) return removeWordsEdit(segment, command, [word]);
  return undefined;
}

/**
 * When `range` is the only content of its line(s) (blanks and a trailing comment aside), the edit that
 * deletes those lines, line break included.
 */
export function lineDeletion(text: string, range: TextRange): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  if (text.slice(lineStart, range.start).trim() !== '') return undefined;
  const newline = text.indexOf('\n', range.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const rest = text.slice(range.end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { range: { start: lineStart, end: newline < 0 ? text.length : newline + 1 }, newText: '' };
}

/** Bindings that are not shell syntax: Makefile, justfile and legacy Dockerfile assignments. */
export function directBindings(text: string, bindings: readonly DirectBinding[], host: ShellHost, documentation: boolean): EnvBinding[] {
  return bindings.map((b) => {
    const removal = b.lineRange && b.lineRange.end <= text.length ? { range: b.lineRange, newText: '' } : undefined;
    return {
      name: b.name,
      value: b.value,
      literal: b.literal,
      nameRange: b.nameRange,
      valueRange: b.valueRange,
      scope: 'file',
      host,
      documentation,
      ...(removal ? { removal } : {}),
    };
  });
}

const REFERENCE = /\$\{\{|\$[A-Za-z_{(]|\{\{/;

/**
 * YAML bindings whose name passes `wanted`: mapping entries (`env:`, `variables:`, any map), Kubernetes
 * `- name: X / value: Y` items and `NAME=value` list items (goreleaser, docker-compose).
 */
export function yamlBindings(
  text: string,
  docs: readonly Document.Parsed[],
  host: ShellHost,
  documentation: boolean,
  wanted: (name: string) => boolean,
): EnvBinding[] {
  const out: EnvBinding[] = [];
  const add = (name: string, value: string | undefined, nameRange: TextRange, valueRange: TextRange, removal: TextEdit | undefined): void => {
    out.push({
      name,
      value,
      literal: value !== undefined && !REFERENCE.test(value),
      nameRange,
      valueRange,
      scope: 'file',
      host,
      documentation,
      ...(removal ? { removal } : {}),
    });
  };
  /** A binding whose value is a YAML node: its text when it is a scalar (or empty), else unknown. */
  const push = (name: string, nameRange: TextRange, valueNode: unknown, valueRange: TextRange, removal: TextEdit | undefined): void => {
    const value = isScalar(valueNode)
      ? valueNode.value === null
        ? ''
        : typeof valueNode.value === 'string'
          ? valueNode.value
          : String(valueNode.value)
      : valueNode === null || valueNode === undefined
        ? ''
        : undefined;
    add(name, value, nameRange, valueRange, removal);
  };
  for (const doc of docs) {
    visit(doc, {
      Pair(_key, pair, path) {
        const name = keyOf(pair);
        if (name === undefined || !wanted(name) || !isScalar(pair.key) || !pair.key.range) return;
        const keyRange = pair.key.range;
        const valueNode = pair.value;
        const valueRange = rangeOfNode(valueNode) ?? { start: keyRange[1], end: keyRange[1] };
        const parent = path[path.length - 1];
        const siblings = isMap(parent) ? parent.items.length : 0;
        const removal = siblings > 1 && isMap(parent) && !parent.flow ? itemDeletion(text, keyRange[0], valueRange.end, false) : undefined;
        push(name, { start: keyRange[0], end: keyRange[1] }, valueNode, valueRange, removal);
      },
      Seq(_key, seq) {
        for (const item of seq.items) {
          if (isMap(item)) {
            const nameNode = item.get('name', true);
            if (!isScalar(nameNode) || typeof nameNode.value !== 'string' || !wanted(nameNode.value) || !nameNode.range) continue;
            const valuePair = item.items.find((p): p is Pair<unknown, unknown> => isPair(p) && keyOf(p) === 'value');
            const hasValueFrom = item.items.some((p) => isPair(p) && keyOf(p) === 'valueFrom');
            if (!valuePair || hasValueFrom) continue;
            const valueRange = rangeOfNode(valuePair.value) ?? { start: nameNode.range[1], end: nameNode.range[1] };
            const removal = seq.items.length > 1 && !seq.flow && item.range ? itemDeletion(text, item.range[0], item.range[1], true) : undefined;
            push(nameNode.value, { start: nameNode.range[0], end: nameNode.range[1] }, valuePair.value, valueRange, removal);
          } else if (isScalar(item) && typeof item.value === 'string') {
            const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(item.value);
            if (!match || !wanted(match[1] ?? '')) continue;
            const mapped = mapYamlScalar(text, item);
            if (!mapped) continue;
            const nameLength = (match[1] ?? '').length;
            const nameRange = mapped.mapped.toOriginal({ start: 0, end: nameLength });
            const valueRange = mapped.mapped.toOriginal({ start: nameLength + 1, end: mapped.mapped.text.length });
            const removal = seq.items.length > 1 && !seq.flow && item.range ? itemDeletion(text, item.range[0], item.range[1], true) : undefined;
            add(match[1] ?? '', item.value.slice(nameLength + 1), nameRange, valueRange, removal);
          }
        }
      },
    });
  }
  return out;
}

function rangeOfNode(node: unknown): TextRange | undefined {
  const range = (node as Node | null)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/**
 * Deletes a block-map entry or block-sequence item that spans whole lines: from the start of its first
 * line (over the `- ` indicator) to the start of the line after its value.
 */
function itemDeletion(text: string, start: number, end: number, sequenceItem: boolean): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  if (!(sequenceItem ? /^[ \t]*-[ \t]+$/ : /^[ \t]*$/).test(prefix)) return undefined;
  let valueEnd = end;
  while (valueEnd > start && /\s/.test(text[valueEnd - 1] as string)) valueEnd--;
  const newline = text.indexOf('\n', valueEnd);
  const lineEnd = newline < 0 ? text.length : newline;
  const rest = text.slice(valueEnd, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { range: { start: lineStart, end: newline < 0 ? text.length : newline + 1 }, newText: '' };
}
