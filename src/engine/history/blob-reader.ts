import type { Cancellation } from '../types';
import { startGit, waitForGit, type GitProcessOptions } from '../process/git-process';
import { missingFromPartialClone } from './object-presence';

/** One blob as `git cat-file --batch` returned it. */
export interface BlobContent {
  readonly oid: string;
  /** The blob's full size in bytes. */
  readonly size: number;
  /** All bytes, or only the first `headBytes` when the blob is over `maxBytes` (`truncated`). */
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
}

export interface BlobReadOptions extends GitProcessOptions {
  /** Blobs larger than this are not held whole: only their head is passed on. */
  readonly maxBytes: number;
  readonly headBytes: number;
  readonly cancellation?: Cancellation | undefined;
}

export interface BlobReadResult {
  /** false: cancelled (the process was killed). */
  readonly complete: boolean;
  /** Ids the repository does not have (a partial clone's objects are never fetched): never silently skipped. */
  readonly missing: readonly string[];
}

/**
 * Reads blobs by id through one `git cat-file --batch` process and calls `onBlob` for each as soon as it
 * has arrived, in request order. Memory stays bounded by the largest blob under `maxBytes`: larger ones
 * are streamed past, keeping their head (magic numbers are enough for key containers). Missing ids are
 * not read and returned, for the caller to report the result as incomplete.
 */
export async function readBlobs(root: string, oids: readonly string[], opts: BlobReadOptions, onBlob: (blob: BlobContent) => void): Promise<BlobReadResult> {
  const absent = await missingFromPartialClone(root, oids, opts);
  const wanted = absent.size === 0 ? oids : oids.filter((oid) => !absent.has(oid));
  const missing = [...absent];
  if (wanted.length === 0) return { complete: true, missing };
  const child = startGit(root, ['cat-file', '--batch'], opts);
  const parser = new BatchParser(opts, onBlob, (oid) => missing.push(oid));
  let cancelled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (cancelled) return;
    if (opts.cancellation?.isCancellationRequested) {
      cancelled = true;
      child.kill();
      return;
    }
    parser.push(chunk);
  });
  // Node buffers what git has not read yet, so writing every id up front cannot deadlock against stdout.
  child.stdin.on('error', () => {}); // EPIPE when git exits early; the exit status reports it
  child.stdin.end(`${wanted.join('\n')}\n`);
  try {
    await waitForGit(child, ['cat-file']);
  } catch (error) {
    if (cancelled) return { complete: false, missing };
    throw error;
  }
  return { complete: !cancelled, missing };
}

/** Parses `<oid> <type> <size>\n<content>\n` records (and `<oid> missing\n`) from arbitrary chunks. */
class BatchParser {
  private pending: Buffer = Buffer.alloc(0);
  private current: { oid: string; size: number; target: Buffer; filled: number; remaining: number } | undefined;
  private awaitingNewline = false;

  constructor(
    private readonly opts: BlobReadOptions,
    private readonly onBlob: (blob: BlobContent) => void,
    private readonly onMissing: (oid: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    let at = 0;
    while (at < data.length) {
      if (this.current) {
        const take = Math.min(this.current.remaining, data.length - at);
        const room = this.current.target.length - this.current.filled;
        if (room > 0) data.copy(this.current.target, this.current.filled, at, at + Math.min(room, take));
        this.current.filled += Math.min(room, take);
        this.current.remaining -= take;
        at += take;
        if (this.current.remaining === 0) {
          const { oid, size, target } = this.current;
          this.current = undefined;
          this.awaitingNewline = true;
          this.onBlob({ oid, size, bytes: target, truncated: size > this.opts.maxBytes });
        }
        continue;
      }
      if (this.awaitingNewline) {
        at++; // the LF git writes after every object's content
        this.awaitingNewline = false;
        continue;
      }
      const newline = data.indexOf(0x0a, at);
      if (newline < 0) {
        this.pending = Buffer.from(data.subarray(at));
        return;
      }
      const header = data.toString('latin1', at, newline);
      at = newline + 1;
      const [oid = '', type, sizeText] = header.split(' ');
      if (type === 'missing') this.onMissing(oid);
      if (type === 'missing' || sizeText === undefined) continue;
      const size = Number(sizeText);
      const keep = size > this.opts.maxBytes ? Math.min(size, this.opts.headBytes) : size;
      this.current = { oid, size, target: Buffer.alloc(keep), filled: 0, remaining: size };
      if (size === 0) {
        this.current = undefined;
        this.awaitingNewline = true;
        this.onBlob({ oid, size, bytes: new Uint8Array(), truncated: false });
      }
    }
  }
}
