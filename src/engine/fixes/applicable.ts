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
  return JSON.stringify([...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end).map((e) => [e.range.start, e.range.end, e.newText]));
}

/** Every `safe` fix of a file's findings that can be applied together: the "fix all" set. */
export function safeFixesOf(findings: readonly Finding[]): Fix[] {
  return applicableFixes(findings.flatMap((finding) => (finding.fixes ?? []).filter((fix) => fix.safety === 'safe')));
}

/**
 * The rules whose fix migrates to keyless signing or identity-based verification, and so belong in
 * "Keyward: Migrate Workspace to Keyless Signing". Each finding contributes its first fix (the
 * migration; later ones are alternatives).
 * - KW201 `cosign sign --key …` and KW204 a key read from the environment: sign keyless (in a GitHub
 *   Actions or GitLab job the whole job: OIDC token granted, key and password variables removed);
 * - KW403 a keyless signing job without `id-token: write`, KW420 a GitLab job without a sigstore `id_tokens`
 *   entry: grant the token keyless signing needs;
 * - KW401 `id-token: write` at workflow level: move it to the signing job;
 * - KW301 `cosign verify --key …`, KW302 keyless verification without an identity: verify the signer identity;
 * - KW303/KW304 wildcard identity or issuer regexps: the exact signer (or the anchored regexp over the refs
 *   the signing workflow runs on);
 * - KW501/KW502 policy-controller and KW510/KW511 Kyverno: key authorities and attestors to keyless, keyless
 *   without an identity to the exact signer.
 * Removing flags that disable the log or SCT checks is not a migration: it stays with "fix all" and the
 * quick fixes.
 */
export const MIGRATION_RULE_IDS: ReadonlySet<string> = new Set(['KW201', 'KW204', 'KW301', 'KW302', 'KW303', 'KW304', 'KW401', 'KW403', 'KW420', 'KW501', 'KW502', 'KW510', 'KW511']);

/** The migration fixes of one file's findings that can be applied together. */
export function migrationFixesOf(findings: readonly Finding[]): Fix[] {
  return applicableFixes(
    findings.flatMap((finding) => {
      const first = MIGRATION_RULE_IDS.has(finding.ruleId) ? finding.fixes?.[0] : undefined;
      return first === undefined ? [] : [first];
    }),
  );
}
