// Keyward's fixed start-up cost with and without the V8 compile cache (issue 18; src/cli/compile-cache.ts):
// `keyward version` (the CLI bundle only), and `keyward scan --no-rg` of a 20-file folder in one thread and on
// two worker threads (`--jobs 2`: each compiles dist/scan-worker.js). The commands alternate, with the cache
// on (its own folder under bench/.work, warmed by one run) and off (KEYWARD_NO_COMPILE_CACHE=1). CPU is GNU
// time's user + system, quantised to 10 ms: with many runs, the mean resolves what the median cannot.
//
//   node bench/compile-cache.mjs [--runs N]       (default 21; needs Node >= 22.1, which also runs the CLI)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeCommand } from './lib/measure.mjs';
import { machine, table } from './lib/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'bench', '.work', 'compile-cache');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt < 0 ? 21 : Number(process.argv[runsAt + 1]);
if (typeof nodeModule.enableCompileCache !== 'function') {
  console.error(`bench/compile-cache: Node ${process.version} has no module.enableCompileCache (Node >= 22.1)`);
  process.exit(1);
}

const cli = join(root, 'dist', 'cli.js');
rmSync(work, { recursive: true, force: true });
const tree = join(work, 'tree');
mkdirSync(tree, { recursive: true, mode: 0o700 });
for (let i = 0; i < 20; i++) writeFileSync(join(tree, `file${i}.js`), `export const value${i} = ${i};\n`);
const cacheHome = join(work, 'cache-home');
mkdirSync(cacheHome, { mode: 0o700 });
const base = { ...process.env };
for (const name of ['NODE_COMPILE_CACHE', 'NODE_DISABLE_COMPILE_CACHE', 'KEYWARD_NO_COMPILE_CACHE']) delete base[name];
const on = { ...base, XDG_CACHE_HOME: cacheHome };
const off = { ...on, KEYWARD_NO_COMPILE_CACHE: '1' };

const scan = (extra) => [cli, 'scan', '--format', 'json', '--fail-on', 'none', '--no-rg', ...extra, '.'];
const commands = [
  ['keyward version', [cli, 'version']],
  ['scan, one thread', scan(['--jobs', '1'])],
  ['scan, 2 worker threads', scan(['--jobs', '2'])],
].flatMap(([label, args]) => [
  { label: `${label}, cache on`, args, env: on },
  { label: `${label}, cache off`, args, env: off },
]);

const start = machine();
console.log(`machine: ${start.nproc} CPUs (${start.cpuModel}), Node ${start.node}; load average ${start.loadavg.join(' ')}; ${runs} runs each, alternating`);
const measured = commands.map(() => []);
for (let i = 0; i <= runs; i++) {
  commands.forEach(({ label, args, env }, c) => {
    const run = timeCommand(process.execPath, args, { cwd: tree, env });
    if (run.status !== 0) throw new Error(`${label} exited ${run.status}: ${run.stderr.slice(0, 500)}`);
    if (i > 0) measured[c].push(run); // run 0 warms the cache and the page cache
  });
}
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const rows = commands.map(({ label }, c) => {
  const cpu = measured[c].map((r) => r.cpu);
  const wall = measured[c].map((r) => r.wall);
  return [label, `${(mean(cpu) * 1000).toFixed(0)} ms`, `${(median(cpu) * 1000).toFixed(0)} ms`, `${(median(wall) * 1000).toFixed(0)} ms`];
});
console.log(table(['command', 'CPU mean', 'CPU median', 'wall median'], rows, 'lrrr'));
console.log(`load average at the end: ${machine().loadavg.join(' ')}`);
rmSync(work, { recursive: true, force: true });
