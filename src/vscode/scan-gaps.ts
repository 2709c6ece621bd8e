import type { FindingsNotShown, Logger, RuleFailure } from '../engine/types';
import { engine } from './engine-loader';

interface Gaps {
  readonly truncated?: readonly FindingsNotShown[] | undefined;
  readonly internalErrors?: readonly RuleFailure[] | undefined;
}

/**
 * Logs what a scan or a document check left out: findings past the caps ("N more findings of KW101 in
 * this file not shown") and rules that failed (error class only, never a message that could quote the
 * file). Returns how many rules failed, for the status bar.
 */
export function logScanGaps(logger: Logger, gaps: Gaps): number {
  for (const notice of gaps.truncated ?? []) logger.warn(engine().describeNotShown(notice));
  for (const failure of gaps.internalErrors ?? []) {
    logger.error(`internal error: rule ${failure.ruleId} failed on ${failure.path} (${failure.errorClass}): its findings in this file are missing`);
  }
  return gaps.internalErrors?.length ?? 0;
}
