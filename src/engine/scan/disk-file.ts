import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isOverSizeCap, tooLargeDetail } from '../discovery/discover';
import type { Rule } from '../rules/rule';
import { errorClass, HEAD_BYTES, scanFileBytes } from '../scanner';
import type { FileSuppressions } from '../suppress';
import type { Finding, Logger, SkippedFile } from '../types';
import type { WorkspaceFacts } from '../workspace-facts';

/** One file of a workspace scan, as handed to the thread that reads it. */
export interface FileTask {
  readonly path: string;
  readonly absolutePath: string;
  /** Size when discovered, if discovery stat'ed the file (the reader checks the cap either way). */
  readonly size?: number | undefined;
  readonly committed: boolean | undefined;
  /** Content digest from the scan cache: when the file still has it, its cached findings stand. */
  readonly cachedDigest?: string | undefined;
}

export type FileOutcome =
  | { readonly kind: 'scanned'; readonly findings: Finding[]; readonly digest?: string | undefined; readonly partial?: SkippedFile }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile };

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export interface DiskScanSettings {
  readonly maxFileSize: number;
  readonly suppressions: FileSuppressions;
  readonly workspace: WorkspaceFacts;
  readonly logger: Logger;
  readonly rules?: readonly Rule[] | undefined;
}

/**
 * Reads and scans one file synchronously, into a buffer reused from file to file: on a warm page cache
 * the four system calls cost less than one promise round trip of `fs/promises`, and nearly every file is
 * dropped by the rule gates straight from that buffer. Runs in scan workers, or in the main thread in
 * short slices (see serial-scan.ts).
 */
export class DiskFileScanner {
  private buffer: Buffer;

  constructor(private readonly settings: DiskScanSettings) {
    // Large enough for most files, and for the head of a key container whatever the size cap.
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(settings.maxFileSize, 256 * 1024), HEAD_BYTES) + 1);
  }

  scan(task: FileTask): FileOutcome {
    let read: ReturnType<DiskFileScanner['read']>;
    try {
      read = this.read(task);
    } catch (error) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'unreadable', detail: `cannot read (${errorClass(error)})` } };
    }
    if ('tooLarge' in read) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'too-large', detail: tooLargeDetail(read.tooLarge, this.settings.maxFileSize) } };
    }
    const { bytes, complete } = read;
    // Only files with findings have a cached digest: hashing those few saves re-running their rules.
    const digest = task.cachedDigest === undefined ? undefined : digestOf(bytes);
    if (digest !== undefined && digest === task.cachedDigest) return { kind: 'unchanged' };
    const { findings, binary, yamlSkipped } = scanFileBytes(
      { path: task.path, bytes, complete, committed: task.committed, workspace: this.settings.workspace },
      { logger: this.settings.logger, suppressions: this.settings.suppressions, ...(this.settings.rules ? { rules: this.settings.rules } : {}) },
    );
    // A binary file is "skipped" only when no binary rule recognised it: then nothing in it was read as a key.
    if (binary && findings.length === 0) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'binary', detail: 'binary content in no recognised key format' } };
    }
    const partial = yamlSkipped !== undefined ? { partial: { path: task.path, reason: 'yaml-too-deep' as const, detail: yamlSkipped } } : {};
    return { kind: 'scanned', findings, ...(findings.length > 0 ? { digest: digest ?? digestOf(bytes) } : {}), ...partial };
  }

  /**
   * The whole file up to the size cap; only the head of a key container over the cap. Most files fit the
   * reused buffer, so the file is read first and its size asked (fstat) only when the buffer fills: one
   * system call fewer per file.
   */
  private read(task: FileTask): { bytes: Buffer; complete: boolean } | { tooLarge: number } {
    const max = this.settings.maxFileSize;
    const fd = openSync(task.absolutePath, 'r');
    try {
      let length = fill(fd, this.buffer, 0);
      const full = length === this.buffer.length;
      if (!full && length <= max) return { bytes: this.buffer.subarray(0, length), complete: true };
      const size = full ? Math.max(fstatSync(fd).size, length) : length;
      if (size > max) {
        if (isOverSizeCap(task.path, size, max)) return { tooLarge: size };
        return { bytes: this.buffer.subarray(0, Math.min(length, HEAD_BYTES)), complete: false };
      }
      // Larger than the buffer, within the cap: a larger buffer (kept for the next files), one byte more
      // than the size so that a file still growing is noticed rather than cut.
      const larger = Buffer.allocUnsafe(size + 1);
      this.buffer.copy(larger, 0, 0, length);
      this.buffer = larger;
      length = fill(fd, this.buffer, length);
      if (length === this.buffer.length) return { bytes: this.buffer.subarray(0, Math.min(length, HEAD_BYTES)), complete: false };
      return { bytes: this.buffer.subarray(0, length), complete: true };
    } finally {
      closeSync(fd);
    }
  }
}

/** Reads from `offset` until the buffer is full or the file ends; returns the bytes now in the buffer. */
function fill(fd: number, buffer: Buffer, offset: number): number {
  let length = offset;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, length);
    if (read === 0) break;
    length += read;
  }
  return length;
}
