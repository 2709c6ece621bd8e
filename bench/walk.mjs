// Discovery's walk alone (issue 18, the pure-Node path): discoverFiles over a benchmark tree as `keyward scan`
// calls it without a cache (no stat per file), each run in its own process, this checkout's src/ against
// another git revision's src/, alternating. Reports CPU (user, system) and wall medians; exits 1 when the two
// walks list different files. The kernel's share (system time: opening and listing each folder) is the floor
// both share; what the walk's JavaScript costs shows in user time.
//
//   node bench/walk.mjs [--baseline GIT_REV] [--runs N] [--quick] [--seed N] [--skip-main] [--skip-small]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromSrc } from './lib/bundle-src.mjs';
import { median } from './lib/measure.mjs';
import { machine, table } from './lib/report.mjs';
import { ensureSmallFilesTree, SMALL_FILES_FULL, SMALL_FILES_QUICK } from './lib/small-files.mjs';
import { ensureWorkspace } from './lib/workspace.mjs';
import { benchArgs } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(root, 'bench', '.work');
const { argv, flag, option } = benchArgs();
const quick = flag('quick');
const runs = Number(option('runs', '5'));
const seed = Number(option('seed', '8'));
const baseline = option('baseline', undefined);
const log = (line = '') => console.log(line);

// The child: one walk, its cost and a digest of what it listed.
if (argv[0] === '--child') {
  const { discoverFiles } = (await import('node:module')).createRequire(import.meta.url)(argv[1]);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await discoverFiles({ root: argv[2], statFiles: false, scanIgnoredForKeys: true, onFile: () => {} });
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const digest = createHash('sha256')
    .update(JSON.stringify([result.files.map((f) => f.path), result.skipped, result.excludedPaths]))
    .digest('hex');
  console.log(JSON.stringify({ wall: wall / 1000, user: used.user / 1e6, system: used.system / 1e6, files: result.files.length, digest }));
  process.exit(0);
}

const entry = `export { discoverFiles } from './src/engine/discovery/discover';`;
const builds = [];
const current = await bundleFromSrc(root, workDir, 'walk-current', entry);
if (current.reason) fail(current.reason);
builds.push({ name: 'this checkout', bundle: join(workDir, 'walk-current.cjs') });
if (baseline) {
  // The baseline's src/ from git, next to this checkout's node_modules (same dependencies).
  const baseRoot = join(workDir, 'walk-baseline');
  rmSync(baseRoot, { recursive: true, force: true });
  mkdirSync(baseRoot, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${root}" archive "${baseline}" src | tar -x -C "${baseRoot}"`]);
  symlinkSync(join(root, 'node_modules'), join(baseRoot, 'node_modules'));
  const base = await bundleFromSrc(baseRoot, workDir, 'walk-baseline', entry);
  if (base.reason) fail(base.reason);
  builds.push({ name: `baseline ${baseline}`, bundle: join(workDir, 'walk-baseline.cjs') });
}

const start = machine();
log(`machine: ${start.nproc} CPUs (${start.cpuModel}), Node ${start.node}; load average ${start.loadavg.join(' ')}`);
const trees = [];
if (!flag('skip-main')) trees.push({ name: 'main tree', ...ensureWorkspace({ workDir, profileName: quick ? 'quick' : 'full', seed, log }) });
if (!flag('skip-small'))
  trees.push({ name: 'small files', ...ensureSmallFilesTree({ workDir, files: quick ? SMALL_FILES_QUICK : SMALL_FILES_FULL, seed, log }) });

let same = true;
const rows = [];
for (const { name, tree } of trees) {
  const measured = builds.map(() => []);
  for (let i = 0; i <= runs; i++) {
    builds.forEach(({ bundle }, b) => {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundle, tree], { encoding: 'utf8' });
      if (run.status !== 0) fail(`walk exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
      if (i > 0) measured[b].push(JSON.parse(run.stdout));
    });
  }
  const digests = new Set(measured.map((m) => m[0].digest));
  same &&= digests.size === 1;
  log(`${name}: ${measured[0][0].files.toLocaleString('en')} files; listings ${digests.size === 1 ? 'IDENTICAL' : 'DIFFERENT'}; load ${machine().loadavg[0]}`);
  builds.forEach(({ name: build }, b) => {
    const m = measured[b];
    const cpu = (r) => r.user + r.system;
    rows.push([name, build, ...[cpu, (r) => r.user, (r) => r.system, (r) => r.wall].map((f) => `${median(m.map(f)).toFixed(2)} s`)]);
  });
}
log();
log(table(['tree', 'walk', 'CPU (median)', 'user', 'system', 'wall'], rows, 'llrrrr'));
log(`\nload average at the end: ${machine().loadavg.join(' ')}`);
if (!same) fail('the walks listed different files');

function fail(message) {
  console.error(`bench/walk.mjs: ${message}`);
  process.exit(1);
}
