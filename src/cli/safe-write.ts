import { randomBytes } from 'node:crypto';
import { constants, lstatSync, realpathSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { relativeInside } from '../engine/discovery/paths';
import { UsageError } from './args';

// Absent on Windows, where the lstat check stands alone.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Writes a report or a baseline the user named (`--output`, `--write-baseline`), or a file `--fix` edited. Such a path often lies
 * inside the scanned checkout, where a hostile repository can have planted a symlink of that name (or a
 * symlinked folder on the way) to make the write land outside it. So the target must not be a symlink or
 * anything but a regular file, a folder on the way inside `root` must not lead out of it, and the content
 * goes to a new file created exclusively beside the target (`O_EXCL|O_NOFOLLOW`), then renamed over it:
 * rename replaces a link planted meanwhile instead of writing through it. Refusals are usage errors (exit 2).
 */
export async function writeFileSafely(target: string, content: string, options: { readonly root?: string | undefined } = {}): Promise<void> {
  const absolute = path.resolve(target);
  let existing;
  try {
    existing = lstatSync(absolute);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink()) throw new UsageError(`refusing to write ${absolute}: it is a symlink`);
  if (existing && !existing.isFile()) throw new UsageError(`refusing to write ${absolute}: it is not a regular file`);
  const folder = path.dirname(absolute);
  if (options.root !== undefined && relativeInside(path.resolve(options.root), folder) !== undefined) {
    const real = realOrUndefined(folder);
    const realRoot = realOrUndefined(options.root);
    if (real !== undefined && realRoot !== undefined && relativeInside(realRoot, real) === undefined) {
      throw new UsageError(`refusing to write ${absolute}: a folder on its path is a symlink leading out of ${options.root}`);
    }
  }
  const temporary = path.join(folder, `.${path.basename(absolute)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temporary, CREATE_FLAGS, existing ? existing.mode & 0o777 : 0o644);
  } catch (error) {
    throw new UsageError(`cannot write ${absolute} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    await handle.writeFile(content);
    // The file it replaces keeps its exact mode (the umask applied at creation may have narrowed it).
    if (existing) await handle.chmod(existing.mode & 0o7777);
    await handle.close();
    handle = undefined;
    await rename(temporary, absolute);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw new UsageError(`cannot write ${absolute} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function realOrUndefined(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
