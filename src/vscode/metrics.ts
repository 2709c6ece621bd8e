/**
 * What Keyward measures about its own start in the editor, for the end-to-end tests and the editor
 * benchmark (bench/editor.mjs), through `KeywardApi.metrics()`. Times are `performance.now()`
 * milliseconds of the extension host. Nothing leaves the machine: this is read by whoever calls the API.
 */
export interface KeywardMetrics {
  /**
   * Keyward's own activation cost: evaluating dist/extension.js plus running `activate()`. Excludes the time
   * the extension host spends between the two (creating the extension context, other extensions' work),
   * which Keyward does not control; `activationWallMs` includes it.
   */
  readonly activationMs: number;
  /**
   * CPU time of the same two steps (process-wide, but nothing else runs on the extension host's thread
   * meanwhile). On a machine busy with other work, wall time grows with the load; this much less.
   */
  readonly activationCpuMs: number;
  /** Evaluating dist/extension.js (all its modules). */
  readonly bundleEvaluationMs: number;
  /** Running `activate()`. */
  readonly activateMs: number;
  /** From the start of evaluating dist/extension.js to the end of `activate()`, whatever ran in between. */
  readonly activationWallMs: number;
  /** `performance.now()` when `activate()` returned: a reference point for callers in the same extension host. */
  readonly activatedAt: number;
  /** How long requiring the engine bundle (dist/engine.js) took, once the first check or scan needed it. */
  readonly engineLoadMs?: number;
  /** CPU time of that load. */
  readonly engineLoadCpuMs?: number;
  /** `performance.now()` when that load started: after `activatedAt`, since activation never loads the engine. */
  readonly engineLoadStartedAt?: number;
  /** Duration of the first workspace scan that ran to the end (not cancelled or superseded). */
  readonly firstScanMs?: number;
  /** The last folder scan: files scanned, and how many the incremental scan cache answered without reading them. */
  readonly lastScan?: { readonly files: number; readonly fromCache: number };
  /** `performance.now()` when the first workspace scan started. */
  readonly firstScanStartedAt?: number;
  /** The last "keys first" phase (a folder's key candidates, scanned before the full scan; needs ripgrep). */
  readonly lastKeysFirst?: KeysFirstRecord;
}

/** What the "keys first" phase of a folder scan did (see background-scan.ts). */
export interface KeysFirstRecord {
  /**
   * `performance.now()` when it started, when ripgrep had listed the files named like keys (scanned at once),
   * when it had named every candidate (those holding a key rule's anchor too), and when all their findings were published.
   */
  readonly startedAt: number;
  readonly namedAt: number;
  readonly listedAt: number;
  readonly endedAt: number;
  /** Candidate files scanned. */
  readonly files: number;
  /** Fingerprints of the findings (and of the suppressed findings) it published: non-secret, as in SARIF output. */
  readonly findings: readonly string[];
  readonly suppressed: readonly string[];
}

/** Formats milliseconds for the log: "4.2 ms". */
export function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
