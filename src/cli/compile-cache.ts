/**
 * V8 compile cache for the CLI (issue 18): Node's `module.enableCompileCache` (Node >= 22.1) keeps the code V8
 * compiled for dist/cli-main.js, dist/scan-worker.js (each worker thread) and the lazily loaded bundles, so a
 * second run skips most of their compilation.
 *
 * Node checks a cache entry only for integrity (CRC32 of the module's source and of the cached bytes, its Node
 * version, architecture and V8 flags; V8 then checks its own version and source length): nothing authenticates
 * an entry, and whoever can write one makes Keyward run the bytecode it contains. So the folder must be as
 * private as the user's own files: under the user's cache folder (never os.tmpdir(), Node's default, nor
 * anything relative to the current folder or the scanned repository), created 0700, and refused when it, or a
 * folder above it, is a symlink at the last two levels, belongs to another user, or can be written by others.
 * Everything here is optional and silent: any doubt or failure means no cache, and the scan runs as before.
 */
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** Why a folder was refused (or `undefined`: it is private to the user). Exposed for the tests. */
export type CacheDirRefusal = 'not-absolute' | 'symlink' | 'not-a-directory' | 'foreign-owner' | 'writable-by-others' | 'inside-working-folder' | 'unusable';

/** Where the cache goes: `<user cache folder>/keyward/compile-cache`, or `undefined` when it is turned off. */
export function compileCacheDirFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  if (env['KEYWARD_NO_COMPILE_CACHE'] || env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  // No Unix owner and mode to check on Windows: no cache there.
  if (platform === 'win32' || !isAbsolute(home)) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'keyward', 'compile-cache');
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG spec says a relative XDG_CACHE_HOME is invalid: it would resolve against the current folder.
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'keyward', 'compile-cache');
}

/** Checks one existing folder: a real folder (not a symlink), owned by `uid`, not writable by group or others. */
function refusalOf(path: string, uid: number): CacheDirRefusal | undefined {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 'symlink';
  if (!stat.isDirectory()) return 'not-a-directory';
  if (stat.uid !== uid) return 'foreign-owner';
  if ((stat.mode & 0o022) !== 0) return 'writable-by-others';
  return undefined;
}

/** An ancestor may be root's or the user's, and writable by others only with the sticky bit (as /tmp). */
function ancestorRefusal(path: string, uid: number): CacheDirRefusal | undefined {
  const stat = statSync(path);
  if (stat.uid !== uid && stat.uid !== 0) return 'foreign-owner';
  if ((stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0) return 'writable-by-others';
  return undefined;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Makes `dir` (0700, and its `keyward` parent) when missing, then checks that only `uid` can write into it:
 * `dir` and its parent are real folders of the user's, not writable by others, and every folder above them
 * (resolved) is the user's or root's and not writable by others unless sticky. `cwd`: the folder Keyward runs
 * in (the default scan root, usually the repository): a cache inside it is refused.
 */
export function ensurePrivateDir(dir: string, uid: number, cwd: string): CacheDirRefusal | undefined {
  if (!isAbsolute(dir)) return 'not-absolute';
  try {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return 'unusable';
  }
  try {
    const own = refusalOf(dir, uid) ?? refusalOf(dirname(dir), uid);
    if (own) return own;
    const real = realpathSync(dir);
    if (isInside(real, realpathSync(cwd))) return 'inside-working-folder';
    for (let above = dirname(dirname(real)); ; above = dirname(above)) {
      const refusal = ancestorRefusal(above, uid);
      if (refusal) return refusal;
      if (dirname(above) === above) return undefined;
    }
  } catch {
    return 'unusable';
  }
}

interface NodeModuleWithCompileCache {
  enableCompileCache?: (dir: string) => { status: number; directory?: string };
  constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
}

/**
 * Turns the compile cache on for this thread and, through NODE_COMPILE_CACHE in `process.env`, for the worker
 * threads started later (a worker's environment is a copy of `process.env`). Returns the folder, or
 * `undefined` (turned off, Node without the API, a refused folder, any error): never throws.
 */
export function enableCompileCache(nodeModule: NodeModuleWithCompileCache, env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    if (typeof nodeModule.enableCompileCache !== 'function' || typeof process.getuid !== 'function') return undefined;
    // The user's own NODE_COMPILE_CACHE: Node enabled it at start-up, for this thread and the workers.
    if (env['NODE_COMPILE_CACHE']) return undefined;
    const dir = compileCacheDirFor(env, process.platform, homedir());
    if (dir === undefined || ensurePrivateDir(dir, process.getuid(), process.cwd()) !== undefined) return undefined;
    const result = nodeModule.enableCompileCache(dir);
    const statuses = nodeModule.constants?.compileCacheStatus;
    if (!statuses || (result.status !== statuses.ENABLED && result.status !== statuses.ALREADY_ENABLED)) return undefined;
    env['NODE_COMPILE_CACHE'] = dir;
    return dir;
  } catch {
    return undefined;
  }
}
