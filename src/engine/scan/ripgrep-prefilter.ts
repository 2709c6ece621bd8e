import { availableParallelism } from 'node:os';
import { resolveRipgrepExecutable } from '../process/git-executable';
import { isKeyContainerName } from '../discovery/key-containers';
import { searchWithRipgrep } from '../discovery/rg-search';
import { RuleGates } from '../rules/gate';
import type { Rule } from '../rules/rule';
import { errorClass } from './scanner';
import type { Logger } from '../types';

/**
 * Which ripgrep a workspace scan may use to name the files worth reading:
 * - 'path': an `rg` found through an absolute PATH entry outside the workspace, in trusted workspaces only
 *   (the CLI's default; `--no-rg` turns it off);
 * - { bundled }: the editor's own binary (an absolute path inside the editor's installation), which a
 *   workspace cannot have replaced, so it runs in untrusted workspaces too.
 */
export type RipgrepChoice = 'path' | { readonly bundled: string };

/**
 * Whether the ripgrep prefilter speeds up a full scan on a machine with this many cores (the CLI's default;
 * `--rg` and `--no-rg` decide otherwise). An exact result needs Node's own listing of the folders, so the
 * prefilter can only trade Node's reading and fixed-string search of a file for ripgrep's. On two cores
 * ripgrep's one search thread takes the core Node reads on: on both benchmark trees (bench/ripgrep.mjs,
 * 2026-12-07) the scan with it was 8–13% slower than without (2.46 vs 2.17 s on 100,000 files, 1.10 vs 1.02 s
 * on 68,000 small ones). With more cores it searches beside Node's listing and readers rather than instead of them.
 */
export function ripgrepPrefilterPays(cores = availableParallelism()): boolean {
  return cores > 2;
}

/** ripgrep searches 100,000 files in a few seconds; a file that blocks a read must not hold the scan long. */
const RIPGREP_TIMEOUT_MS = 60_000;

export interface PrefilterRequest {
  readonly choice: RipgrepChoice | undefined;
  readonly root: string;
  readonly trusted: boolean;
  readonly paths: readonly string[] | undefined;
  readonly maxFileSize: number;
  readonly useGitignore: boolean;
  readonly rules: readonly Rule[];
  readonly logger: Logger;
}

/**
 * Starts ripgrep over the workspace, alongside discovery's own walk. undefined (every file is read, as
 * without ripgrep) when ripgrep is off, absent or not allowed here; a failed run likewise ends as a
 * prefilter that lets every file through.
 */
export function startRipgrepPrefilter(request: PrefilterRequest): Prefilter | undefined {
  const { choice, logger } = request;
  if (choice === undefined) return undefined;
  const skip = (why: string): undefined => {
    logger.debug(`scan: ripgrep not used (${why}); every file is read`);
    return undefined;
  };
  // Explicit paths are few files: a whole-folder search would cost more than reading them.
  if (request.paths && request.paths.length > 0) return skip('explicit paths');
  // ripgrep prints Windows paths with backslashes; the parser knows only `./a/b`.
  if (process.platform === 'win32') return skip('not on Windows yet');
  if (!request.rules.every((rule) => rule.gate)) return skip('a rule without a gate reads every file');
  let executable: string | undefined;
  if (choice === 'path') {
    // The binary on PATH is the user's, but untrusted means no program at all, as for git.
    if (!request.trusted) return skip('untrusted workspace');
    executable = resolveRipgrepExecutable(request.root);
    if (executable === undefined) return skip('no rg on PATH outside the workspace');
  } else {
    executable = choice.bundled;
  }
  const anchors = prefilterAnchors(request.rules);
  const prefilter = new Prefilter(request.rules);
  const search = searchWithRipgrep(
    {
      executable,
      root: request.root,
      anchors,
      maxFileSize: request.maxFileSize,
      useGitignore: request.useGitignore,
      timeoutMs: RIPGREP_TIMEOUT_MS,
      signal: prefilter.abort.signal,
    },
    (relative, matched) => prefilter.verdict(relative, matched),
  ).then(
    (count) => logger.debug(`scan: ripgrep (${executable}) searched ${count} files`),
    (error: unknown) =>
      logger.debug(
        prefilter.stopped
          ? 'scan: ripgrep stopped; files without its verdict are read'
          : `scan: ripgrep failed (${errorClass(error)}: ${error instanceof Error ? error.message : String(error)}); files without its verdict are read`,
      ),
  );
  prefilter.finishWith(search);
  return prefilter;
}

/**
 * The fixed strings ripgrep looks for: every gated rule's anchors (bench/ripgrep.mjs asks ripgrep the same),
 * less those that contain another one: a file holding `dev.sigstore` holds `sigstore`, so the verdict is the same
 * and ripgrep has fewer strings to match (the gate itself still needs them all).
 */
export function prefilterAnchors(rules: readonly Rule[]): readonly string[] {
  return withoutSuperstrings(new RuleGates(rules).anchors.anchors);
}

/** The strings none of the others is a part of (one copy of each). */
export function withoutSuperstrings(anchors: readonly string[]): string[] {
  const unique = [...new Set(anchors)];
  return unique.filter((anchor) => !unique.some((other) => other !== anchor && anchor.includes(other)));
}

/**
 * Decides which files need reading, as ripgrep's verdicts come in. A file is left unread only when reading
 * it could not change the result: ripgrep searched all of it and found no rule anchor and no NUL byte (so it
 * is text, not binary, and not UTF-16 with ASCII in it: every gate's anchors are ASCII), and no rule cares
 * about its path. Such a file's outcome is the scanner's for it: scanned, no findings.
 */
export class Prefilter {
  readonly abort = new AbortController();
  private readonly pathGated: (relative: string) => boolean;
  private readonly verdicts = new Map<string, boolean>();
  private finished = false;
  /** Stopped by `stop`: its end is no failure. */
  stopped = false;
  private readonly startedAt = performance.now();
  private listener: ((relative: string) => void) | undefined;
  /** Settles when ripgrep has ended (or failed, or was stopped): every file is decidable from then on. */
  whenDone: Promise<void> = Promise.resolve();

  constructor(rules: readonly Rule[]) {
    const byPath = rules.map((rule) => rule.gate?.path).filter((test): test is (p: string) => boolean => test !== undefined);
    this.pathGated = (relative) => isKeyContainerName(relative) || byPath.some((test) => test(relative));
  }

  finishWith(search: Promise<void>): void {
    this.whenDone = search.then(() => {
      this.finished = true;
    });
  }

  verdict(relative: string, matched: boolean): void {
    this.verdicts.set(relative, matched);
    this.listener?.(relative);
  }

  /** Called with each path ripgrep gives a verdict on, as it does. */
  onVerdict(listener: (relative: string) => void): void {
    this.listener = listener;
  }

  /** Whether the file can be decided now: ripgrep has given its verdict on it, or has ended. */
  isDecidable(relative: string): boolean {
    return this.finished || this.verdicts.has(relative);
  }

  canSkipReading(relative: string): boolean {
    return this.verdicts.get(relative) === false && !this.pathGated(relative);
  }

  /** How long ripgrep would take to judge `files` more at its pace so far (0 once it has ended, unbounded before its first verdict). */
  secondsToJudge(files: number): number {
    if (this.finished) return 0;
    if (this.verdicts.size === 0) return Infinity;
    return (files * (performance.now() - this.startedAt)) / 1000 / this.verdicts.size;
  }

  /** Stops ripgrep (a cancelled scan); every file not yet decided is then read. */
  cancel(): void {
    this.abort.abort();
  }

  /** Stops ripgrep because its verdicts are no longer worth waiting for; every file not yet decided is then read. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }
}
