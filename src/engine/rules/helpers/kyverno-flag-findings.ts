import { policyView } from '../../policies/documents';
import { kyvernoDisabledChecks, pairRange, type KyvernoCheck } from '../../policies/kyverno-flags';
import type { RawFinding } from '../../types';
import type { FileContext } from '../rule';
import { PolicyFindings } from './policy-findings';

/** How a Kyverno rule about one switched-off verification check (KW512 `ignoreTlog`, KW513 `ignoreSCT`) reports it. */
export interface KyvernoFlagRuleSpec {
  /** Where the check is switched off: the `verifyImages` spelling and the ImageValidatingPolicy one. */
  readonly checks: readonly KyvernoCheck[];
  readonly message: string;
  /** The first finding's identity; later ones get `#2`, `#3` … so that each can be suppressed on its own. */
  readonly identity: string;
}

/** The findings of a KW512/KW513-style rule: one per `<block>: { <flag>: true }`, each with its removal fix. */
export function kyvernoFlagFindings(file: FileContext, spec: KyvernoFlagRuleSpec): RawFinding[] {
  const view = policyView(file);
  if (!view) return [];
  const found = new PolicyFindings(view);
  kyvernoDisabledChecks(view, spec.checks, (pair, fix, index) =>
    found.report({ range: pairRange(pair), message: spec.message, identity: index === 0 ? spec.identity : `${spec.identity}#${index + 1}`, fix }),
  );
  return found.list;
}
