import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { ScanGaps } from '../findings/finding-caps';
import { findingFingerprint, HEAD_BYTES, scanFileBytes } from '../scan/scanner';
import type { FileSuppressions } from '../findings/suppress';
import { silentLogger, type Cancellation, type Logger, type ScanResult, type SkippedFile } from '../types';
import { loadKeywardIgnore } from '../scan/workspace-scan';
import { GitError } from '../process/git-error';
import { readBlobs } from './blob-reader';
import { untrustedError } from '../process/git-process';
import type { HistoryFinding } from './history-finding';
import { listHeadBlobs, listHistoryBlobs, type BlobIntroduction } from './history-walk';
import { incompleteHistoryMessage, isPromisorRepository } from './object-presence';
import { pathExcluder } from './path-filter';
import { historyMessage } from './remediation';

export interface HistoryScanOptions {
  /** Absolute folder inside the repository; paths are repository-relative. */
  readonly root: string;
  /** false: refused with GitError('untrusted'). */
  readonly trusted: boolean;
  /** Blobs over this size are only looked at by their head (key containers); default DEFAULT_MAX_FILE_SIZE. */
  readonly maxFileSize?: number | undefined;
  /** minimatch globs (repository-relative): a blob is skipped when every path it was committed at is excluded. */
  readonly exclude?: readonly string[] | undefined;
  /** Default: the key rules (configuration findings in old commits are not exposures). */
  readonly rules?: readonly Rule[] | undefined;
  /** Default: the root's `.keywardignore`, matched against the path where each blob first appeared. */
  readonly suppressions?: FileSuppressions | undefined;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
}

export interface HistoryScanResult extends ScanResult {
  readonly findings: readonly HistoryFinding[];
  readonly commits: number;
}

/**
 * Finds private keys anywhere in the git history: every blob reachable from any ref is read once (blob ids
 * deduplicate moved, copied and re-added files) and scanned once. One finding per key (rule + identity),
 * placed where the key first appeared, with whether HEAD still has it.
 */
export async function scanHistory(options: HistoryScanOptions): Promise<HistoryScanResult> {
  if (!options.trusted) throw untrustedError();
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  const git = { trusted: true, cancellation: options.cancellation };
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const rules = options.rules ?? RULES.filter((rule) => rule.meta.kind === 'key');
  const suppressions = options.suppressions ?? (await loadKeywardIgnore(root, { logger })).suppressions;

  const { blobs, commits } = await listHistoryBlobs(root, git).catch(async (error: unknown) => {
    throw (await isPromisorRepository(root, git)) ? incompleteWalkError(error) : error;
  });
  const excluded = pathExcluder(options.exclude);
  for (const [oid, intro] of blobs) if ([...intro.paths].every(excluded)) blobs.delete(oid);
  const head = await listHeadBlobs(root, git);
  logger.info(`history: ${commits} commits, ${blobs.size} distinct file blobs`);

  const byKey = new Map<string, { finding: HistoryFinding; intro: BlobIntroduction; paths: Set<string>; atHead: boolean }>();
  const skipped: SkippedFile[] = [];
  const gaps = new ScanGaps();
  let scanned = 0;
  const { complete, missing } = await readBlobs(
    root,
    [...blobs.keys()],
    { trusted: true, maxBytes: maxFileSize, headBytes: HEAD_BYTES, cancellation: options.cancellation },
    (blob) => {
      const intro = blobs.get(blob.oid);
      if (!intro) return;
      // The rule gates run on the blob's bytes: most blobs are never decoded.
      const report = scanFileBytes({ path: intro.path, bytes: blob.bytes, complete: !blob.truncated, committed: true }, { rules, logger, suppressions });
      const { findings, yamlSkipped } = report;
      gaps.add(report);
      scanned++;
      if (blob.truncated && findings.length === 0)
        skipped.push({ path: intro.path, reason: 'too-large', detail: `blob ${blob.oid.slice(0, 12)} in commit ${intro.commit.slice(0, 12)}` });
      if (yamlSkipped !== undefined)
        skipped.push({
          path: intro.path,
          reason: 'yaml-too-deep',
          detail: `${yamlSkipped} (blob ${blob.oid.slice(0, 12)} in commit ${intro.commit.slice(0, 12)})`,
        });
      for (const finding of findings) {
        const key = `${finding.ruleId}\0${finding.identity}`;
        const known = byKey.get(key);
        const atHead = head.has(blob.oid);
        if (known) {
          intro.paths.forEach((p) => known.paths.add(p));
          known.atHead ||= atHead;
          if (intro.authorTime >= known.intro.authorTime) continue;
        }
        const entry = { finding: finding as HistoryFinding, intro, paths: known?.paths ?? new Set(intro.paths), atHead: (known?.atHead ?? false) || atHead };
        byKey.set(key, entry);
      }
    },
  );

  const ordered = [...byKey.values()].sort(
    (a, b) =>
      a.intro.authorTime - b.intro.authorTime ||
      (a.intro.path < b.intro.path ? -1 : a.intro.path > b.intro.path ? 1 : 0) ||
      a.finding.range.start - b.finding.range.start,
  );
  const findings = ordered.map(({ finding, intro, paths, atHead }): HistoryFinding => {
    const history = { commit: intro.commit, authorDate: intro.authorDate, firstSeenPath: intro.path, presentAtHead: atHead, paths: [...paths].sort() };
    return {
      ...finding,
      message: historyMessage(finding.message, history),
      fingerprint: findingFingerprint(finding.ruleId, intro.path, finding.identity),
      committed: true,
      history,
    };
  });
  logger.info(`history: ${scanned} blobs scanned, ${findings.length} keys found${complete ? '' : ' (cancelled)'}`);
  if (missing.length > 0)
    logger.warn(`${incompleteHistoryMessage(missing.length)}: the repository does not have them (a partial clone), and Keyward never fetches`);
  return { findings, skipped, filesScanned: scanned, cancelled: !complete, commits, missingObjects: missing.length, ...gaps.fields() };
}

function incompleteWalkError(error: unknown): GitError {
  const reason = error instanceof Error ? error.message : String(error);
  return new GitError(
    'failed',
    `history incomplete: this partial clone lacks objects git needs to list the history, and Keyward never fetches them (${reason})`,
    { cause: error },
  );
}
