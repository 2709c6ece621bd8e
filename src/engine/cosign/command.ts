import type { EnvBinding } from '../shell/env-bindings';
import { basename, type Invocation } from '../shell/invocation';
import type { ShellSegment } from '../shell/segment';
import type { Word } from '../shell/tokens';
import type { TextRange } from '../types';
import { BOOLEAN_FLAGS, flagEnvName, GLOBAL_FLAGS, SHORTHANDS } from './flags';
import { childSubcommands, isTopLevelSubcommand } from './subcommands';

/** One flag of a cosign command line, or a flag set through its `COSIGN_*` environment variable. */
export interface CosignFlag {
  /** Long name without dashes: `key`, `certificate-identity-regexp`. */
  readonly name: string;
  /** How it was written: `--key`, `-k`, `--key=…`, or the variable name for environment flags. */
  readonly spelled: string;
  /** The words of the flag and its value (one for `--x`, `--x=v`; two for `--x v`); empty for environment flags. */
  readonly words: readonly Word[];
  /** The value: `--x=v` / `--x v` / the variable's value; undefined for a bare boolean flag. */
  readonly value: string | undefined;
  /** The value contains no expansion (`$VAR`, `${{ … }}`): it is what cosign receives. */
  readonly literal: boolean;
  /** Original-file range of the flag and its value (or of the environment binding). */
  readonly range: TextRange;
  /** Original-file range of the value alone, when there is one. */
  readonly valueRange?: TextRange;
  /** Set when the flag comes from a `COSIGN_*` variable. */
  readonly binding?: EnvBinding;
}

export interface CosignCommand {
  readonly segment: ShellSegment;
  readonly invocation: Invocation;
  /** `sign`, `verify-blob`, `dockerfile verify` … */
  readonly subcommand: string;
  readonly program: Word;
  readonly subcommandWords: readonly Word[];
  /** Flags written on the command line, in order. */
  readonly flags: readonly CosignFlag[];
  /** Images, files and other operands. */
  readonly positionals: readonly Word[];
  /**
   * `COSIGN_*` bindings that reach this command: its own prefix (`COSIGN_YES=1 cosign …`) and those set
   * for the file (`export`, YAML `env:` …).
   */
  readonly environment: readonly EnvBinding[];
  /** An argument may expand to flags we cannot see (`$COSIGN_ARGS`, `"$@"`, `${{ inputs.extra-args }}`). */
  readonly opaqueArguments: boolean;
  /** Found in documentation: information only. */
  readonly documentation: boolean;
  /** Original-file range of the whole command. */
  readonly range: TextRange;
  /** Original-file range of `cosign SUBCOMMAND`: where findings about the command as a whole point. */
  readonly headRange: TextRange;
}

/** The flag as cosign would see it: on the command line first, else from `COSIGN_<NAME>`. */
export function effectiveFlag(command: CosignCommand, name: string): CosignFlag | undefined {
  const explicit = [...command.flags].reverse().find((f) => f.name === name);
  if (explicit) return explicit;
  const variable = flagEnvName(name);
  const binding = [...command.environment].reverse().find((b) => b.name === variable);
  if (!binding) return undefined;
  return {
    name,
    spelled: variable,
    words: [],
    value: binding.value,
    literal: binding.literal,
    range: { start: binding.nameRange.start, end: binding.valueRange.end },
    valueRange: binding.valueRange,
    binding,
  };
}

const COSIGN_PROGRAM = /^cosign(?:[-_.][\w.-]*)?$/i;
/** `$COSIGN`, `${COSIGN_BIN}`, `$(MY_COSIGN)`: a variable holding the program, not one of cosign's own (`$COSIGN_PASSWORD`). */
const COSIGN_VARIABLE = /^\$[{(]?(?:[A-Za-z0-9_]*_)?cosign(?:_(?:bin|binary|cmd|command|exe|path|cli|tool))?[})]?$/i;
const GO_PACKAGE = /\/cmd\/cosign(?:@\S*)?$/;

/** `cosign`, `./bin/cosign`, `cosign-linux-amd64`, an image `…/cosign:v2`, `go run …/cmd/cosign`, `$COSIGN`. */
function isCosignProgram(word: Word, invocation: Invocation): boolean {
  const value = word.value;
  if (invocation.container) return /(^|\/)cosign(?:[:@].*)?$/.test(value.replace(/^docker:\/\//, ''));
  if (GO_PACKAGE.test(value)) return true;
  if (COSIGN_PROGRAM.test(basename(value))) return true;
  return COSIGN_VARIABLE.test(value);
}

/**
 * Reads a cosign command line from an invocation, or returns undefined when it is not cosign or names
 * no known subcommand (`cosign --help`).
 */
export function parseCosignCommand(segment: ShellSegment, invocation: Invocation, environment: readonly EnvBinding[]): CosignCommand | undefined {
  const argv = invocation.argv;
  const program = argv[0];
  if (!program || !isCosignProgram(program, invocation)) return undefined;
  const flags: CosignFlag[] = [];
  const positionals: Word[] = [];
  let i = 1;
  // Global flags may come before the subcommand.
  while (i < argv.length && (argv[i] as Word).value.startsWith('-')) {
    const parsed = readFlag(segment, argv, i);
    if (!parsed) break;
    flags.push(parsed.flag);
    i = parsed.next;
    if (GLOBAL_FLAGS[parsed.flag.name] === undefined) break;
  }
  const first = argv[i];
  if (!first || !isTopLevelSubcommand(first.value)) return undefined;
  const subcommandWords: Word[] = [first];
  let subcommand = first.value;
  i++;
  const children = childSubcommands(subcommand);
  const child = argv[i];
  if (children && child && children.has(child.value)) {
    subcommand = `${subcommand} ${child.value}`;
    subcommandWords.push(child);
    i++;
  }
  let opaque = false;
  let flagsEnded = false;
  while (i < argv.length) {
    const word = argv[i] as Word;
    if (!flagsEnded && word.value === '--' && !word.quoted) {
      flagsEnded = true;
      i++;
      continue;
    }
    if (!flagsEnded && word.value.startsWith('-') && word.value.length > 1) {
      const parsed = readFlag(segment, argv, i);
      if (parsed) {
        flags.push(parsed.flag);
        i = parsed.next;
        continue;
      }
    }
    if (mayHoldFlags(word)) opaque = true;
    else positionals.push(word);
    i++;
  }
  const source = segment.source;
  const lastWord = argv[argv.length - 1] as Word;
  const headEnd = (subcommandWords[subcommandWords.length - 1] as Word).end;
  const prefixStart = invocation.command.start;
  return {
    segment,
    invocation,
    subcommand,
    program,
    subcommandWords,
    flags,
    positionals,
    environment,
    opaqueArguments: opaque,
    documentation: segment.documentation,
    range: source.toOriginal({ start: Math.min(prefixStart, program.start), end: lastWord.end }),
    headRange: source.toOriginal({ start: program.start, end: headEnd }),
  };
}

/** Reads the flag at `argv[i]`: `--name`, `--name=value`, `--name value`, `-x`, `-x value`. */
function readFlag(segment: ShellSegment, argv: readonly Word[], i: number): { flag: CosignFlag; next: number } | undefined {
  const word = argv[i] as Word;
  const match = /^(--?)([A-Za-z0-9][A-Za-z0-9-]*)(=([\s\S]*))?$/.exec(word.value);
  if (!match) return undefined;
  const long = match[1] === '--';
  const rawName = match[2] ?? '';
  if (!long && rawName.length !== 1) return undefined;
  const name = long ? rawName : (SHORTHANDS[rawName] ?? rawName);
  const source = segment.source;
  const wordRange = source.toOriginal({ start: word.start, end: word.end });
  const spelled = `${match[1]}${rawName}`;
  if (match[3] !== undefined) {
    const equals = word.raw.indexOf('=');
    const valueRange = equals >= 0 ? source.toOriginal({ start: word.start + equals + 1, end: word.end }) : wordRange;
    return { flag: { name, spelled, words: [word], value: match[4] ?? '', literal: !word.expands, range: wordRange, valueRange }, next: i + 1 };
  }
  const next = argv[i + 1];
  if (BOOLEAN_FLAGS.has(name) || !next || (next.value.startsWith('-') && next.value.length > 1 && !next.quoted)) {
    return { flag: { name, spelled, words: [word], value: undefined, literal: true, range: wordRange }, next: i + 1 };
  }
  const valueRange = source.toOriginal({ start: next.start, end: next.end });
  return {
    flag: {
      name,
      spelled,
      words: [word, next],
      value: next.value,
      literal: !next.expands,
      range: source.toOriginal({ start: word.start, end: next.end }),
      valueRange,
    },
    next: i + 2,
  };
}

/**
 * An argument that can expand to several words, flags included: `"$@"`, `${ARGS[@]}`, and unquoted
 * variables named like argument lists (`$COSIGN_FLAGS`, `$(EXTRA_ARGS)`, `${{ inputs.extra-args }}`).
 */
function mayHoldFlags(word: Word): boolean {
  if (/^"?\$\{?[@*]\}?"?$/.test(word.raw) || /\[[@*]\]\}"?$/.test(word.raw)) return true;
  return word.splits && /args|flags|opts|options|params|extra/i.test(word.raw);
}
