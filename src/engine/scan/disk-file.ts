import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isOverSizeCap, tooLargeDetail } from '../discovery/discover';
import { RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { errorClass, HEAD_BYTES, scanFileBytes, type FileScanReport } from './scanner';
import type { FileSuppressions } from '../findings/suppress';
import type { Logger, SkippedFile } from '../types';
import type { WorkspaceFacts } from '../facts/workspace-facts';

/**
 * Discovery hands over regular files only, but the tree may change before a file is read: a file replaced by
 * a symlink is then not followed (`O_NOFOLLOW`: ELOOP, "unreadable"), and one replaced by a FIFO does not
 * block the scan (`O_NONBLOCK`). Both flags cost nothing on a regular file.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** One file of a workspace scan, as handed to the thread that reads it. */
export interface FileTask {
  readonly path: string;
  readonly absolutePath: string;
  /** Size when discovered, if discovery stat'ed the file (the reader checks the cap either way). */
  readonly size?: number | undefined;
  readonly committed: boolean | undefined;
  /** Content digest from the scan cache: when the file still has it, its cached findings stand. */
  readonly cachedDigest?: string | undefined;
  /** Matched by `.gitignore` with git's state unknown: only the key rules run, and findings say so. */
  readonly gitignored?: boolean | undefined;
}

/** What a finding in a gitignored file adds to its message. */
export const GITIGNORED_NOTE = ' (ignored by .gitignore but present: the file may be committed)';

export type FileOutcome =
  | ({ readonly kind: 'scanned'; readonly digest?: string | undefined; readonly partial?: SkippedFile } & FileScanReport)
  | { readonly kind: 'unchanged' }
  /** A gitignored file in which the key rules found nothing: not counted at all. */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile };

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export interface DiskScanSettings {
  readonly maxFileSize: number;
  readonly suppressions: FileSuppressions;
  /** The repository's suppressions do not hide key findings (see suppress.ts `honoursSuppression`). */
  readonly untrusted?: boolean | undefined;
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
  private readonly keyRules: readonly Rule[];

  constructor(private readonly settings: DiskScanSettings) {
    this.keyRules = (settings.rules ?? RULES).filter((rule) => rule.meta.kind === 'key');
    // Large enough for most files, and for the head of a key container whatever the size cap.
    this.buffer = Buffer.allocUnsafe(Math.max(Math.min(settings.maxFileSize, 256 * 1024), HEAD_BYTES) + 1);
  }

  scan(task: FileTask): FileOutcome {
    let read: ReturnType<DiskFileScanner['read']>;
    try {
      read = this.read(task);
    } catch (error) {
      if (task.gitignored) return { kind: 'ignored' };
      return { kind: 'skipped', skipped: { path: task.path, reason: 'unreadable', detail: `cannot read (${errorClass(error)})` } };
    }
    if ('tooLarge' in read) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'too-large', detail: tooLargeDetail(read.tooLarge, this.settings.maxFileSize) } };
    }
    const { bytes, complete } = read;
    // Only files with findings have a cached digest: hashing those few saves re-running their rules.
    const digest = task.cachedDigest === undefined ? undefined : digestOf(bytes);
    if (digest !== undefined && digest === task.cachedDigest) return { kind: 'unchanged' };
    const rules = task.gitignored ? this.keyRules : this.settings.rules;
    const { binary, yamlSkipped, ...scanned } = scanFileBytes(
      { path: task.path, bytes, complete, committed: task.committed, workspace: this.settings.workspace },
      { logger: this.settings.logger, suppressions: this.settings.suppressions, untrusted: this.settings.untrusted === true, ...(rules ? { rules } : {}) },
    );
    const findings = task.gitignored ? scanned.findings.map((f) => ({ ...f, message: f.message + GITIGNORED_NOTE })) : scanned.findings;
    const report = { ...scanned, findings };
    const { suppressed } = report;
    // An ignored file without a key is of no interest: neither scanned nor skipped.
    if (task.gitignored && findings.length === 0 && suppressed === undefined && !report.internalErrors) return { kind: 'ignored' };
    const found = findings.length > 0 || suppressed !== undefined;
    // A binary file is "skipped" only when no binary rule recognised it: then nothing in it was read as a key.
    if (binary && !found && !report.internalErrors) {
      return { kind: 'skipped', skipped: { path: task.path, reason: 'binary', detail: 'binary content in no recognised key format' } };
    }
    const partial = yamlSkipped !== undefined ? { partial: { path: task.path, reason: 'yaml-too-deep' as const, detail: yamlSkipped } } : {};
    return { kind: 'scanned', ...report, ...(found ? { digest: digest ?? digestOf(bytes) } : {}), ...partial };
  }

  /**
   * The whole file up to the size cap; only the head of a key container over the cap. Most files fit the
   * reused buffer, so the file is read first and its size asked (fstat) only when the buffer fills: one
   * system call fewer per file.
   */
  private read(task: FileTask): { bytes: Buffer; complete: boolean } | { tooLarge: number } {
    const max = this.settings.maxFileSize;
    const fd = openSync(task.absolutePath, READ_FLAGS);
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

/**
 * Reads from `offset` until the buffer is full or a read returns 0; returns the bytes now in the buffer. A
 * short read is not taken for the end of the file: network and FUSE file systems may return less than asked
 * in the middle of a file, and a file still growing must fill the buffer to be noticed (see read()).
 */
function fill(fd: number, buffer: Buffer, offset: number): number {
  let length = offset;
  while (length < buffer.length) {
    const read = readSync(fd, buffer, length, buffer.length - length, length);
    if (read === 0) break;
    length += read;
  }
  return length;
}
