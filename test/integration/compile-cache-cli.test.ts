/**
 * The CLI's V8 compile cache (src/cli/compile-cache.ts), with the real bundles: a first run writes the cache
 * entries of cli-main.js and of the worker threads' scan-worker.js into the user's cache folder, a second run
 * uses them (Node's own debug output says "accepted"), and the reports are identical with, without, and with a
 * hostile cache folder (a symlink planted in its place: refused, nothing written where it points).
 * Needs Node >= 22.1 (module.enableCompileCache), as engines.node requires; skipped on an older Node.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatePemKey } from '../helpers/keys';
import { tempDir, tempTree } from '../helpers/temp-tree';
import { buildCliBundles } from '../helpers/verify-cli-build';

const supported = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function' && typeof process.getuid === 'function';
const skip = supported ? false : `Node ${process.version} has no module.enableCompileCache (engines.node asks for 22 or 24)`;

const files: Record<string, string> = { 'keys/signing.pem': generatePemKey('ec-sec1').text };
for (let i = 0; i < 40; i++) files[`src/file${i}.js`] = `export const value${i} = ${i};\n`;
const workspace = tempTree('keyward-ccache-ws-', files);

/** `keyward scan` on two worker threads (so scan-worker.js is compiled in each), in a clean environment. */
function scan(extraEnv: NodeJS.ProcessEnv): { report: unknown; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_DEBUG_NATIVE: 'COMPILE_CACHE', ...extraEnv };
  for (const name of ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'KEYWARD_NO_COMPILE_CACHE']) if (!(name in extraEnv)) delete env[name];
  const cli = join(buildCliBundles(), 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '--fail-on', 'none', '--no-rg', '--jobs', '2', '.'], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const { findings, suppressed, skipped, summary } = JSON.parse(run.stdout) as Record<string, unknown>;
  return { report: { findings, suppressed, skipped, summary }, stderr: run.stderr };
}

/** The cache entries Node wrote: `<dir>/<node version, arch, flags, uid>/<hash of the module's path>`. */
function entries(dir: string): string[] {
  return readdirSync(dir).flatMap((tag) => readdirSync(join(dir, tag)).map((entry) => `${tag}/${entry}`));
}

test('a second run uses the cache written by the first, for the CLI and its worker threads; same report', { skip }, () => {
  const home = tempDir('keyward-ccache-home-');
  const dir = join(home, 'keyward', 'compile-cache');
  const without = scan({ XDG_CACHE_HOME: home, KEYWARD_NO_COMPILE_CACHE: '1' });
  assert.deepEqual(readdirSync(home), [], 'KEYWARD_NO_COMPILE_CACHE=1 creates nothing');
  const first = scan({ XDG_CACHE_HOME: home });
  // cli-main.js and scan-worker.js (the launcher cli.js is compiled before the cache is on).
  assert.equal(entries(dir).length, 2, entries(dir).join(', '));
  const second = scan({ XDG_CACHE_HOME: home });
  assert.match(second.stderr, /cli-main\.js was accepted/);
  assert.match(second.stderr, /scan-worker\.js was accepted/);
  assert.equal((without.report as { findings: unknown[] }).findings.length, 1);
  assert.deepEqual(first.report, without.report);
  assert.deepEqual(second.report, without.report);
});

test("NODE_DISABLE_COMPILE_CACHE (Node's own switch) keeps the cache off", { skip }, () => {
  const home = tempDir('keyward-ccache-home-');
  scan({ XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.deepEqual(readdirSync(home), []);
});

test('a symlink planted in place of the cache folder: refused silently, nothing written where it points', { skip }, () => {
  const home = tempDir('keyward-ccache-home-');
  const elsewhere = tempDir('keyward-ccache-planted-');
  mkdirSync(join(home, 'keyward'), { mode: 0o700 });
  symlinkSync(elsewhere, join(home, 'keyward', 'compile-cache'));
  const planted = scan({ XDG_CACHE_HOME: home });
  const reference = scan({ XDG_CACHE_HOME: home, KEYWARD_NO_COMPILE_CACHE: '1' });
  assert.deepEqual(readdirSync(elsewhere), []);
  assert.doesNotMatch(planted.stderr, /compile cache\] resolved path/);
  assert.deepEqual(planted.report, reference.report);
});
