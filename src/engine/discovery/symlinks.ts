import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { relativeInside } from './paths';

export type SymlinkVerdict =
  /** A link to a regular file inside the workspace: scan the target, under its own (real) path. */
  | { readonly kind: 'file'; readonly relative: string; readonly size: number }
  /** A link to a folder inside the workspace: not followed; the folder is walked under its real path. */
  | { readonly kind: 'folder'; readonly relative: string }
  | { readonly kind: 'skip'; readonly reason: 'symlink-outside-workspace' | 'symlink-loop' | 'unreadable'; readonly detail: string };

/**
 * Resolves a symlink met while walking. Links are never traversed: a target inside the workspace is found
 * (or was found) under its real path, and a target outside it is not the workspace's content. A link that
 * points at one of its own parent folders is reported as a loop, as are cycles the OS detects (ELOOP).
 */
export async function resolveSymlink(linkPath: string, realRoot: string): Promise<SymlinkVerdict> {
  let target: string;
  try {
    target = await realpath(linkPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'skip', reason: 'symlink-loop', detail: 'symlink cycle' };
    if (code === 'ENOENT') return { kind: 'skip', reason: 'unreadable', detail: 'broken symlink: the target does not exist' };
    return { kind: 'skip', reason: 'unreadable', detail: `cannot resolve symlink (${code ?? 'error'})` };
  }
  const relative = relativeInside(realRoot, target);
  if (relative === undefined) return { kind: 'skip', reason: 'symlink-outside-workspace', detail: 'points outside the workspace folder' };
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    return { kind: 'skip', reason: 'unreadable', detail: `cannot read symlink target (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (info.isDirectory()) {
    const linkParent = await realpath(path.dirname(linkPath)).catch(() => path.dirname(linkPath));
    if (relativeInside(target, linkParent) !== undefined) return { kind: 'skip', reason: 'symlink-loop', detail: 'points at one of its own parent folders' };
    return { kind: 'folder', relative };
  }
  if (!info.isFile()) return { kind: 'skip', reason: 'unreadable', detail: 'not a regular file' };
  return { kind: 'file', relative, size: info.size };
}
