import { withRemovalState } from '../process/git';
import type { Finding } from '../types';
import type { CacheEntry } from './cache';
import type { FileOutcome } from './disk-file';
import type { PreparedScan } from './workspace-prepare';

/** What a file's scan came to, once a cached "unchanged" has been replaced by the cached findings. */
export type SettledOutcome = Exclude<FileOutcome, { readonly kind: 'unchanged' }>;

/**
 * Phase 3 of a workspace scan: every file's outcome passes through `settle` once, from the cache, a worker
 * or this thread, and is kept here until the result is assembled (workspace-result.ts).
 */
export class ScanOutcomes {
  private readonly outcomes = new Map<string, SettledOutcome>();
  /** Files whose outcome the cache supplied (fresh entries, and touched files with the cached digest). */
  readonly answeredByCache = new Set<string>();
  /** The unchanged cache entries that answered (`settle` from a fresh entry): recorded again as they are. */
  readonly freshEntries = new Map<string, CacheEntry>();

  constructor(
    private readonly prepared: PreparedScan,
    private readonly onFindings: ((findings: readonly Finding[]) => void) | undefined,
  ) {}

  readonly settle = (file: string, outcome: SettledOutcome | { readonly kind: 'unchanged' }, fromCacheEntry = false): void => {
    const { cache, git } = this.prepared;
    // "unchanged": touched, but its digest is the cached one, so the cached findings stand.
    const entry = outcome.kind === 'unchanged' ? cache?.previousEntry(file) : undefined;
    const settled = outcome.kind === 'unchanged' ? (entry ? cachedOutcome(entry) : undefined) : outcome;
    if (!settled) return;
    this.outcomes.set(file, settled);
    if (fromCacheEntry || entry) this.answeredByCache.add(file);
    if (settled.kind === 'scanned' && settled.findings.length > 0) this.onFindings?.(withRemovalState(settled.findings, git));
  };

  has(file: string): boolean {
    return this.outcomes.has(file);
  }

  get(file: string): SettledOutcome | undefined {
    return this.outcomes.get(file);
  }
}

export function cachedOutcome(entry: CacheEntry): SettledOutcome {
  if (entry.skipped) return { kind: 'skipped', skipped: entry.skipped };
  return {
    kind: 'scanned',
    findings: [...(entry.findings ?? [])],
    digest: entry.digest,
    ...(entry.suppressed ? { suppressed: [...entry.suppressed] } : {}),
    ...(entry.truncated ? { truncated: [...entry.truncated] } : {}),
  };
}
