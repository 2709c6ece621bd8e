import type { EnvBinding } from '../shell/env-bindings';
import { effectiveFlag, type CosignCommand, type CosignFlag } from './command';
import { flagEnvName, parseBool } from './flags';
import type { CosignView } from './view';

/** One place a flag is set: on a command line, in a command's prefix, or in a variable of the file. */
export interface FlagOccurrence {
  readonly flag: CosignFlag;
  /** The command it applies to; undefined for a file-level variable (it applies to every later command). */
  readonly command: CosignCommand | undefined;
  readonly documentation: boolean;
}

/**
 * Every occurrence of flag `name` in the file: written on cosign command lines (any subcommand), and
 * set through `COSIGN_<NAME>` anywhere. Each variable is reported once, where it is set, not at every
 * command it reaches.
 */
export function flagOccurrences(view: CosignView, name: string): FlagOccurrence[] {
  const out: FlagOccurrence[] = [];
  for (const command of view.commands) {
    for (const flag of command.flags) if (flag.name === name) out.push({ flag, command, documentation: command.documentation });
  }
  const variable = flagEnvName(name);
  for (const binding of view.bindings) {
    if (binding.name !== variable) continue;
    const command = view.commands.find((c) => c.invocation === binding.invocation);
    out.push({ flag: bindingFlag(name, binding), command, documentation: binding.documentation });
  }
  return out.sort((a, b) => a.flag.range.start - b.flag.range.start);
}

function bindingFlag(name: string, binding: EnvBinding): CosignFlag {
  return {
    name,
    spelled: binding.name,
    words: [],
    value: binding.value,
    literal: binding.literal,
    range: { start: binding.nameRange.start, end: Math.max(binding.nameRange.end, binding.valueRange.end) },
    valueRange: binding.valueRange,
    binding,
  };
}

/** A boolean flag that is on: bare (`--x`), or a literal true value (`--x=true`, `COSIGN_X=1`). */
export function isOn(flag: CosignFlag | undefined): boolean {
  if (!flag) return false;
  if (flag.value === undefined) return flag.words.length > 0;
  return flag.literal && parseBool(flag.value.trim()) === true;
}

/** A boolean flag that is explicitly off (`--tlog-upload=false`, `COSIGN_TLOG_UPLOAD=0`). */
export function isOff(flag: CosignFlag | undefined): boolean {
  return flag !== undefined && flag.value !== undefined && flag.literal && parseBool(flag.value.trim()) === false;
}

/** Whether the command has `name` set (on its line or through the environment) to something. */
export function commandHas(command: CosignCommand | undefined, name: string): boolean {
  return command !== undefined && effectiveFlag(command, name) !== undefined;
}
