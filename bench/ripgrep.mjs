// The ripgrep prefilter (issue 18): `keyward scan --rg` (the CLI's default on more than two cores when `rg` is on PATH)
// against `keyward scan --no-rg` (the pure-Node path) and ripgrep alone doing the prefilter's search (on the
// prefilter's threads, and on every core: the floor of any design asking ripgrep Keyward's question), on the
// main benchmark tree (bench/lib/workspace.mjs) and on the "68k small files" tree (bench/lib/small-files.mjs).
// The two Keyward reports must be identical (findings, suppressed findings, skipped files, counts): the script
// exits 1 when they are not. Wall times are medians of --runs warm runs, the commands alternating.
//
//   node bench/ripgrep.mjs [--quick] [--runs N] [--seed N] [--skip-main] [--skip-small] [--baseline DIST_DIR]
//                          [--compile-cache-ab]
//
// --quick: the 10,000-file tree and 6,800 small files instead of 100,000 and 68,000.
// --baseline: also run another build's cli.js (e.g. a copy of dist/ from main), interleaved, to compare A and B.
// --compile-cache-ab: also run both Keyward commands with KEYWARD_NO_COMPILE_CACHE=1, interleaved (the V8 compile
// cache needs Node >= 22.1: run this script with such a Node, which also runs the CLI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFromSrc } from './lib/bundle-src.mjs';
import { median, timeCommand } from './lib/measure.mjs';
import { machine, table } from './lib/report.mjs';
import { keywardArgs, keywardCapabilities, MAX_FILE_SIZE } from './lib/tools.mjs';
import { ensureSmallFilesTree, SMALL_FILES_FULL, SMALL_FILES_QUICK } from './lib/small-files.mjs';
import { ensureWorkspace } from './lib/workspace.mjs';
import { benchArgs } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(root, 'bench', '.work');
const { flag, option } = benchArgs();
const quick = flag('quick');
const runs = Number(option('runs', '3'));
const seed = Number(option('seed', '8'));
const log = (line = '') => console.log(line);
const baseline = option('baseline', undefined);

const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
if (rg.status !== 0) fail('ripgrep (rg) is not on PATH: apt-get install ripgrep');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) fail('dist/cli.js is missing: node scripts/build.mjs --production --only=dist');
const help = spawnSync(process.execPath, [cli, 'help'], { encoding: 'utf8' }).stdout ?? '';
if (!help.includes('--no-rg')) fail('dist/cli.js has no --no-rg: rebuild dist/ (node scripts/build.mjs --production --only=dist)');

const start = machine();
log(`machine: ${start.nproc} CPUs (${start.cpuModel}), ${start.ramGB} GB, Node ${start.node}, ${start.platform}; load average ${start.loadavg.join(' ')}`);
log(`ripgrep: ${rg.stdout.split('\n')[0]}; ${runs} warm runs each after one warm-up, alternating`);

const trees = [];
if (!flag('skip-main')) {
  const { tree, manifest } = ensureWorkspace({ workDir, profileName: quick ? 'quick' : 'full', seed, log });
  trees.push({ name: `main tree (${manifest.files.toLocaleString('en')} files, ${(manifest.bytes / 1e6).toFixed(0)} MB)`, tree, files: manifest.files });
}
if (!flag('skip-small')) {
  const small = ensureSmallFilesTree({ workDir, files: quick ? SMALL_FILES_QUICK : SMALL_FILES_FULL, seed, log });
  trees.push({ name: `small files (${small.files.toLocaleString('en')} files in node_modules)`, tree: small.tree, files: small.files });
}

// ripgrep alone, asked exactly what the prefilter asks: its arguments, anchors and patterns come from src/
// (bundled with esbuild), so this line cannot drift from src/engine/discovery/rg-search.ts. The one difference:
// the prefilter pipes the patterns to `--file -`; here they are in a file, since the timed command gets no stdin.
mkdirSync(workDir, { recursive: true });
const prefilter = await bundleFromSrc(
  root,
  workDir,
  'rg-prefilter-bundle',
  `export { ripgrepPatterns, ripgrepSearchArgs } from './src/engine/discovery/rg-search';
export { ripgrepArgv } from './src/engine/process/rg-command';
export { prefilterAnchors } from './src/engine/scan/ripgrep-prefilter';
export { RULES } from './src/engine/rules/registry';`,
);
if (prefilter.reason) fail(prefilter.reason);
const { ripgrepPatterns, ripgrepSearchArgs, ripgrepArgv, prefilterAnchors, RULES } = prefilter.exports;
const anchors = prefilterAnchors(RULES);
const patternsFile = join(workDir, 'rg-prefilter-patterns.txt');
writeFileSync(patternsFile, ripgrepPatterns(anchors));
// keywardArgs scans with the tree's .gitignore honoured (the CLI default).
const prefilterArgs = ripgrepArgv(ripgrepSearchArgs(MAX_FILE_SIZE, true));
const stdinAt = prefilterArgs.findIndex((arg, i) => arg === '-' && prefilterArgs[i - 1] === '--file');
if (stdinAt < 0) fail('src/engine/discovery/rg-search.ts no longer passes --file -: update this script');
const rgFloorArgs = prefilterArgs.with(stdinAt, patternsFile);
log(`rg alone: rg ${rgFloorArgs.join(' ')}  (${anchors.length} anchors)`);
// The same question on every core (the prefilter leaves Node a core on two): the floor of any design that asks
// ripgrep what Keyward must know, since the scan cannot end before ripgrep has answered.
const threadsAt = rgFloorArgs.indexOf('--threads') + 1;
if (threadsAt === 0) fail('src/engine/discovery/rg-search.ts no longer passes --threads: update this script');
const rgAllCoresArgs = rgFloorArgs.with(threadsAt, String(availableParallelism()));
// The issue's reference (bench/run.mjs): ripgrep's simplest comparable job, one regex for private-key headers.
const rgOneRegexArgs = [
  '--no-config',
  '-l',
  '--no-ignore',
  '--hidden',
  '--no-messages',
  '--max-filesize',
  '2M',
  '-e',
  '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----',
  '.',
];

let identical = true;
const rows = [];
for (const { name, tree, files } of trees) {
  log(`\n${name}: ${tree}`);
  const commands = [
    ['keyward (ripgrep prefilter)', process.execPath, keywardArgs(cli, prefilterFlag(cli))],
    ['keyward --no-rg (pure Node)', process.execPath, keywardArgs(cli, ['--no-rg'])],
    ['rg alone (the prefilter search)', 'rg', rgFloorArgs],
    ['rg one regex (npm run bench)', 'rg', rgOneRegexArgs],
    [`rg alone on all ${availableParallelism()} cores (the floor)`, 'rg', rgAllCoresArgs],
  ];
  if (flag('compile-cache-ab')) {
    const noCache = { ...process.env, KEYWARD_NO_COMPILE_CACHE: '1' };
    commands.push(['keyward, no compile cache (ripgrep prefilter)', process.execPath, keywardArgs(cli, prefilterFlag(cli)), noCache]);
    commands.push(['keyward --no-rg, no compile cache (pure Node)', process.execPath, keywardArgs(cli, ['--no-rg']), noCache]);
  }
  if (baseline) {
    const baseCli = join(resolve(baseline), 'cli.js');
    commands.push(['baseline keyward (ripgrep prefilter)', process.execPath, keywardArgs(baseCli, prefilterFlag(baseCli))]);
    commands.push(['baseline keyward --no-rg (pure Node)', process.execPath, keywardArgs(baseCli, ['--no-rg'])]);
  }
  const measured = commands.map(() => []);
  const outputs = [];
  for (let i = 0; i <= runs; i++) {
    commands.forEach(([, command, args, env], c) => {
      const run = timeCommand(command, args, { cwd: tree, env });
      if (run.status !== 0 && !(command === 'rg' && run.status === 1)) fail(`${commands[c][0]} exited ${run.status}: ${run.stderr.slice(0, 1000)}`);
      if (i === 0) outputs[c] = run.stdout;
      else measured[c].push(run);
    });
    if (i > 0)
      log(`  run ${i}: ${measured.map((m, c) => `${commands[c][0].split(' (')[0]} ${m[i - 1].wall.toFixed(2)} s`).join(', ')}; load ${machine().loadavg[0]}`);
  }
  const withRg = JSON.parse(outputs[0]);
  const reports = outputs.filter((_, c) => commands[c][1] !== 'rg').map((out) => JSON.stringify(comparable(JSON.parse(out))));
  const same = reports.every((r) => r === reports[0]);
  identical &&= same;
  log(
    `  reports: ${same ? 'IDENTICAL' : 'DIFFERENT'} (${withRg.findings.length} findings, ${withRg.summary?.filesScanned} files scanned, ${withRg.skipped?.length ?? withRg.summary?.skipped} skipped)`,
  );
  // Ratios against the issue's reference, ripgrep's one-regex search.
  const rgWall = median(measured[3].map((r) => r.wall));
  const rgCpu = median(measured[3].map((r) => r.cpu));
  commands.forEach(([label], c) => {
    const wall = median(measured[c].map((r) => r.wall));
    const rss = median(measured[c].map((r) => r.rssMB));
    const cpu = median(measured[c].map((r) => r.cpu));
    rows.push([
      name.split(' (')[0],
      label,
      `${wall.toFixed(2)} s`,
      `${(wall / rgWall).toFixed(2)}×`,
      cpu === null ? '—' : `${cpu.toFixed(2)} s`,
      cpu === null || !rgCpu ? '—' : `${(cpu / rgCpu).toFixed(2)}×`,
      Math.round(files / wall).toLocaleString('en'),
      rss === null ? '—' : `${rss.toFixed(0)} MB`,
    ]);
  });
}

log('');
log(table(['tree', 'command', 'wall (median)', 'wall / rg one regex', 'CPU user+sys (median)', 'CPU / rg one regex', 'files/s', 'peak RSS'], rows, 'llrrrrrr'));
const end = machine();
log(`\nload average at the end: ${end.loadavg.join(' ')}`);
if (!identical) fail('the reports with and without ripgrep differ');

/** `--rg` where the CLI has it: since then its default uses the prefilter only on more than two cores. */
function prefilterFlag(cliPath) {
  return keywardCapabilities(cliPath).rg ? ['--rg'] : [];
}

/** The parts of a JSON report that must not depend on how the files were found. */
function comparable(report) {
  const { findings, suppressed, skipped, summary } = report;
  return { findings, suppressed, skipped, summary };
}

function fail(message) {
  console.error(`bench/ripgrep: ${message}`);
  process.exit(1);
}
