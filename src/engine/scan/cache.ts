import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readRegularText } from '../io/safe-read';
import { errorClass } from './scanner';
import type { Finding, FindingsNotShown, Logger, SkippedFile } from '../types';

/** A cache of 100,000 files with findings is some tens of MB. */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * The incremental scan cache: per file, its size and mtime when last scanned, whether git tracked it, and
 * what the scan found. A file whose size and mtime are unchanged is not read again; a file with findings
 * also keeps its content digest, so a touched but unchanged file is read but its rules are not re-run.
 *
 * Everything else a result depends on (Keyward's version, the rules, the size cap, `.keywardignore`, the
 * workspace facts) goes into one key: a different key discards the whole cache. The cache decides what
 * gets reported, so it must live where only the user can write (the CLI's `--cache FILE`, the editor's
 * private storage), never in the scanned repository.
 */
export interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly committed: boolean | undefined;
  readonly findings?: readonly Finding[];
  /** Findings a suppression hid (see ScanResult.suppressed). */
  readonly suppressed?: readonly Finding[];
  /** Findings past the caps (scanner.ts): the cached findings stand for a file only with their notice. */
  readonly truncated?: readonly FindingsNotShown[];
  readonly digest?: string | undefined;
  readonly skipped?: SkippedFile;
}

const FORMAT = 'keyward-scan-cache/1';
/** An mtime this close to the scan's start may be followed by a same-mtime edit: such files are not cached. */
export const RACY_MS = 2000;

interface CacheFile {
  readonly format: string;
  readonly key: string;
  readonly files: Record<string, CacheEntry>;
}

export class ScanCache {
  private readonly next = new Map<string, CacheEntry>();
  private readonly startedAt = Date.now();
  /** Whether this scan recorded anything the previous cache did not hold: if not, there is nothing to write. */
  private changed: boolean;

  private constructor(
    private readonly file: string,
    private readonly key: string,
    /** The parsed file's entries, looked up in place: converting 100,000 of them to a Map cost more than the lookups. */
    private readonly previous: Readonly<Record<string, CacheEntry>>,
    private readonly previousCount: number,
  ) {
    this.changed = previousCount === 0;
  }

  /** Opens the cache at `file` for a scan whose settings hash to `key`; a missing, unreadable or foreign cache starts empty. */
  static async open(file: string, key: string, logger: Logger): Promise<ScanCache> {
    // Through the safe reader: a cache path inside a checkout could be a FIFO or a link to a device.
    const read = readRegularText(file, { maxBytes: MAX_CACHE_BYTES });
    if (!read.ok) {
      if (read.reason !== 'absent') logger.warn(`scan cache ${file} not read (${read.detail}): scanning everything`);
      return new ScanCache(file, key, {}, 0);
    }
    try {
      const parsed = JSON.parse(read.value) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.key === key && parsed.files && typeof parsed.files === 'object') {
        return new ScanCache(file, key, parsed.files, Object.keys(parsed.files).length);
      }
      logger.info('scan cache: settings, rules or version changed: scanning everything');
    } catch (error) {
      logger.warn(`scan cache ${file} unreadable (${errorClass(error)}): scanning everything`);
    }
    return new ScanCache(file, key, {}, 0);
  }

  /** Whether the previous scan left entries (a re-scan), rather than an empty or discarded cache. */
  get hasEntries(): boolean {
    return this.previousCount > 0;
  }

  /** The cached entry for a file whose size, mtime and git state are unchanged. */
  fresh(relative: string, size: number, mtimeMs: number | undefined, committed: boolean | undefined): CacheEntry | undefined {
    const entry = this.previousEntry(relative);
    if (!entry || mtimeMs === undefined || entry.size !== size || entry.mtimeMs !== mtimeMs || entry.committed !== committed) return undefined;
    return entry;
  }

  /** The digest of a file's last content with findings (it may have been touched without changing). */
  digest(relative: string, committed: boolean | undefined): string | undefined {
    const entry = this.previousEntry(relative);
    return entry && entry.committed === committed ? entry.digest : undefined;
  }

  previousEntry(relative: string): CacheEntry | undefined {
    return Object.hasOwn(this.previous, relative) ? this.previous[relative] : undefined;
  }

  /**
   * Keeps the previous entry of a file the cache answered for (same size, mtime and git state, so the same
   * findings): no new entry is built or compared, which is most of a re-scan's per-file work.
   */
  keep(relative: string, entry: CacheEntry): void {
    if (entry.mtimeMs > this.startedAt - RACY_MS) return;
    this.next.set(relative, entry);
  }

  record(relative: string, entry: CacheEntry): void {
    if (entry.mtimeMs > this.startedAt - RACY_MS) return;
    this.next.set(relative, entry);
    const old = this.previousEntry(relative);
    if (
      !this.changed &&
      (!old ||
        old.size !== entry.size ||
        old.mtimeMs !== entry.mtimeMs ||
        old.committed !== entry.committed ||
        old.digest !== entry.digest ||
        old.skipped?.reason !== entry.skipped?.reason)
    ) {
      this.changed = true;
    }
  }

  /** The entry this scan recorded or kept for a file (none: not cached, e.g. modified within the racy window). */
  recorded(relative: string): CacheEntry | undefined {
    return this.next.get(relative);
  }

  /** How many files this scan recorded or kept. */
  get recordedCount(): number {
    return this.next.size;
  }

  /** Writes what this scan recorded, atomically (a crash leaves the old cache or the new one); nothing when nothing changed. */
  async save(logger: Logger): Promise<void> {
    if (!this.changed && this.next.size === this.previousCount) return;
    const content: CacheFile = { format: FORMAT, key: this.key, files: Object.fromEntries(this.next) };
    await writeCacheFile(this.file, content, logger);
  }
}

/**
 * Writes the cache or a file kept beside it (the stored result, the workspace facts) as JSON, or bytes as they are
 * (the recorded folders' lstat), atomically (a crash leaves the old file or the new one); a failure is logged,
 * never thrown: the next scan does more work.
 */
export async function writeCacheFile(file: string, content: unknown, logger: Logger): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, content instanceof Uint8Array ? content : JSON.stringify(content));
    await rename(temporary, file);
  } catch (error) {
    logger.warn(`scan cache ${file} not saved (${errorClass(error)})`);
  }
}

/**
 * A file kept beside the cache, parsed: through the safe reader (a path inside a checkout could be a FIFO or a
 * link to a device). Undefined when absent, unreadable, too large or not JSON: the caller then does the work.
 */
export function readCacheFile(file: string, maxBytes: number): unknown {
  const read = readRegularText(file, { maxBytes });
  if (!read.ok) return undefined;
  try {
    return JSON.parse(read.value) as unknown;
  } catch {
    return undefined;
  }
}

/** Hashes everything besides a file's own content that decides its findings. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
