import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isKeyContainerName } from '../discovery/key-containers';
import { tooLargeDetail } from '../discovery/discover';
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
  | { readonly kind: 'scanned'; readonly findings: Finding[]; readonly digest?: string | undefined }
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
    this.buffer = Buffer.allocUnsafe(Math.min(settings.maxFileSize, 256 * 1024) + 1);
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
    if (task.cachedDigest !== undefined && digestOf(bytes) === task.cachedDigest) return { kind: 'unchanged' };
    const { findings, binary } = scanFileBytes(
      { path: task.path, bytes, complete, committed: task.committed, workspace: this.settings.workspace },
      { logger: this.settings.logger, suppressions: this.settings.suppressions, ...(this.settings.rules ? { rules: this.settings.rules } : {}) },
    );
    // A binary file is "skipped" only when no binary rule recognised it: then nothing in it was read as a key.
    if (binary && findings.length === 0) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'binary', detail: 'binary content in no recognised key format' } };
    }
    return { kind: 'scanned', findings, ...(findings.length > 0 ? { digest: digestOf(bytes) } : {}) };
  }

  /** The whole file up to the size cap; only the head of a key container over the cap. */
  private read(task: FileTask): { bytes: Buffer; complete: boolean } | { tooLarge: number } {
    const fd = openSync(task.absolutePath, 'r');
    try {
      const size = fstatSync(fd).size;
      const complete = size <= this.settings.maxFileSize;
      // Discovery may not have stat'ed the file: the cap applies here too.
      if (!complete && !isKeyContainerName(task.path)) return { tooLarge: size };
      const wanted = complete ? size : Math.min(size, HEAD_BYTES);
      if (this.buffer.length < wanted + 1) this.buffer = Buffer.allocUnsafe(wanted + 1);
      // One byte more than expected: a file that grew since fstat is noticed, not silently cut.
      const limit = wanted + 1;
      let length = 0;
      while (length < limit) {
        const read = readSync(fd, this.buffer, length, limit - length, length);
        if (read === 0) break;
        length += read;
      }
      const kept = Math.min(length, wanted);
      // A view of the reused buffer: scanFileBytes copies what rules keep.
      return { bytes: this.buffer.subarray(0, kept), complete: complete && length <= wanted };
    } finally {
      closeSync(fd);
    }
  }
}
