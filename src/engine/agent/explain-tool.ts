/**
 * `keyward_explain`: a rule id → what the rule finds, why it matters and the fixes it offers, straight
 * from the rule registry's meta (the same source as docs/rules.md), so an agent's answer never drifts from
 * the docs.
 */
import { RULES_DOCS_URL } from '../project';
import { RULES, ruleById } from '../rules/registry';
import type { Severity, ThreatId } from '../types';
import { THREATS } from '../types';

export interface ExplainedFix {
  readonly kind: string;
  readonly label: string;
  /** Engine fixes: `safe`, `review` or `safe-or-review`; editor fixes (git, .gitignore, rotation guide): `editor`. */
  readonly safety: string;
  readonly migration: boolean;
}

export interface ExplainedRule {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly kind: 'key' | 'config' | 'advisory';
  readonly threats: readonly { readonly id: ThreatId; readonly name: string }[];
  readonly summary: string;
  /** The rule's docs section (Markdown). */
  readonly docs: string;
  readonly docsUrl: string;
  readonly fixes: readonly ExplainedFix[];
}

export type ExplainResult =
  { readonly ok: true; readonly rule: ExplainedRule } | { readonly ok: false; readonly error: string; readonly knownRules: readonly string[] };

/** Accepts `KW201`, `kw201` or the rule's name (`private-key`). */
export function explainRule(idOrName: string): ExplainResult {
  const wanted = idOrName.trim();
  const rule = ruleById(wanted.toUpperCase()) ?? RULES.find((r) => r.meta.name === wanted.toLowerCase());
  if (rule === undefined) return { ok: false, error: `no rule "${wanted.slice(0, 40)}"`, knownRules: RULES.map((r) => r.meta.id) };
  const meta = rule.meta;
  return {
    ok: true,
    rule: {
      id: meta.id,
      name: meta.name,
      title: meta.title,
      severity: meta.severity,
      kind: meta.kind,
      threats: meta.threats.map((id) => ({ id, name: THREATS[id] })),
      summary: meta.summary,
      docs: meta.docs,
      docsUrl: `${RULES_DOCS_URL}#${meta.id.toLowerCase()}`,
      fixes: meta.fixes.map((fix) => ({
        kind: fix.kind,
        label: fix.label,
        safety: 'safety' in fix ? fix.safety : 'editor',
        migration: 'migration' in fix && fix.migration === true,
      })),
    },
  };
}
