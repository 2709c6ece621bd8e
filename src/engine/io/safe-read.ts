import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { relativeInside } from '../discovery/paths';

/**
 * The one way the engine and the CLI read a configuration file that a repository can plant: `.gitignore`,
 * `.keywardignore`, `.git/info/exclude`, `.git/config`, HEAD, workflows, a baseline. A hostile checkout can
 * make any of them a FIFO (a plain read blocks forever), a link to `/dev/zero` or `/dev/stdin`, or a link to
 * a file outside the folder whose content would then be obeyed. So a file is read only when:
 * - it is inside `inside` (when given), the folders on the way there included, symlinked folders resolved;
 * - its last component is not a symlink (lstat, then `O_NOFOLLOW`), and it is a regular file;
 * - the descriptor opened is that same file (fstat: same device and inode), opened `O_NONBLOCK` so that a
 *   FIFO swapped in between the checks cannot block the open;
 * - it holds at most `maxBytes` (checked on fstat and again while reading: /proc-like files report size 0).
 */
export type SafeReadFailure = 'absent' | 'outside' | 'symlink' | 'not-a-file' | 'too-large' | 'changed' | 'unreadable';

export type SafeReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: SafeReadFailure; readonly detail: string };

export interface SafeReadOptions {
  /** Largest accepted file, in bytes. */
  readonly maxBytes: number;
  /** The folder the file must be inside (the workspace root, a git directory). Omitted: any folder. */
  readonly inside?: string | undefined;
}

// Absent on Windows, where the lstat check stands alone.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The bytes of a regular file, under the rules above. */
export function readRegularFile(file: string, options: SafeReadOptions): SafeReadResult<Buffer> {
  const absolute = path.resolve(file);
  if (options.inside !== undefined) {
    const outside = checkInside(options.inside, absolute);
    if (outside) return outside;
  }
  let before;
  try {
    before = lstatSync(absolute);
  } catch (error) {
    return failure(errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR' ? 'absent' : 'unreadable', errorDetail(error));
  }
  if (before.isSymbolicLink()) return failure('symlink', 'is a symlink');
  if (!before.isFile()) return failure('not-a-file', 'not a regular file');
  if (before.size > options.maxBytes) return failure('too-large', `${before.size} bytes, over the ${options.maxBytes}-byte limit`);
  let fd: number;
  try {
    fd = openSync(absolute, OPEN_FLAGS);
  } catch (error) {
    return failure(errnoOf(error) === 'ELOOP' ? 'symlink' : 'unreadable', errorDetail(error));
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.ino !== before.ino || info.dev !== before.dev) return failure('changed', 'replaced while being opened');
    if (info.size > options.maxBytes) return failure('too-large', `${info.size} bytes, over the ${options.maxBytes}-byte limit`);
    // One byte more than allowed, so that a file longer than it says is noticed rather than cut.
    let buffer = Buffer.allocUnsafe(Math.min(info.size, options.maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > options.maxBytes) return failure('too-large', `over the ${options.maxBytes}-byte limit`);
        // Longer than fstat said (a file still growing, a /proc-like file): grow up to the limit.
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, options.maxBytes + 1));
        buffer.copy(larger);
        buffer = larger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
    }
    return { ok: true, value: buffer.subarray(0, length) };
  } catch (error) {
    return failure('unreadable', errorDetail(error));
  } finally {
    closeSync(fd);
  }
}

/** `readRegularFile` as UTF-8 text, without a leading byte order mark. */
export function readRegularText(file: string, options: SafeReadOptions): SafeReadResult<string> {
  const read = readRegularFile(file, options);
  if (!read.ok) return read;
  const text = read.value.toString('utf8');
  return { ok: true, value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** The text, or undefined for any failure (the callers for which a missing file and a refused one are alike). */
export function readOptionalText(file: string, options: SafeReadOptions): string | undefined {
  const read = readRegularText(file, options);
  return read.ok ? read.value : undefined;
}

/** The file's folder, with every symlink on the way resolved, must be inside the resolved root. */
function checkInside(root: string, absolute: string): SafeReadResult<never> | undefined {
  const relative = relativeInside(path.resolve(root), absolute);
  if (relative === undefined || relative === '') return failure('outside', 'outside the folder it belongs to');
  let realRoot: string;
  let realFolder: string;
  try {
    realRoot = realpathSync(root);
    realFolder = realpathSync(path.dirname(absolute));
  } catch (error) {
    return failure(errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR' ? 'absent' : 'unreadable', errorDetail(error));
  }
  if (relativeInside(realRoot, realFolder) === undefined) return failure('outside', 'a folder on its path leads outside the folder it belongs to');
  return undefined;
}

function failure(reason: SafeReadFailure, detail: string): { ok: false; reason: SafeReadFailure; detail: string } {
  return { ok: false, reason, detail };
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function errorDetail(error: unknown): string {
  return errnoOf(error) ?? 'error';
}
