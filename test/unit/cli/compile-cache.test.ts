/**
 * The V8 compile cache folder (src/cli/compile-cache.ts): whoever can write a cache entry makes Keyward run its
 * bytecode, so the folder must be private to the user. Hostile folders are built here at test time: a symlink in
 * place of the folder or of its parent, a world- or group-writable folder, a non-sticky world-writable ancestor,
 * a file in its place, another user's folder (by a foreign uid, and by a real chown when running as root).
 */
import { strict as assert } from 'node:assert';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileCacheDirFor, enableCompileCache, ensurePrivateDir } from '../../../src/cli/compile-cache';
import { tempDir } from '../../helpers/temp-tree';

const posix = typeof process.getuid === 'function';
const uid = posix ? process.getuid!() : 0;
const skipOnWindows = { skip: posix ? false : 'Unix owners and modes only' };
const cwd = process.cwd();

/** A fresh cache home (mkdtemp: 0700, ours) and the cache folder Keyward would use inside it. */
function cacheHome(): { home: string; dir: string } {
  const home = tempDir('keyward-ccache-');
  return { home, dir: join(home, 'keyward', 'compile-cache') };
}

test('the folder is under the user cache folder, and never relative to the current folder', () => {
  assert.equal(compileCacheDirFor({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/keyward/compile-cache');
  assert.equal(compileCacheDirFor({}, 'linux', '/home/u'), '/home/u/.cache/keyward/compile-cache');
  assert.equal(compileCacheDirFor({ XDG_CACHE_HOME: 'relative/cache' }, 'linux', '/home/u'), '/home/u/.cache/keyward/compile-cache');
  assert.equal(compileCacheDirFor({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/keyward/compile-cache');
  assert.equal(compileCacheDirFor({}, 'linux', 'relative-home'), undefined);
  assert.equal(compileCacheDirFor({}, 'win32', 'C:\\Users\\u'), undefined);
});

test('KEYWARD_NO_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE turn it off', () => {
  assert.equal(compileCacheDirFor({ KEYWARD_NO_COMPILE_CACHE: '1' }, 'linux', '/home/u'), undefined);
  assert.equal(compileCacheDirFor({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', '/home/u'), undefined);
});

test('a missing folder is created 0700 and accepted', skipOnWindows, () => {
  const { dir } = cacheHome();
  assert.equal(ensurePrivateDir(dir, uid, cwd), undefined);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, '..')).mode & 0o777, 0o700);
  // Accepted again once it exists.
  assert.equal(ensurePrivateDir(dir, uid, cwd), undefined);
});

test('a symlink in place of the folder is refused, and nothing is written where it points', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  const elsewhere = tempDir('keyward-ccache-target-');
  mkdirSync(join(home, 'keyward'), { mode: 0o700 });
  symlinkSync(elsewhere, dir);
  assert.equal(ensurePrivateDir(dir, uid, cwd), 'symlink');
  assert.deepEqual(readdirSync(elsewhere), []);
});

test('a symlink in place of its keyward parent is refused', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  const elsewhere = tempDir('keyward-ccache-target-');
  symlinkSync(elsewhere, join(home, 'keyward'));
  assert.equal(ensurePrivateDir(dir, uid, cwd), 'symlink');
});

test('a world-writable or group-writable folder is refused', skipOnWindows, () => {
  for (const mode of [0o777, 0o770, 0o1777]) {
    const { dir } = cacheHome();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, mode);
    assert.equal(ensurePrivateDir(dir, uid, cwd), 'writable-by-others', mode.toString(8));
  }
});

test('a world-writable ancestor is refused unless it is sticky (as /tmp)', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  chmodSync(home, 0o777);
  assert.equal(ensurePrivateDir(dir, uid, cwd), 'writable-by-others');
  chmodSync(home, 0o1777);
  assert.equal(ensurePrivateDir(dir, uid, cwd), undefined);
});

test('a file in place of the folder is refused', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  mkdirSync(join(home, 'keyward'), { mode: 0o700 });
  writeFileSync(dir, 'not a folder');
  assert.equal(ensurePrivateDir(dir, uid, cwd), 'not-a-directory');
});

test("a folder that is not the user's is refused", skipOnWindows, () => {
  const { dir } = cacheHome();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // As another user would see it: the same folder checked for a different uid.
  assert.equal(ensurePrivateDir(dir, uid + 1, cwd), 'foreign-owner');
});

test('a folder chowned to another user is refused (root only)', { skip: uid === 0 ? false : 'chown needs root' }, () => {
  const { dir } = cacheHome();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, 65534, 65534);
  assert.equal(ensurePrivateDir(dir, uid, cwd), 'foreign-owner');
});

test('a folder inside the current folder (the default scan root) is refused', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  assert.equal(ensurePrivateDir(dir, uid, home), 'inside-working-folder');
  assert.equal(ensurePrivateDir('relative/dir', uid, cwd), 'not-absolute');
});

/** A stand-in for node:module that records what it was asked. */
function fakeNodeModule(status = 1, throws = false) {
  const calls: string[] = [];
  return {
    calls,
    module: {
      constants: { compileCacheStatus: { FAILED: 0, ENABLED: 1, ALREADY_ENABLED: 2, DISABLED: 3 } },
      enableCompileCache(dir: string) {
        if (throws) throw new Error('boom');
        calls.push(dir);
        return { status, directory: dir };
      },
    },
  };
}

test('enableCompileCache turns the cache on for this thread and, by NODE_COMPILE_CACHE, for worker threads', skipOnWindows, () => {
  const { home, dir } = cacheHome();
  const fake = fakeNodeModule();
  const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: home };
  assert.equal(enableCompileCache(fake.module, env), dir);
  assert.deepEqual(fake.calls, [dir]);
  assert.equal(env['NODE_COMPILE_CACHE'], dir);
});

test('enableCompileCache is silent and leaves the cache off on any doubt', skipOnWindows, () => {
  const hostile = cacheHome();
  mkdirSync(join(hostile.home, 'keyward'), { mode: 0o700 });
  symlinkSync(tempDir('keyward-ccache-target-'), hostile.dir);
  const cases: { name: string; env: NodeJS.ProcessEnv; fake: ReturnType<typeof fakeNodeModule> }[] = [
    { name: 'symlinked folder', env: { XDG_CACHE_HOME: hostile.home }, fake: fakeNodeModule() },
    { name: 'turned off', env: { XDG_CACHE_HOME: cacheHome().home, KEYWARD_NO_COMPILE_CACHE: '1' }, fake: fakeNodeModule() },
    { name: "the user's own NODE_COMPILE_CACHE", env: { XDG_CACHE_HOME: cacheHome().home, NODE_COMPILE_CACHE: '/elsewhere' }, fake: fakeNodeModule() },
  ];
  for (const { name, env, fake } of cases) {
    assert.equal(enableCompileCache(fake.module, env), undefined, name);
    assert.deepEqual(fake.calls, [], name);
  }
  // Node refusing, or throwing: no cache, no exception, and workers are not told about a folder.
  for (const fake of [fakeNodeModule(0), fakeNodeModule(1, true)]) {
    const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: cacheHome().home };
    assert.equal(enableCompileCache(fake.module, env), undefined);
    assert.equal(env['NODE_COMPILE_CACHE'], undefined);
  }
  // A Node without the API (before 22.1).
  assert.equal(enableCompileCache({}, { XDG_CACHE_HOME: cacheHome().home }), undefined);
  // A cache home that cannot be created (a file in the way).
  const blocked = tempDir('keyward-ccache-blocked-');
  writeFileSync(join(blocked, 'keyward'), '');
  const fake = fakeNodeModule();
  assert.equal(enableCompileCache(fake.module, { XDG_CACHE_HOME: blocked }), undefined);
  assert.deepEqual(fake.calls, []);
  assert.equal(existsSync(join(blocked, 'keyward', 'compile-cache')), false);
});
