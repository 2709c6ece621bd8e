import type { RawFinding, Severity } from '../../types';
import { finding, IdentityCounter } from './cosign-findings';
import { removeFlagFix } from '../../fixes/cosign-fixes';
import { flagOccurrences, type FlagOccurrence } from '../../cosign/occurrences';
import type { CosignView } from '../../cosign/view';

/** How a rule about one risky flag (or its `COSIGN_*` variable) reports and fixes it. */
export interface FlagRuleSpec {
  readonly ruleId: string;
  /** Flag names without dashes. */
  readonly flags: readonly string[];
  /** Whether this occurrence is a problem (a boolean that is on, a value that is off …). */
  readonly applies: (occurrence: FlagOccurrence) => boolean;
  readonly severity: (occurrence: FlagOccurrence) => Severity;
  /** The message; `written` is how the flag appears (`--insecure-ignore-tlog`, `COSIGN_INSECURE_IGNORE_TLOG=true`). */
  readonly message: (occurrence: FlagOccurrence, written: string) => string;
  /** Title of the removal fix; no fix when undefined. */
  readonly removeTitle?: (written: string) => string;
}

/** Findings for every occurrence of the spec's flags, each with a removal fix where one is valid. */
export function flagFindings(view: CosignView, spec: FlagRuleSpec): RawFinding[] {
  const ids = new IdentityCounter();
  const out: RawFinding[] = [];
  for (const name of spec.flags) {
    for (const occurrence of flagOccurrences(view, name)) {
      if (!spec.applies(occurrence)) continue;
      const { flag, command } = occurrence;
      const written = flag.binding ? `${flag.spelled}=${flag.literal ? (flag.value ?? '') : '…'}` : flag.words.map((w) => w.value).join(' ');
      const host = command?.segment.host ?? flag.binding?.host;
      const fix = spec.removeTitle
        ? command
          ? removeFlagFix(command, flag, spec.removeTitle(written))
          : flag.binding?.removal
            ? { title: spec.removeTitle(written), edits: [flag.binding.removal], safety: 'safe' as const }
            : undefined
        : undefined;
      out.push(
        finding({
          ruleId: spec.ruleId,
          range: flag.range,
          severity: spec.severity(occurrence),
          documentation: occurrence.documentation,
          host,
          identity: ids.next(`${name}|${command?.subcommand ?? 'env'}|${flag.binding ? 'env' : 'flag'}`),
          message: spec.message(occurrence, written),
          fixes: [fix],
        }),
      );
    }
  }
  return out;
}
