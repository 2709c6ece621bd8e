import { isMap, visit, type Pair } from 'yaml';
import type { Fix } from '../types';
import { disableFlagEdit, nodeRange, pairOf } from '../workflows/yaml-edit';
import { isTrue, type PolicyView } from './documents';

/** Which policies to look in, and the `<block>.<flag>` that switches a check off there. */
export interface KyvernoCheck {
  readonly policies: 'verifyImages' | 'ImageValidatingPolicy';
  readonly block: string;
  readonly flag: string;
}

/**
 * Every `<block>: { <flag>: true }` in the Kyverno policies of a file (`rekor.ignoreTlog`,
 * `ctlog.ignoreSCT` at any depth of `verifyImages`; `ctlog.insecureIgnoreTlog`/`insecureIgnoreSCT` of
 * ImageValidatingPolicy attestors), with a fix that turns the check back on.
 */
export function kyvernoDisabledChecks(
  view: PolicyView,
  checks: readonly KyvernoCheck[],
  report: (pair: Pair<unknown, unknown>, fix: Fix | undefined, index: number) => void,
): void {
  let index = 0;
  for (const { policies, block, flag } of checks) {
    for (const doc of policies === 'verifyImages' ? view.kyvernoDocs : view.imageValidatingDocs) {
      visit(doc, {
        Pair(_key, pair) {
          if (!isMap(pair.value) || (pair.key as { value?: unknown } | null)?.value !== block) return;
          const setting = pairOf(pair.value, flag);
          if (!setting || !isTrue(setting.value) || !nodeRange(setting.key) || !nodeRange(setting.value)) return;
          const edit = disableFlagEdit(view.text, pair.value, setting);
          report(setting, edit ? { title: `Remove ${flag}`, edits: [edit], safety: 'safe' } : undefined, index++);
        },
      });
    }
  }
}

export function pairRange(pair: Pair<unknown, unknown>): { start: number; end: number } {
  return { start: nodeRange(pair.key)?.start ?? 0, end: nodeRange(pair.value)?.end ?? nodeRange(pair.key)?.end ?? 0 };
}
