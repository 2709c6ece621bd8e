import { open, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, discoverFiles, type DiscoveredFile } from './discovery/discover';
import { KEYWARDIGNORE_FILE, parseKeywardIgnore, type KeywardIgnoreProblem } from './fixes/keywardignore';
import { readGitState, type GitState } from './git';
import type { Rule } from './rules/rule';
import { errorClass, scanFile } from './scanner';
import { createFileSuppressions, NO_FILE_SUPPRESSIONS, type FileSuppressions, type KeywardIgnoreEntry } from './suppress';
import { decodeFile } from './text/decode';
import type { WorkspaceFacts } from './workspace-facts';
import { readWorkspaceFacts } from './workspace-facts-files';
import { silentLogger, type Cancellation, type Finding, type Logger, type ScanResult, type SkippedFile } from './types';

export { DEFAULT_MAX_FILE_SIZE } from './discovery/discover';

export interface WorkspaceScanOptions {
  /** Absolute workspace folder. */
  readonly root: string;
  /** Optional subset: files or folders, absolute or relative to root. */
  readonly paths?: readonly string[] | undefined;
  /** minimatch globs relative to root (keyward.exclude, CLI --exclude, VS Code files.exclude keys that are true). */
  readonly exclude?: readonly string[] | undefined;
  /** Bytes; default DEFAULT_MAX_FILE_SIZE. Key containers (*.p12, *.pfx, *.jks, *.keystore) are read regardless. */
  readonly maxFileSize?: number | undefined;
  /** Default true. */
  readonly useGitignore?: boolean | undefined;
  /** false: never spawn git or any process (a repository's .git/config can run programs). */
  readonly trusted: boolean;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
  readonly rules?: readonly Rule[] | undefined;
  /** Facts for identity-inferring fixes; read from the folder's files (never by running git) when absent. */
  readonly workspace?: WorkspaceFacts | undefined;
}

/** Files read at once: enough to hide disk latency, few enough to keep memory bounded (16 × 2 MiB). */
const READ_CONCURRENCY = 16;
/** Bytes of a binary file the rules see (magic numbers, keystore headers). */
export const HEAD_BYTES = 64 * 1024;

/**
 * Scans a workspace folder: git state once, `.keywardignore` once, discovery, then every file through
 * `scanFile`. Findings are ordered by path and offset. Cancellation is checked between files; a cancelled
 * scan returns what it found so far with `cancelled: true`.
 */
export async function scanWorkspace(options: WorkspaceScanOptions): Promise<ScanResult> {
  const logger = options.logger ?? silentLogger;
  const root = path.resolve(options.root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const git = await readGitState(root, { trusted: options.trusted, logger });
  // Honoured in untrusted workspaces too: see the format notes in fixes/keywardignore.ts.
  const { suppressions } = await loadKeywardIgnore(root, { logger });
  const workspace = options.workspace ?? (await readWorkspaceFacts(root, { logger }));
  const discovery = await discoverFiles({
    root,
    paths: options.paths,
    exclude: options.exclude,
    maxFileSize,
    useGitignore: options.useGitignore,
    git,
    cancellation: options.cancellation,
    logger,
  });

  const perFile: (Finding[] | undefined)[] = new Array<Finding[] | undefined>(discovery.files.length);
  const skipped: SkippedFile[] = [...discovery.skipped];
  let cancelled = discovery.cancelled;
  let filesScanned = 0;
  let next = 0;
  const context: FileScanContext = { git, suppressions, maxFileSize, logger, rules: options.rules, workspace };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (options.cancellation?.isCancellationRequested) {
        cancelled = true;
        return;
      }
      const index = next++;
      const file = discovery.files[index];
      if (!file) return;
      const outcome = await scanOne(file, context);
      if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
      else {
        perFile[index] = outcome.findings;
        filesScanned++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, discovery.files.length) }, worker));

  const findings = perFile.flatMap((list) => list ?? []);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  logger.info(`scan: ${filesScanned} files scanned, ${findings.length} findings, ${skipped.length} skipped${cancelled ? ' (cancelled)' : ''}`);
  return { findings, skipped, filesScanned, cancelled };
}

interface FileScanContext {
  readonly git: GitState;
  readonly suppressions: FileSuppressions;
  readonly maxFileSize: number;
  readonly logger: Logger;
  readonly rules: readonly Rule[] | undefined;
  readonly workspace: WorkspaceFacts;
}

type FileOutcome = { readonly kind: 'scanned'; readonly findings: Finding[] } | { readonly kind: 'skipped'; readonly skipped: SkippedFile };

async function scanOne(file: DiscoveredFile, context: FileScanContext): Promise<FileOutcome> {
  let bytes: Uint8Array;
  // Key containers over the size cap: the rules only need their first bytes.
  const headOnly = file.size > context.maxFileSize;
  try {
    bytes = headOnly ? await readHead(file.absolutePath, HEAD_BYTES) : await readFile(file.absolutePath);
  } catch (error) {
    return { kind: 'skipped', skipped: { path: file.path, reason: 'unreadable', detail: `cannot read (${errorClass(error)})` } };
  }
  const decoded = headOnly ? undefined : decodeFile(bytes);
  const text = decoded?.kind === 'text' ? decoded.text : undefined;
  const findings = scanFile(
    { path: file.path, text, head: bytes.subarray(0, HEAD_BYTES), committed: context.git.isTracked(file.path), workspace: context.workspace },
    { logger: context.logger, suppressions: context.suppressions, ...(context.rules ? { rules: context.rules } : {}) },
  );
  // A binary file is "skipped" only when no binary rule recognised it: then nothing in it was read as a key.
  if (text === undefined && findings.length === 0) {
    return { kind: 'skipped', skipped: { path: file.path, reason: 'binary', detail: 'binary content in no recognised key format' } };
  }
  return { kind: 'scanned', findings };
}

async function readHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface LoadedKeywardIgnore {
  readonly suppressions: FileSuppressions;
  readonly entries: readonly KeywardIgnoreEntry[];
  readonly problems: readonly KeywardIgnoreProblem[];
}

/**
 * Reads the root `.keywardignore` (absent: no suppressions). Problems (entries without a reason, bad rule
 * ids) are logged as warnings and returned, so hosts can show them on the file.
 */
export async function loadKeywardIgnore(root: string, opts: { logger?: Logger | undefined } = {}): Promise<LoadedKeywardIgnore> {
  let text: string;
  try {
    text = await readFile(path.join(root, KEYWARDIGNORE_FILE), 'utf8');
  } catch {
    return { suppressions: NO_FILE_SUPPRESSIONS, entries: [], problems: [] };
  }
  const { entries, problems } = parseKeywardIgnore(text);
  for (const problem of problems) opts.logger?.warn(`${KEYWARDIGNORE_FILE} line ${problem.line + 1}: ${problem.message}`);
  return { suppressions: entries.length > 0 ? createFileSuppressions(entries) : NO_FILE_SUPPRESSIONS, entries, problems };
}
