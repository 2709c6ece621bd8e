import { DEFAULT_MAX_FILE_SIZE } from '../discovery/discover';
import { isKeyContainerName } from '../discovery/key-containers';
import { filesContainingAnyOf, listFiles } from '../discovery/rg-file-lists';
import { resolveRipgrepExecutable } from '../process/git-executable';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { silentLogger, type Cancellation, type Logger } from '../types';
import type { RipgrepChoice } from './ripgrep-prefilter';
import { errorClass } from './scanner';

/** Listing 30,000 files takes ripgrep a fraction of a second; past this the full scan is as quick. */
const LISTING_TIMEOUT_MS = 20_000;
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
 * Names that key files usually have (PEM files, `*.key`, PuTTY, OpenSSH's default names…): listing names
 * costs no reads, so these are scanned before ripgrep has searched every file's content. Only an order:
 * whatever their content, they are scanned as any file would be.
 */
const KEY_FILE_NAME = /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|ppk|asc|p8))$/i;

/** ripgrep's answers, in the order they come. Both promises reject when ripgrep fails or is stopped. */
export interface KeyCandidateLists {
  /** Files named like keys, or whose name alone opens a key rule's gate (`*.p12`, `*.jks`, `*.gpg`…): no file read. */
  readonly named: Promise<string[]>;
  /**
   * Every candidate, sorted: the named files and the files holding a key rule's anchor. The content search
   * starts on the first call: a caller that scans the named files first gives that scan the CPUs.
   */
  all(): Promise<string[]>;
  /** Stops ripgrep (and the cancellation polling): call it when done. */
  stop(): void;
}

/**
 * Starts ripgrep with `--files` for the names, and on demand with `-l` and the key rules' fixed-string anchors
 * (PEM armour, OpenSSH, PuTTY, age, minisign, JWK, base64 keystores, gpg-agent keys; in UTF-8 or UTF-16) for
 * the contents. undefined when ripgrep may not run here (off, absent, untrusted with a PATH ripgrep, Windows).
 * A cancelled scan stops it.
 */
export function listKeyCandidates(request: KeyCandidateRequest): KeyCandidateLists | undefined {
  const executable = ripgrepExecutable(request);
  if (executable === undefined) return undefined;
  const keyRules = (request.rules ?? RULES).filter((rule) => rule.meta.kind === 'key');
  const ascii = keyRules.flatMap((rule) => rule.gate?.anchors ?? []);
  // A UTF-16 file (either byte order) holds each ASCII character next to a NUL byte: the anchor's
  // characters joined by NULs are in it whatever the alignment (the scanner decodes such files).
  const anchors = [...new Set([...ascii, ...ascii.map((anchor) => anchor.split('').join('\0'))])];
  const byName = keyRules.map((rule) => rule.gate?.path).filter((test): test is (path: string) => boolean => test !== undefined);
  const isNamed = (relative: string) => KEY_FILE_NAME.test(relative) || isKeyContainerName(relative) || byName.some((test) => test(relative));
  const abort = new AbortController();
  const poll = setInterval(() => {
    if (request.cancellation?.isCancellationRequested) abort.abort();
  }, CANCELLATION_POLL_MS);
  poll.unref?.();
  const common = { executable, root: request.root, useGitignore: request.useGitignore !== false, timeoutMs: LISTING_TIMEOUT_MS, signal: abort.signal };
  const named = listFiles(common).then((files) => files.filter(isNamed));
  // A caller may never ask for the rest: a failure of the names must not go unhandled.
  named.catch(() => undefined);
  let all: Promise<string[]> | undefined;
  return {
    named,
    all: () =>
      (all ??= Promise.all([named, filesContainingAnyOf({ ...common, anchors, maxFileSize: request.maxFileSize ?? DEFAULT_MAX_FILE_SIZE })]).then(([a, b]) =>
        [...new Set([...a, ...b])].sort(),
      )),
    stop: () => {
      clearInterval(poll);
      abort.abort();
    },
  };
}

/**
 * Every key candidate (listKeyCandidates), sorted workspace-relative paths; undefined when ripgrep may not
 * run here, failed, or the scan was cancelled. Binary key files under other names (a PKCS#12 called
 * `release.bin`) are left to the full scan: only their magic bytes, not an anchor, give them away.
 */
export async function findKeyCandidates(request: KeyCandidateRequest): Promise<string[] | undefined> {
  const lists = listKeyCandidates(request);
  if (lists === undefined) return undefined;
  try {
    return await lists.all();
  } catch (error) {
    if (!request.cancellation?.isCancellationRequested) noteListingFailure(request.logger ?? silentLogger, error);
    return undefined;
  } finally {
    lists.stop();
  }
}

export function noteListingFailure(logger: Logger, error: unknown): void {
  logger.debug(`scan: ripgrep could not list key candidates (${errorClass(error)}): no early key scan`);
}

export function ripgrepExecutable(request: Pick<KeyCandidateRequest, 'choice' | 'root' | 'trusted'>): string | undefined {
  const { choice } = request;
  // ripgrep prints Windows paths with backslashes; the parser knows only `./a/b` (as the prefilter).
  if (choice === undefined || process.platform === 'win32') return undefined;
  if (typeof choice === 'object') return choice.bundled;
  // The user's rg on PATH is a program like git: never in an untrusted workspace.
  return request.trusted ? resolveRipgrepExecutable(request.root) : undefined;
}
