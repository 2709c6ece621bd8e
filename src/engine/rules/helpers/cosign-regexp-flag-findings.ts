import type { FileContext } from '../rule';
import type { Fix, RawFinding } from '../../types';
import type { CosignCommand, CosignFlag } from '../../cosign/command';
import { finding, IdentityCounter } from './cosign-findings';
import type { FixContext } from '../../fixes/cosign-fixes';
import type { RegexpVerdict } from '../../cosign/identity-regexp';
import { flagOccurrences } from '../../cosign/occurrences';
import { cosignView, fixContextOf } from '../../cosign/view';

/** How one "too broad regexp" rule (identity or issuer) judges, words and fixes its flag. */
export interface RegexpFlagCheck {
  readonly ruleId: string;
  /** The cosign flag, without dashes; its `COSIGN_…` variable is matched too. */
  readonly flag: string;
  /** Prefix of the finding identity, e.g. `identity-regexp`. */
  readonly identityKind: string;
  /** "certificate identity" / "OIDC issuer", as the message names the value. */
  readonly noun: string;
  /** The message's closing advice. */
  readonly remedy: string;
  analyze(regexp: string): RegexpVerdict | undefined;
  fix(command: CosignCommand, flag: CosignFlag, context: FixContext): Fix | undefined;
}

/** Findings for every literal value of `check.flag` in the file that `check.analyze` judges too broad. */
export function regexpFlagFindings(file: FileContext, check: RegexpFlagCheck): RawFinding[] {
  const view = cosignView(file);
  const ids = new IdentityCounter();
  const context = fixContextOf(file, view);
  const out: RawFinding[] = [];
  for (const { flag, command, documentation } of flagOccurrences(view, check.flag)) {
    if (!flag.literal || flag.value === undefined) continue;
    const verdict = check.analyze(flag.value);
    if (!verdict) continue;
    const shown = flag.value.length > 100 ? `${flag.value.slice(0, 97)}…` : flag.value;
    out.push(
      finding({
        ruleId: check.ruleId,
        range: flag.range,
        severity: verdict.severity,
        documentation,
        host: command?.segment.host ?? flag.binding?.host,
        identity: ids.next(`${check.identityKind}|${verdict.problem}|${shown}`),
        message: `The ${check.noun} regexp \`${shown}\` ${verdict.problem === 'too-long' ? 'cannot be checked' : 'is too broad'}: ${verdict.detail}. ${check.remedy}`,
        fixes: command ? [check.fix(command, flag, context)] : [],
      }),
    );
  }
  return out;
}
