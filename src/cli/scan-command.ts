import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KEYWARD_VERSION, RULES_DOCS_URL } from '../engine/project';
import { describeNotShown } from '../engine/findings/finding-caps';
import { SEVERITY_RANK, type Finding, type ScanResult } from '../engine/types';
import { readWorkspaceFacts } from '../engine/facts/workspace-facts-files';
import { scanWorkspace } from '../engine/scan/workspace-scan';
import { ripgrepPrefilterPays } from '../engine/scan/ripgrep-prefilter';
import { UsageError, type FailOn, type ScanArgs } from './args';
import { applyBaselineArgs } from './baseline-file';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { applyFixesToDisk, fixSummary, type FixRunReport } from './fix-run';
import { runGitScan, stagedBlockedMessage } from './history-run';
import { writeFileSafely } from './safe-write';
import { stderrLogger } from './logger';
import type { ScanReport } from './report';

/** Runs `keyward scan` and returns the process exit code. */
export async function runScan(args: ScanArgs, io: { cwd: string; stdoutIsTTY: boolean }): Promise<number> {
  const logger = stderrLogger(args.verbose);
  let root = resolve(io.cwd, args.root ?? defaultRoot(args.paths, io.cwd));
  if (!isDirectory(root)) throw new UsageError(`the root "${root}" is not a folder`);
  const paths =
    args.root === undefined && args.paths.length === 1 && isDirectory(resolve(io.cwd, args.paths[0] ?? '.')) ? [] : args.paths.map((p) => resolve(io.cwd, p));
  for (const p of paths) {
    if (!exists(p)) throw new UsageError(`no such file or folder: ${p}`);
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let result;
  let fixReport: FixRunReport | undefined;
  const cancellation = {
    get isCancellationRequested() {
      return controller.signal.aborted;
    },
  };
  try {
    if (args.history || args.staged) ({ result, root } = await runGitScan(args, root, logger, cancellation));
    else result = await scanWorkingTree();
    if (args.fix !== undefined && !result.cancelled) {
      fixReport = await applyFixesToDisk(result, root, args.fix, await readWorkspaceFacts(root, { logger }), logger);
      // What is left: the report describes the files as they are now.
      if (fixReport.fixed.length > 0) result = await scanWorkingTree();
    }
  } finally {
    process.off('SIGINT', onSigint);
  }

  function scanWorkingTree() {
    return scanWorkspace({
      root,
      ...(paths.length > 0 ? { paths } : {}),
      exclude: args.exclude,
      ...(args.maxFileSize !== undefined ? { maxFileSize: args.maxFileSize } : {}),
      useGitignore: args.useGitignore,
      trusted: !args.untrusted,
      cancellation,
      logger,
      ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
      ...(args.cache !== undefined ? { cacheFile: resolve(io.cwd, args.cache) } : {}),
      ...(args.ripgrep === 'on' || (args.ripgrep === 'auto' && ripgrepPrefilterPays()) ? { ripgrep: 'path' as const } : {}),
      watchman: args.watchman,
    });
  }
  result = await applyBaselineArgs(args, result, io.cwd, logger, root);
  for (const skipped of result.skipped) logger.debug(`skipped ${skipped.path}: ${skipped.reason}${skipped.detail ? ` (${skipped.detail})` : ''}`);

  const report: ScanReport = { result, root, toolVersion: KEYWARD_VERSION, docsUrl: RULES_DOCS_URL, ...(fixReport ? { fixes: fixReport } : {}) };
  const rendered =
    args.format === 'json'
      ? formatJson(report)
      : args.format === 'sarif'
        ? formatSarif(report)
        : args.format === 'gitlab'
          ? formatGitlab(report)
          : formatText(report, {
              color: args.color ?? (io.stdoutIsTTY && !process.env['NO_COLOR'] && args.output === undefined),
              cwd: io.cwd,
              verbose: args.verbose,
            });
  if (args.output !== undefined) await writeFileSafely(resolve(io.cwd, args.output), rendered, { root });
  else process.stdout.write(rendered);
  if (fixReport !== undefined) process.stderr.write(fixSummary(fixReport, result.findings.length));
  if (args.format !== 'text') for (const notice of result.truncated ?? []) logger.warn(describeNotShown(notice));
  const code = scanExitCode(result, args.failOn);
  if (args.staged && code === 1) process.stderr.write(stagedBlockedMessage(result.findings));
  return code;
}

/** A rule that failed on a file makes the result incomplete: exit code 2, never a clean 0, whatever --fail-on says. */
export function scanExitCode(result: ScanResult, failOn: FailOn): number {
  if (result.internalErrors && result.internalErrors.length > 0) return 2;
  return exitCodeFor(result.findings, failOn);
}

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'none') return 0;
  return findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]) ? 1 : 0;
}

/** `keyward scan some/dir` scans that folder as the root; anything else is reported relative to the cwd. */
function defaultRoot(paths: readonly string[], cwd: string): string {
  const only = paths.length === 1 ? paths[0] : undefined;
  return only !== undefined && isDirectory(resolve(cwd, only)) ? only : '.';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
