import { lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixesToApply, fixText, type FixMode } from '../engine/fixes/fix-text';
import { scanFile } from '../engine/scan/scanner';
import { escapeForDisplay } from '../engine/text/display-escape';
import type { Finding, Logger, ScanResult } from '../engine/types';
import type { WorkspaceFacts } from '../engine/facts/workspace-facts';
import { UsageError } from './args';
import { writeFileSafely } from './safe-write';

/** What `keyward scan --fix` changed in one file. */
export interface FileFixReport {
  readonly path: string;
  /** Titles of the fixes applied, in order. */
  readonly fixes: readonly string[];
}

export interface FixRunReport {
  readonly fixed: readonly FileFixReport[];
  /** Files with fixes that were not written, and why (a symlink, not plain UTF-8, changed on disk …). */
  readonly notFixed: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * Applies the fixes of a scan's findings to the files on disk: the same edits the editor offers, from the
 * same engine. A file is read again, re-scanned in memory and fixed round by round (`fixText`), then
 * replaced by `writeFileSafely` (a new file beside it, renamed over it; never through a symlink; mode kept). Key findings
 * (KW1xx) are never fixed here: their remedies are git and rotation, never an edit of the key file.
 */
export async function applyFixesToDisk(result: ScanResult, root: string, mode: FixMode, workspace: WorkspaceFacts, logger: Logger): Promise<FixRunReport> {
  const byPath = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    if (isKeyRule(finding.ruleId) || fixesToApply([finding], mode).length === 0) continue;
    byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  }
  const fixed: FileFixReport[] = [];
  const notFixed: { path: string; reason: string }[] = [];
  for (const [relative, findings] of byPath) {
    const file = path.join(root, ...relative.split('/'));
    const outcome = await fixFile(file, relative, findings, mode, workspace, root);
    if (typeof outcome === 'string') {
      notFixed.push({ path: relative, reason: outcome });
      logger.info(`not fixed: ${escapeForDisplay(relative)}: ${escapeForDisplay(outcome)}`);
    } else if (outcome.length > 0) {
      fixed.push({ path: relative, fixes: outcome });
    }
  }
  return { fixed, notFixed };
}

/** The titles of the fixes written, or why the file was left alone. */
async function fixFile(
  file: string,
  relative: string,
  findings: readonly Finding[],
  mode: FixMode,
  workspace: WorkspaceFacts,
  root: string,
): Promise<string[] | string> {
  let info;
  try {
    info = lstatSync(file);
  } catch {
    return 'the file is gone';
  }
  if (!info.isFile()) return info.isSymbolicLink() ? 'a symbolic link (only regular files are edited)' : 'not a regular file';
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes) || text.charCodeAt(0) === 0xfeff) return 'not plain UTF-8 text (edit it in the editor)';
  // The rules the scan reported for this file (so suppressed rules stay untouched) and its git state.
  const reported = new Set(findings.map((f) => f.ruleId));
  const committed = findings[0]?.committed;
  const scan = (current: string): Finding[] => scanFile({ path: relative, text: current, committed, workspace }).filter((f) => reported.has(f.ruleId));
  const outcome = fixText(text, scan, mode);
  if (outcome.text === text) return [];
  try {
    await writeFileSafely(file, outcome.text, { root });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return outcome.applied.map((fix) => fix.title);
}

function isKeyRule(ruleId: string): boolean {
  return /^KW1\d\d$/.test(ruleId);
}

/** One line per fixed file and a summary, for stderr (stdout keeps the report format clean). */
export function fixSummary(report: FixRunReport, remaining: number): string {
  // Paths come from the repository: never let one drive the terminal.
  const lines = report.fixed.map((f) => `fixed ${escapeForDisplay(f.path)}: ${f.fixes.join('; ')}`);
  for (const skipped of report.notFixed) lines.push(`not fixed ${escapeForDisplay(skipped.path)}: ${escapeForDisplay(skipped.reason)}`);
  const count = report.fixed.reduce((sum, f) => sum + f.fixes.length, 0);
  lines.push(`keyward: ${count} fix(es) applied in ${report.fixed.length} file(s); ${remaining} finding(s) left`);
  return `${lines.join('\n')}\n`;
}
