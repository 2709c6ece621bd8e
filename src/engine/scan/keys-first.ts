import { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
import { isKeyContainerName } from '../discovery/key-containers';
import { filesContainingAnyOf, listFiles } from '../discovery/rg-file-lists';
import { resolveRipgrepExecutable } from '../process/git-executable';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { silentLogger, type Cancellation, type Logger, type ScanResult } from '../types';
import type { RipgrepChoice } from './ripgrep-prefilter';
import { errorClass } from './scanner';
import type { WorkspaceScanOptions } from './workspace-options';
import { ScanOutcomes } from './workspace-outcomes';
import { prepareScan } from './workspace-prepare';
import { discoverAndRead } from './workspace-read';
import { finishScan } from './workspace-result';

/** Listing 30,000 files takes ripgrep a fraction of a second; past this the full scan is as quick. */
const LISTING_TIMEOUT_MS = 20_000;
/**
 * A head start, not a second scan: past this many candidates (a tree full of base64 that happens to hold
 * a keystore anchor) only the first ones are scanned early; the full scan reads them all anyway.
 */
export const MAX_EARLY_FILES = 2000;
/** How often a running listing checks the scan's cancellation flag (the engine's Cancellation is polled). */
const CANCELLATION_POLL_MS = 25;

export interface KeyCandidateRequest {
  readonly choice: RipgrepChoice | undefined;
  readonly root: string;
  readonly trusted: boolean;
  readonly useGitignore?: boolean | undefined;
  readonly maxFileSize?: number | undefined;
  readonly rules?: readonly Rule[] | undefined;
  readonly cancellation?: Cancellation | undefined;
  readonly logger?: Logger | undefined;
}

/**
 * The files a key rule could report on, named by ripgrep in a fraction of the time a full scan takes: those
 * holding one of the key rules' fixed-string anchors (PEM armour, OpenSSH, PuTTY, age, minisign, JWK, base64
 * keystores, gpg-agent keys; in UTF-8 or UTF-16), and those whose name alone opens a key rule's gate
 * (`*.p12`, `*.jks`, `*.gpg`…). Sorted workspace-relative paths, or undefined when ripgrep may not run here
 * (off, absent, untrusted with a PATH ripgrep, Windows), failed, or the scan was cancelled. Binary key files
 * under other names (a PKCS#12 called `release.bin`) are left to the full scan: only their magic bytes, not an
 * anchor, give them away.
 */
export async function findKeyCandidates(request: KeyCandidateRequest): Promise<string[] | undefined> {
  const logger = request.logger ?? silentLogger;
  const executable = ripgrepExecutable(request);
  if (executable === undefined) return undefined;
  const keyRules = (request.rules ?? RULES).filter((rule) => rule.meta.kind === 'key');
  const ascii = keyRules.flatMap((rule) => rule.gate?.anchors ?? []);
  // A UTF-16 file (either byte order) holds each ASCII character next to a NUL byte: the anchor's
  // characters joined by NULs are in it whatever the alignment (the scanner decodes such files).
  const anchors = [...new Set([...ascii, ...ascii.map((anchor) => anchor.split('').join('\0'))])];
  const byName = keyRules.map((rule) => rule.gate?.path).filter((test): test is (path: string) => boolean => test !== undefined);
  const abort = new AbortController();
  const poll = setInterval(() => {
    if (request.cancellation?.isCancellationRequested) abort.abort();
  }, CANCELLATION_POLL_MS);
  poll.unref?.();
  const common = { executable, root: request.root, useGitignore: request.useGitignore !== false, timeoutMs: LISTING_TIMEOUT_MS, signal: abort.signal };
  try {
    const [withAnchor, all] = await Promise.all([
      filesContainingAnyOf({ ...common, anchors, maxFileSize: request.maxFileSize ?? DEFAULT_MAX_FILE_SIZE }),
      listFiles(common),
    ]);
    const named = all.filter((relative) => isKeyContainerName(relative) || byName.some((test) => test(relative)));
    return [...new Set([...withAnchor, ...named])].sort();
  } catch (error) {
    if (!abort.signal.aborted) logger.debug(`scan: ripgrep could not list key candidates (${errorClass(error)}): no early key scan`);
    return undefined;
  } finally {
    clearInterval(poll);
  }
}

function ripgrepExecutable(request: Pick<KeyCandidateRequest, 'choice' | 'root' | 'trusted'>): string | undefined {
  const { choice } = request;
  // ripgrep prints Windows paths with backslashes; the parser knows only `./a/b` (as the prefilter).
  if (choice === undefined || process.platform === 'win32') return undefined;
  if (typeof choice === 'object') return choice.bundled;
  // The user's rg on PATH is a program like git: never in an untrusted workspace.
  return request.trusted ? resolveRipgrepExecutable(request.root) : undefined;
}

/**
 * The "keys first" phase of a workspace scan: the key candidates (findKeyCandidates) scanned as a
 * workspace scan of just those paths, with the options of the full scan that follows (same trust, git
 * state, ignore rules, excludes, size cap, suppressions): each file it reports, it reports with the findings
 * the full scan will give it, so a host can show them at once and let the full result replace them. The
 * result says `cancelled: true`: it covers only some files, and must never clear findings of others. No
 * cache is read or written. undefined when there is no early phase (no ripgrep, explicit paths, cancelled).
 */
export async function scanKeysFirst(
  options: WorkspaceScanOptions,
  /** Hears the candidates as soon as ripgrep has named them (for hosts that time the phase). */
  onListed?: (candidates: readonly string[]) => void,
): Promise<ScanResult | undefined> {
  if (options.paths !== undefined && options.paths.length > 0) return undefined;
  if (ripgrepExecutable({ choice: options.ripgrep, root: options.root, trusted: options.trusted }) === undefined) return undefined;
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  const { cacheFile: _cache, ripgrep: _ripgrep, ...rest } = options;
  // One worker is enough for a few files; discovery still checks each path (ignore rules, excludes, links, size).
  const scanOptions: WorkspaceScanOptions = { ...rest, jobs: 1 };
  // Git state, .keywardignore and facts are read while ripgrep lists: on a busy machine that is most of the phase.
  const preparing = prepareScan(scanOptions);
  preparing.catch(() => undefined);
  const candidates = await findKeyCandidates({
    choice: options.ripgrep,
    root: options.root,
    trusted: options.trusted,
    useGitignore: options.useGitignore,
    maxFileSize: options.maxFileSize,
    rules: options.rules,
    cancellation: options.cancellation,
    logger,
  });
  if (candidates === undefined || options.cancellation?.isCancellationRequested) return undefined;
  logger.debug(`scan: ${candidates.length} key candidate file(s) named by ripgrep in ${Date.now() - started} ms`);
  onListed?.(candidates);
  if (candidates.length === 0) return { findings: [], skipped: [], filesScanned: 0, cancelled: true, suppressed: [] };
  const paths = candidates.slice(0, MAX_EARLY_FILES);
  // The phases of scanWorkspace (workspace-scan.ts), with the preparation already under way.
  const prepared = await preparing;
  const outcomes = new ScanOutcomes(prepared, options.onFindings);
  const { discovery, cancelled } = await discoverAndRead({ ...scanOptions, paths }, prepared, outcomes);
  const result = await finishScan(prepared, outcomes, discovery, cancelled);
  return { ...result, cancelled: true };
}
