import type { EnvBinding } from '../../shell/env-bindings';
import type { ShellHost } from '../../shell/segment';
import type { Carrier, Fix, RawFinding, Severity, TextRange } from '../../types';
import type { CosignCommand } from '../../cosign/command';

/** Documentation shows commands; it does not run them: every finding there is information only. */
export function inDocs(documentation: boolean, severity: Severity): Severity {
  return documentation ? 'information' : severity;
}

export function carrierOf(host: ShellHost | undefined): Carrier {
  return host === 'package-json' ? 'json' : 'text';
}

/**
 * Stable, non-secret finding identities: what was found (never a secret value), plus an occurrence
 * number when the same thing appears more than once in the file.
 */
export class IdentityCounter {
  private readonly seen = new Map<string, number>();

  next(base: string): string {
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  }
}

export interface FindingInput {
  /** Optional: the scanner stamps the rule's meta.id. */
  readonly ruleId?: string;
  readonly range: TextRange;
  readonly message: string;
  readonly severity: Severity;
  readonly documentation: boolean;
  readonly host: ShellHost | undefined;
  readonly identity: string;
  readonly fixes?: readonly (Fix | undefined)[];
  readonly rootCause?: string;
}

/** Builds a RawFinding: documentation lowers severity, missing fixes are dropped. */
export function finding(input: FindingInput): RawFinding {
  const fixes = (input.fixes ?? []).filter((f): f is Fix => f !== undefined && f.edits.length > 0);
  return {
    ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
    range: input.range,
    message: input.message,
    carrier: carrierOf(input.host),
    severity: inDocs(input.documentation, input.severity),
    identity: input.identity,
    ...(fixes.length > 0 ? { fixes } : {}),
    ...(input.rootCause === undefined ? {} : { rootCause: input.rootCause }),
  };
}

/** The root cause shared by every finding about a command that signs with a long-lived key. */
export function keySigningCause(command: CosignCommand): string {
  return keySigningCauseAt(command.range.start);
}

/** The same root cause, for a rule that knows where the command starts but not the command (KW601). */
export function keySigningCauseAt(commandStart: number): string {
  return `key-signing@${commandStart}`;
}

export function commandLabel(command: CosignCommand): string {
  return `cosign ${command.subcommand}`;
}

/** Where a binding finding points: the name and its value. */
export function bindingRange(binding: EnvBinding): TextRange {
  return { start: binding.nameRange.start, end: Math.max(binding.nameRange.end, binding.valueRange.end) };
}
