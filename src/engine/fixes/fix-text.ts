import type { Finding, Fix } from '../types';
import { applyEdits } from '../shell/edits';
import { applicableFixes, safeFixesOf } from './applicable';

/** `safe`: `keyward scan --fix`; `unsafe`: `--unsafe-fixes`, also the fixes that need review (migration, identity pins). */
export type FixMode = 'safe' | 'unsafe';

export interface TextFixOutcome {
  readonly text: string;
  /** Every fix applied, in the order applied (a later round's fixes were computed on the text so far). */
  readonly applied: readonly Fix[];
}

/** Rounds of fix-and-rescan: enough for fixes that unblock one another (overlapping edits wait a round). */
const MAX_ROUNDS = 5;

/**
 * Applies a file's fixes until none is left, re-scanning after each round so every edit is computed on
 * the current text (as the editor's "fix all" would after each save). `scan` returns the findings of a
 * text. The result of a second run on the output is the output itself: the loop only stops early when a
 * round has nothing to apply, and a round never applies a fix twice.
 */
export function fixText(text: string, scan: (text: string) => readonly Finding[], mode: FixMode): TextFixOutcome {
  const applied: Fix[] = [];
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fixes = fixesToApply(scan(current), mode);
    if (fixes.length === 0) break;
    const next = applyEdits(
      current,
      fixes.flatMap((fix) => fix.edits),
    );
    if (next === current) break;
    applied.push(...fixes);
    current = next;
  }
  return { text: current, applied };
}

/**
 * The fixes of one round. Safe mode: every safe fix ("fix all"). Unsafe mode: per finding its safe fix,
 * or else its first (preferred) one, but never a fix that leaves `<…>` placeholders to fill in: written
 * unattended, it would break the command it edits.
 */
export function fixesToApply(findings: readonly Finding[], mode: FixMode): Fix[] {
  if (mode === 'safe') return safeFixesOf(findings);
  return applicableFixes(
    findings.flatMap((finding) => {
      const usable = (finding.fixes ?? []).filter((fix) => fix.needsInput !== true);
      const chosen = usable.find((fix) => fix.safety === 'safe') ?? usable[0];
      return chosen === undefined ? [] : [chosen];
    }),
  );
}
