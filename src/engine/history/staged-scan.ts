import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
import { ScanGaps } from '../findings/finding-caps';
import { KEYWARDIGNORE_FILE, parseKeywardIgnore } from '../fixes/keywardignore';
import type { Rule } from '../rules/rule';
import { HEAD_BYTES, scanFileBytes } from '../scan/scanner';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS, type FileSuppressions } from '../findings/suppress';
import { decodeFile } from '../text/decode';
import { silentLogger, type Cancellation, type Finding, type Logger, type ScanResult, type SkippedFile } from '../types';
import { readBlobs } from './blob-reader';
import { streamGitTokens, untrustedError } from '../process/git-process';
import { incompleteHistoryMessage } from './object-presence';
import { pathExcluder } from './path-filter';

export interface StagedScanOptions {
  /** Absolute folder inside the repository; paths are relative to the repository's top level. */
  readonly root: string;
  readonly trusted: boolean;
  /** The index to scan instead of the repository's (a pre-commit hook's GIT_INDEX_FILE). */
  readonly indexFile?: string | undefined;
  readonly maxFileSize?: number | undefined;
  /** minimatch globs (repository-relative) of staged paths not to scan. */
  readonly exclude?: readonly string[] | undefined;
  readonly rules?: readonly Rule[] | undefined;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
}

const FILE_MODES = new Set(['100644', '100755', '100664']);

/**
 * Scans exactly what the next commit would add or change: the index versions (blobs) of the staged
 * added, copied, modified and renamed files, never the working tree, which may differ from what is staged.
 * `.keywardignore` is read from the index too, so a suppression counts once it is staged with the change.
 * Findings are `committed: true`: the commit is about to publish them.
 */
export async function scanStaged(options: StagedScanOptions): Promise<ScanResult> {
  if (!options.trusted) throw untrustedError();
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  const git = { trusted: true, indexFile: options.indexFile };

  const excluded = pathExcluder(options.exclude);
  const changed = new Set<string>();
  await streamGitTokens(root, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', '--no-ext-diff', '--no-textconv'], git, (p) => {
    const file = p.replace(/^\n/, '');
    if (file !== '' && !excluded(file)) changed.add(file);
  });
  // The index's blob id for every path (`<mode> <oid> <stage>\t<path>`); `--full-name` keeps paths root-relative.
  const index = new Map<string, string>();
  let ignoreOid: string | undefined;
  await streamGitTokens(root, ['ls-files', '-s', '-z', '--full-name'], git, (token) => {
    const tab = token.indexOf('\t');
    if (tab < 0) return;
    const [mode = '', oid = ''] = token.slice(0, tab).split(' ');
    const file = token.slice(tab + 1);
    if (file === KEYWARDIGNORE_FILE) ignoreOid = oid;
    if (changed.has(file) && FILE_MODES.has(mode)) index.set(file, oid);
  });
  logger.info(`staged: ${index.size} staged file(s)`);

  const ignore = ignoreOid === undefined ? { suppressions: NO_FILE_SUPPRESSIONS, missing: [] } : await readIgnore(root, ignoreOid, logger);
  const suppressions = ignore.suppressions;
  const byOid = new Map<string, string[]>();
  for (const [file, oid] of index) byOid.set(oid, [...(byOid.get(oid) ?? []), file]);

  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const perPath = new Map<string, Finding[]>();
  const suppressedPerPath = new Map<string, Finding[]>();
  const skipped: SkippedFile[] = [];
  const gaps = new ScanGaps();
  let scanned = 0;
  const { complete, missing: missingBlobs } = await readBlobs(
    root,
    [...byOid.keys()],
    { ...git, maxBytes: maxFileSize, headBytes: HEAD_BYTES, cancellation: options.cancellation },
    (blob) => {
      for (const file of byOid.get(blob.oid) ?? []) {
        const { findings, binary, suppressed, yamlSkipped, ...report } = scanFileBytes(
          { path: file, bytes: blob.bytes, complete: !blob.truncated, committed: true },
          { logger, suppressions, ...(options.rules ? { rules: options.rules } : {}) },
        );
        gaps.add(report);
        scanned++;
        if (suppressed) suppressedPerPath.set(file, suppressed);
        if (binary && findings.length === 0 && !suppressed) skipped.push({ path: file, reason: blob.truncated ? 'too-large' : 'binary' });
        if (yamlSkipped !== undefined) skipped.push({ path: file, reason: 'yaml-too-deep', detail: yamlSkipped });
        perPath.set(file, findings);
      }
    },
  );
  const findings = [...perPath.keys()].sort().flatMap((file) => perPath.get(file) ?? []);
  const missing = [...ignore.missing, ...missingBlobs];
  if (missing.length > 0)
    logger.warn(`${incompleteHistoryMessage(missing.length)}: staged blobs the repository does not have were not scanned, and Keyward never fetches`);
  // Reported like a workspace scan's: a suppression staged with the change is visible in the hook's output.
  const suppressed = [...suppressedPerPath.keys()].sort().flatMap((file) => suppressedPerPath.get(file) ?? []);
  return { findings, skipped, filesScanned: scanned, cancelled: !complete, missingObjects: missing.length, suppressed, ...gaps.fields() };
}

async function readIgnore(root: string, oid: string, logger: Logger): Promise<{ suppressions: FileSuppressions; missing: readonly string[] }> {
  let text = '';
  const { missing } = await readBlobs(root, [oid], { trusted: true, maxBytes: 1024 * 1024, headBytes: 0 }, (blob) => {
    const decoded = decodeFile(blob.bytes);
    if (decoded.kind === 'text') text = decoded.text;
  });
  const { entries, problems } = parseKeywardIgnore(text);
  for (const problem of problems) logger.warn(`${KEYWARDIGNORE_FILE} (staged) line ${problem.line + 1}: ${problem.message}`);
  return { suppressions: entries.length > 0 ? createFileSuppressions(entries) : NO_FILE_SUPPRESSIONS, missing };
}
