import type { CosignCommand } from './command';

/**
 * Usage synopses and `--help` text describe a command's grammar, they do not run it: `cosign sign [flags]`,
 * `cosign sign --key <key path>|<kms uri> [--payload <path>] <image uri>`. In documentation, a cosign line
 * with an optional part in brackets (`[flags]`, `[OPTIONS]`, `[--payload …]`, `[-a key=value]`) or
 * `<a>|<b>` alternatives is a synopsis. `[ -n "$X" ]` (a test, blank after the bracket) is not.
 */
const OPTIONAL_PART = /(?:^|[\s|])\[(?:--?[A-Za-z]|[A-Za-z][\w -]*\](?:\.\.\.)?(?=[\s|]|$))/;
const ALTERNATIVES = /[>\]]\|[<[]/;

export function isUsageSynopsis(command: CosignCommand): boolean {
  if (!command.documentation) return false;
  const text = command.segment.source.text;
  const start = command.program.start;
  const newline = text.indexOf('\n', command.invocation.command.end);
  const line = text.slice(start, newline < 0 ? text.length : newline);
  return OPTIONAL_PART.test(line) || ALTERNATIVES.test(line);
}
