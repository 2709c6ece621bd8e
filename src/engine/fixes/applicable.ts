import { declarationsOf, isEngineFix } from '../rules/helpers/fix-declarations';
import { ruleById, RULES } from '../rules/registry';
import type { Finding, Fix, TextEdit } from '../types';

/**
 * Choosing fixes that can be applied together to one file ("fix all", the workspace migration). Two
 * fixes can touch the same text (KW201 and KW204 both rewrite one `cosign sign --key env://…`): applying
 * both would corrupt it. Like vscode-eslint's `Fixes.getApplicable`, fixes are taken in text order and
 * a fix is dropped when one of its edits overlaps an edit already taken; the dropped ones show up again
 * after the next scan if they still apply. A fix is taken or dropped whole: half a fix is no fix.
 */
export function applicableFixes(fixes: readonly Fix[]): Fix[] {
  const ordered = fixes
    .filter((fix) => fix.edits.length > 0)
    .map((fix, index) => ({ fix, index, start: Math.min(...fix.edits.map((e) => e.range.start)) }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  const result: Fix[] = [];
  for (const { fix } of ordered) {
    const key = editsKey(fix.edits);
    // The same edits offered by two findings: apply once.
    if (seen.has(key)) continue;
    if (fix.edits.some((edit) => taken.some((other) => conflicts(edit, other)))) continue;
    // A fix whose own edits overlap cannot be applied by an editor either.
    if (fix.edits.some((edit, i) => fix.edits.some((other, j) => i !== j && conflicts(edit, other)))) continue;
    seen.add(key);
    taken.push(...fix.edits);
    result.push(fix);
  }
  return result;
}

/**
 * Overlapping ranges, or two insertions at the same offset (their order would be arbitrary). Ranges
 * that only touch are fine: `[0,3)` then `[3,5)`.
 */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = a.range.start === a.range.end;
  const bEmpty = b.range.start === b.range.end;
  if (aEmpty && bEmpty) return a.range.start === b.range.start;
  if (aEmpty) return a.range.start > b.range.start && a.range.start < b.range.end;
  if (bEmpty) return b.range.start > a.range.start && b.range.start < a.range.end;
  return a.range.start < b.range.end && b.range.start < a.range.end;
}

function editsKey(edits: readonly TextEdit[]): string {
  return JSON.stringify(
    [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end).map((e) => [e.range.start, e.range.end, e.newText]),
  );
}

/** Every `safe` fix of a file's findings that can be applied together: the "fix all" set. */
export function safeFixesOf(findings: readonly Finding[]): Fix[] {
  return applicableFixes(findings.flatMap((finding) => (finding.fixes ?? []).filter((fix) => fix.safety === 'safe')));
}

/**
 * The fixes that migrate to keyless signing or identity-based verification, and so belong in "Keyward:
 * Migrate Workspace to Keyless Signing": those a rule declares with `migration: true` in its meta (for
 * example KW201's keyless rewrite, KW401's move of `id-token: write` to the signing job, KW303's signer
 * identity in place of a wildcard regexp, KW501's keyless authority). Each finding contributes its first
 * fix (the migration; later ones are alternatives). Removing flags that disable the log or SCT checks is
 * not a migration: it stays with "fix all" and the quick fixes.
 */
export const MIGRATION_RULE_IDS: ReadonlySet<string> = new Set(
  RULES.filter((rule) => rule.meta.fixes.some((declared) => isEngineFix(declared) && declared.migration)).map((rule) => rule.meta.id),
);

/** Whether `fix`, reported by rule `ruleId`, is a keyless migration its rule declares. */
export function isMigrationFix(ruleId: string, fix: Fix): boolean {
  const meta = ruleById(ruleId)?.meta;
  return meta !== undefined && declarationsOf(meta, fix).some((declared) => declared.migration === true);
}

/** The migration fixes of one file's findings that can be applied together. */
export function migrationFixesOf(findings: readonly Finding[]): Fix[] {
  return applicableFixes(
    findings.flatMap((finding) => {
      const first = finding.fixes?.[0];
      return first !== undefined && isMigrationFix(finding.ruleId, first) ? [first] : [];
    }),
  );
}
