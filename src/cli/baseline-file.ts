import { resolve } from 'node:path';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline/baseline';
import { readRegularText } from '../engine/io/safe-read';
import type { Logger, ScanResult } from '../engine/types';
import { UsageError, type ScanArgs } from './args';
import { writeFileSafely } from './safe-write';

/** A baseline of 100,000 findings is about 10 MB. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * `--write-baseline FILE` records every finding of this scan (before any `--baseline` filtering, so a
 * refreshed baseline is complete); `--baseline FILE` then keeps only the findings it does not list.
 */
export async function applyBaselineArgs(args: ScanArgs, result: ScanResult, cwd: string, logger: Logger, root?: string): Promise<ScanResult> {
  if (args.writeBaseline !== undefined) {
    const file = resolve(cwd, args.writeBaseline);
    await writeFileSafely(file, serializeBaseline(createBaseline(result.findings)), { root });
    logger.info(`baseline: wrote ${result.findings.length} finding(s) to ${file}`);
  }
  if (args.baseline === undefined) return result;
  const file = resolve(cwd, args.baseline);
  // A baseline can sit in the repository: a FIFO or a device there must not hang or flood the scan.
  const read = readRegularText(file, { maxBytes: MAX_BASELINE_BYTES });
  if (!read.ok) throw new UsageError(`cannot read the baseline ${file} (${read.detail})`);
  const text = read.value;
  let baseline;
  try {
    baseline = parseBaseline(text);
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof BaselineError ? error.message : 'not a Keyward baseline'}`);
  }
  const { findings, baselined } = applyBaseline(result.findings, baseline);
  if (baselined > 0) logger.info(`baseline: ${baselined} known finding(s) not reported`);
  return { ...result, findings };
}
