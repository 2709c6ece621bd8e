// `npm run bench`: scan speed, memory and recall of Keyward against ripgrep (the physical floor) and
// secretlint (the JavaScript peer) on one generated workspace, plus single-document re-check latency,
// bundle sizes and the editor figures (bench/editor.mjs), checked against the targets of issue #8.
//
//   npm run bench -- [--quick] [--runs N] [--seed N] [--secretlint-sample N | --secretlint-full]
//                    [--secretlint-runs N] [--no-cold] [--skip-secretlint] [--skip-latency] [--skip-editor]
//                    [--regenerate] [--clean] [--profile]
//
// A benchmark, not a test: it prints numbers and writes them to bench/.work/results.json. It fails only
// when a tool cannot run. See bench/README.md for what each number means.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documents, LATENCY_SIZES, loadScanFile, measureLatency } from './lib/latency.mjs';
import { profileCliScan, profileInProcess } from './lib/profile.mjs';
import { dropCaches, hasGnuTime, median } from './lib/measure.mjs';
import { createRandom } from './lib/prng.mjs';
import { check, machine, mb, printLatency, printTargets, table, TOOL_ALIGN, TOOL_HEADER, toolRow } from './lib/report.mjs';
import { issue18Targets } from './lib/targets-18.mjs';
import {
  ensureAptTool,
  ensureSecretlint,
  keywardArgs,
  keywardCapabilities,
  MAX_FILE_SIZE,
  rgArgs,
  runKeyward,
  runRipgrep,
  runSecretlint,
} from './lib/tools.mjs';
import { ensureWorkspace } from './lib/workspace.mjs';
import { benchArgs } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(root, 'bench', '.work');
const { argv, flag, option } = benchArgs();
const USAGE = `usage: npm run bench -- [--quick] [--runs N] [--seed N] [--secretlint-sample N | --secretlint-full]
         [--secretlint-runs N] [--no-cold] [--skip-secretlint] [--skip-latency] [--skip-editor] [--regenerate] [--clean]
         [--profile]
(bench/README.md explains each option and every number)`;
const KNOWN = [
  'profile',
  'quick',
  'runs',
  'seed',
  'secretlint-sample',
  'secretlint-full',
  'secretlint-runs',
  'no-cold',
  'skip-secretlint',
  'skip-latency',
  'skip-editor',
  'regenerate',
  'clean',
  'help',
];
const unknown = argv.filter((a) => a.startsWith('--') && !KNOWN.includes(a.slice(2).split('=')[0]));
if (flag('help') || unknown.length) {
  if (unknown.length) console.error(`bench: unknown option ${unknown.join(', ')}`);
  console.log(USAGE);
  process.exit(unknown.length ? 2 : 0);
}
const opts = {
  size: flag('quick') ? 'quick' : 'full',
  runs: Math.max(1, Number(option('runs', 3))),
  seed: Number(option('seed', 8)),
  secretlintSample: Number(option('secretlint-sample', 2000)),
  secretlintFull: flag('secretlint-full'),
  secretlintRuns: Math.max(1, Number(option('secretlint-runs', 1))),
  cold: !flag('no-cold'),
  secretlint: !flag('skip-secretlint'),
  latency: !flag('skip-latency'),
  editor: !flag('skip-editor'),
};
for (const name of ['runs', 'seed', 'secretlintSample', 'secretlintRuns']) {
  if (!Number.isInteger(opts[name]) || opts[name] < 0) {
    console.error(`bench: --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs a whole number`);
    process.exit(2);
  }
}
const log = (...args) => console.log(...args);
const started = new Date();
mkdirSync(workDir, { recursive: true });

const results = { date: started.toISOString(), machine: machine(), options: opts };
log(`keyward bench — ${results.date}`);
log(
  `machine: ${results.machine.nproc} CPUs (${results.machine.cpuModel}), ${results.machine.ramGB} GB RAM, Node ${results.machine.node}, ${results.machine.platform}, load average ${results.machine.loadavg.join(' ')}`,
);

// ---------------------------------------------------------------------------------------------------
// Tools and the build.

if (!ensureAptTool('rg', 'ripgrep', log)) fail('ripgrep (rg) is missing and could not be installed');
if (!hasGnuTime() && !(ensureAptTool('/usr/bin/time', 'time', log) && hasGnuTime()))
  log('GNU time is missing and could not be installed: peak RSS is reported as unknown');
const rgVersion = spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
const cli = ensureBuilt();
const caps = keywardCapabilities(cli);

// ---------------------------------------------------------------------------------------------------
// The workspace.

if (flag('regenerate')) rmSync(join(workDir, 'trees'), { recursive: true, force: true });
const { tree, manifest, cached } = ensureWorkspace({ workDir, profileName: opts.size, seed: opts.seed, log });
const allFiles = readFileSync(manifest.fileList, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const tab = line.indexOf('\t');
    return { size: Number(line.slice(0, tab)), path: line.slice(tab + 1) };
  });
const keys = manifest.planted.filter((p) => p.key);
const configs = manifest.planted.filter((p) => !p.key);
results.workspace = {
  tree,
  stamp: manifest.stamp,
  files: manifest.files,
  bytes: manifest.bytes,
  cached,
  generationSeconds: manifest.seconds,
  plantedKeys: keys.length,
  plantedConfigs: configs.length,
  notes: manifest.notes,
};
log(
  `workspace: ${manifest.files.toLocaleString('en')} files, ${mb(manifest.bytes).toFixed(0)} MB (${(manifest.bytes / 2 ** 30).toFixed(2)} GiB), ${keys.length} planted keys, ${configs.length} planted insecure configs`,
);
log(`  ${cached ? 'cached' : 'generated now'}: generation took ${manifest.seconds.toFixed(1)} s (stamp ${manifest.stamp})`);
for (const note of manifest.notes) log(`  note: ${note}`);

// ---------------------------------------------------------------------------------------------------
// Warm runs: one unmeasured warm-up each, then ripgrep and Keyward alternately (so a burst of load from
// elsewhere hits both), medians of --runs.

const keywardBase = caps.noCache ? ['--no-cache'] : [];
log(`\nkeyward: node ${keywardArgs('dist/cli.js', keywardBase).join(' ')}   (cwd: the tree)`);
log(
  `ripgrep: rg ${rgArgs()
    .map((a) => (a.includes(' ') ? `'${a}'` : a))
    .join(' ')}   (${rgVersion})`,
);
log(`warm runs: 1 warm-up + ${opts.runs} measured each …`);
runRipgrep(tree, keys);
runKeyward(cli, tree, manifest.planted, keywardBase);
// Issue 18: the pure-Node path (`--no-rg`) and the ripgrep prefilter (`--rg`: the default uses it only on more
// than two cores) in the same rotation, each for its own target against ripgrep.
const noRgArgs = caps.noRg ? [...keywardBase, '--no-rg'] : null;
const withRgArgs = caps.rg ? [...keywardBase, '--rg'] : null;
if (noRgArgs) runKeyward(cli, tree, manifest.planted, noRgArgs);
if (withRgArgs) runKeyward(cli, tree, manifest.planted, withRgArgs);
const rgRuns = [];
const kwRuns = [];
const kwNoRgRuns = [];
const kwRgRuns = [];
for (let i = 0; i < opts.runs; i++) {
  rgRuns.push(runRipgrep(tree, keys));
  kwRuns.push(runKeyward(cli, tree, manifest.planted, keywardBase));
  if (noRgArgs) kwNoRgRuns.push(runKeyward(cli, tree, manifest.planted, noRgArgs));
  if (withRgArgs) kwRgRuns.push(runKeyward(cli, tree, manifest.planted, withRgArgs));
  log(
    `  run ${i + 1}: ripgrep ${rgRuns[i].wall.toFixed(2)} s, keyward ${kwRuns[i].wall.toFixed(2)} s${noRgArgs ? `, keyward --no-rg ${kwNoRgRuns[i].wall.toFixed(2)} s` : ''}${withRgArgs ? `, keyward --rg ${kwRgRuns[i].wall.toFixed(2)} s` : ''}`,
  );
}
const summarize = (label, runs, extra = {}) => ({
  label,
  files: manifest.files,
  bytes: manifest.bytes,
  wall: median(runs.map((r) => r.wall)),
  rssMB: median(runs.map((r) => r.rssMB)),
  runs: runs.map((r) => ({ wall: r.wall, rssMB: r.rssMB })),
  ...extra,
});
const recallOf = (run, set) => ({
  found: run.hits.filter((h) => set.includes(h)).length,
  total: set.length,
  missed: set.filter((p) => !run.hits.includes(p)).map((p) => `${p.ruleId} ${p.path}`),
});
const rg = summarize('ripgrep (warm)', rgRuns, {
  recallKeys: recallOf(rgRuns[0], keys),
  matchedFiles: rgRuns[0].matchedFiles,
  matchedOutsidePlanted: rgRuns[0].outsidePlanted,
  command: `rg ${rgArgs().join(' ')}`,
  version: rgVersion,
});
const kw = summarize('keyward (warm)', kwRuns, {
  recallKeys: recallOf(kwRuns[0], keys),
  recallConfigs: recallOf(kwRuns[0], configs),
  filesScanned: kwRuns[0].filesScanned,
  skipped: kwRuns[0].skipped,
  findings: kwRuns[0].findings,
  findingsOutsidePlanted: kwRuns[0].outsidePlanted,
  command: `node ${keywardArgs('dist/cli.js', keywardBase).join(' ')}`,
});
results.tools = { ripgrep: rg, keyward: kw };
const rows = [rg, kw];
if (noRgArgs) {
  results.tools.keywardNoRg = summarize('keyward --no-rg (warm, pure Node)', kwNoRgRuns, {
    recallKeys: recallOf(kwNoRgRuns[0], keys),
    recallConfigs: recallOf(kwNoRgRuns[0], configs),
  });
  rows.push(results.tools.keywardNoRg);
}
if (withRgArgs) {
  results.tools.keywardRg = summarize('keyward --rg (warm, ripgrep prefilter)', kwRgRuns, {
    recallKeys: recallOf(kwRgRuns[0], keys),
    recallConfigs: recallOf(kwRgRuns[0], configs),
  });
  rows.push(results.tools.keywardRg);
}

// --jobs: single-threaded against the default, when the CLI has the option.
if (caps.jobs) {
  log(`keyward --jobs 1: ${opts.runs} runs …`);
  const runs = Array.from({ length: opts.runs }, () => runKeyward(cli, tree, manifest.planted, [...keywardBase, '--jobs', '1']));
  results.tools.keywardJobs1 = summarize('keyward --jobs 1 (warm)', runs, { recallKeys: recallOf(runs[0], keys), recallConfigs: recallOf(runs[0], configs) });
  rows.push(results.tools.keywardJobs1);
} else {
  results.tools.keywardJobs1 = { na: 'no --jobs option' };
}

// Re-scan of the unchanged workspace with the incremental cache, when the CLI has one.
if (caps.cache) {
  const cacheFile = join(workDir, 'keyward-scan-cache');
  const cacheArgs = caps.cache.takesFile ? [caps.cache.flag, cacheFile] : [caps.cache.flag];
  log(`keyward ${cacheArgs.join(' ')}: ${opts.runs} cold-cache and ${opts.runs} warm-cache runs …`);
  const coldCache = [];
  const warmCache = [];
  for (let i = 0; i < opts.runs; i++) {
    rmSync(cacheFile, { recursive: true, force: true });
    coldCache.push(runKeyward(cli, tree, manifest.planted, cacheArgs));
    warmCache.push(runKeyward(cli, tree, manifest.planted, cacheArgs));
  }
  rmSync(cacheFile, { recursive: true, force: true });
  results.tools.keywardCacheCold = summarize('keyward, empty cache', coldCache, {
    recallKeys: recallOf(coldCache[0], keys),
    recallConfigs: recallOf(coldCache[0], configs),
  });
  results.tools.keywardCacheWarm = summarize('keyward re-scan, unchanged', warmCache, {
    recallKeys: recallOf(warmCache[0], keys),
    recallConfigs: recallOf(warmCache[0], configs),
  });
  rows.push(results.tools.keywardCacheCold, results.tools.keywardCacheWarm);
} else {
  results.tools.keywardCacheWarm = { na: 'n/a (no cache option)' };
}

// Cold runs: page cache dropped before each.
if (opts.cold && dropCaches()) {
  log('cold runs (page cache dropped before each) …');
  const rgCold = runRipgrep(tree, keys);
  dropCaches();
  const kwCold = runKeyward(cli, tree, manifest.planted, keywardBase);
  results.tools.ripgrepCold = summarize('ripgrep (cold)', [rgCold], { recallKeys: recallOf(rgCold, keys) });
  results.tools.keywardCold = summarize('keyward (cold)', [kwCold], { recallKeys: recallOf(kwCold, keys), recallConfigs: recallOf(kwCold, configs) });
  rows.push(results.tools.ripgrepCold, results.tools.keywardCold);
} else {
  results.tools.keywardCold = { na: opts.cold ? 'cold: not measurable here (drop_caches refused)' : 'cold: skipped (--no-cold)' };
}

// ---------------------------------------------------------------------------------------------------
// secretlint on a deterministic sample (or everything with --secretlint-full).

if (opts.secretlint) {
  const secretlint = ensureSecretlint(join(workDir, 'tools'), log);
  if (!secretlint) fail('secretlint could not be installed');
  // The population: the files Keyward and ripgrep read (at most 2 MiB each).
  const population = allFiles.filter((f) => f.size <= MAX_FILE_SIZE);
  let sample = null;
  if (!opts.secretlintFull) {
    const plantedPaths = new Set(manifest.planted.map((p) => p.path));
    const others = createRandom(opts.seed).shuffle(population.filter((f) => !plantedPaths.has(f.path)));
    sample = [...population.filter((f) => plantedPaths.has(f.path)), ...others].slice(0, Math.max(plantedPaths.size, opts.secretlintSample));
  }
  const files = sample ?? population;
  const sampleBytes = files.reduce((sum, f) => sum + f.size, 0);
  log(
    `secretlint ${secretlint.version} (recommended preset) on ${sample ? 'a sample of ' : 'all '}${files.length.toLocaleString('en')} files ≤ 2 MiB (${mb(sampleBytes).toFixed(0)} MB), ${opts.secretlintRuns} run(s) …`,
  );
  const runs = Array.from({ length: opts.secretlintRuns }, () =>
    runSecretlint(
      secretlint,
      tree,
      keys,
      files.map((f) => f.path),
      join(workDir, 'secretlint-report.json'),
    ),
  );
  const measured = {
    ...summarize(sample ? 'secretlint (sample, measured)' : 'secretlint (all files ≤ 2 MiB)', runs, {
      recallKeys: recallOf(runs[0], keys),
      flaggedOutsidePlanted: runs[0].outsidePlanted,
    }),
    files: files.length,
    bytes: sampleBytes,
  };
  measured.command = 'node secretlint.js --secretlintrc .secretlintrc.json --format json --output FILE --no-glob FILE… (at most 4,000 files per run)';
  measured.version = secretlint.version;
  results.tools.secretlint = measured;
  rows.push(measured);
  if (sample) {
    const populationBytes = population.reduce((sum, f) => sum + f.size, 0);
    const byFiles = measured.wall * (population.length / files.length);
    const byBytes = measured.wall * (populationBytes / sampleBytes);
    // The smaller projection is the one used for ratios: it is the one kindest to secretlint.
    results.tools.secretlintProjected = {
      label: 'secretlint (PROJECTED, full tree)',
      files: population.length,
      bytes: populationBytes,
      wall: Math.min(byFiles, byBytes),
      projectedByFiles: byFiles,
      projectedByBytes: byBytes,
      rssMB: null,
      projected: true,
    };
    rows.push(results.tools.secretlintProjected);
  }
}

// ---------------------------------------------------------------------------------------------------
// Single-document latency, bundles, editor.

const loaded = opts.latency || flag('profile') ? await loadScanFile(root, workDir) : undefined;
if (opts.latency) {
  log('single-document re-check latency (scanFile from src/engine/scan/scanner.ts) …');
  results.latency = loaded.scanFile ? measureLatency(loaded, opts.seed) : { na: loaded.reason };
}
if (flag('profile')) {
  const dir = join(workDir, 'profile');
  log('profile: one keyward scan of the tree with --cpu-prof (unminified CLI bundle) …');
  results.profile = { scan: await profileCliScan(root, dir, tree) };
  if (loaded.scanFile) {
    // The slowest 200 KB document of the latency table (the workflow when latency was skipped).
    const at200 = Array.isArray(results.latency) ? results.latency.filter((row) => row.size === '200 KB' && !row.kind.endsWith('whole file')) : [];
    const kind = (at200.length ? at200.reduce((a, b) => (b.p95 > a.p95 ? b : a)).kind : 'workflow (KW203)').replace(/, edited$/, '');
    const doc = documents(LATENCY_SIZES.find(([label]) => label === '200 KB')[1], opts.seed).find((d) => d.kind === kind);
    const input = { path: doc.path, text: doc.text, committed: true };
    log(`profile: scanFile on the 200 KB ${kind} for 3 s …`);
    results.profile.document = {
      kind,
      ...(await profileInProcess(dir, 'document', () => {
        for (const started = performance.now(); performance.now() - started < 3_000;) loaded.scanFile(input);
      })),
    };
  }
}
results.bundles = readdirSync(join(root, 'dist'))
  .filter((f) => f.endsWith('.js'))
  .map((file) => ({ file: `dist/${file}`, bytes: statSync(join(root, 'dist', file)).size }))
  .sort((a, b) => a.file.localeCompare(b.file));
const editorScript = join(root, 'bench', 'editor.mjs');
if (!opts.editor) results.editor = { na: 'editor: skipped (--skip-editor)' };
else if (!existsSync(editorScript)) results.editor = { na: 'editor: n/a (bench/editor.mjs missing)' };
else {
  log('editor: node bench/editor.mjs --json …');
  const run = spawnSync(process.execPath, [editorScript, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 20 * 60_000 });
  const json = (run.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.trim().startsWith('{'));
  try {
    results.editor =
      run.status === 0 && json
        ? JSON.parse(json)
        : { na: `editor: bench/editor.mjs failed (exit ${run.status}): ${(run.stderr ?? '').trim().split('\n').pop()}` };
  } catch {
    results.editor = { na: 'editor: bench/editor.mjs printed no JSON object' };
  }
}
results.machine.loadavgEnd = machine().loadavg;

// ---------------------------------------------------------------------------------------------------
// Output.

const ratio = (a, b) => (a && b ? a / b : null);
const slProjected = results.tools.secretlintProjected ?? results.tools.secretlint;
results.ratios = {
  keywardOverRipgrep: ratio(kw.wall, rg.wall),
  keywardOverRipgrepCold: ratio(results.tools.keywardCold?.wall, results.tools.ripgrepCold?.wall),
  secretlintOverKeyward: ratio(slProjected?.wall, kw.wall),
  secretlintOverKeywardProjected: Boolean(results.tools.secretlintProjected),
  rescanOverColdCache: ratio(results.tools.keywardCacheWarm?.wall, results.tools.keywardCacheCold?.wall),
  jobs1OverDefault: ratio(results.tools.keywardJobs1?.wall, kw.wall),
  keywardNoRgOverRipgrep: ratio(results.tools.keywardNoRg?.wall, rg.wall),
  keywardRgOverRipgrep: ratio(results.tools.keywardRg?.wall, rg.wall),
};

log(
  `\n== Scan: ${manifest.files.toLocaleString('en')} files, ${mb(manifest.bytes).toFixed(0)} MB (${opts.size} tree); medians of ${opts.runs} warm runs; 1 MB = 10^6 bytes ==`,
);
log(table(TOOL_HEADER, rows.map(toolRow), TOOL_ALIGN));
log(
  `files/s and MB/s are over the whole tree for every row except the secretlint sample. Keyward read ${kw.filesScanned?.toLocaleString('en')} files (the rest: binaries and files > 2 MiB, skipped${kw.skipped !== undefined ? `: ${kw.skipped.toLocaleString('en')}` : ''}); ripgrep skips the same kinds (--max-filesize 2M, binary detection).`,
);
log(
  `false-positive indicator: keyward findings outside the planted files: ${kw.findingsOutsidePlanted}; ripgrep files matched outside them: ${rg.matchedOutsidePlanted}${results.tools.secretlint ? `; secretlint files flagged outside them (in its sample): ${results.tools.secretlint.flaggedOutsidePlanted}` : ''}`,
);
for (const [name, s] of [
  ['keyward', kw],
  ['ripgrep', rg],
  ['secretlint', results.tools.secretlint],
]) {
  if (s?.recallKeys?.missed.length) log(`${name} missed keys: ${s.recallKeys.missed.join(', ')}`);
  if (s?.recallConfigs?.missed.length) log(`${name} missed configs: ${s.recallConfigs.missed.join(', ')}`);
}
if (results.tools.secretlintProjected) {
  const p = results.tools.secretlintProjected;
  log(
    `secretlint PROJECTED to the ${p.files.toLocaleString('en')} files ≤ 2 MiB: ${p.projectedByFiles.toFixed(0)} s by file count, ${p.projectedByBytes.toFixed(0)} s by bytes (ratios use the smaller). Run --secretlint-full to measure instead.`,
  );
}

const x = (value) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
log('\n== Ratios ==');
log(`keyward / ripgrep, warm wall time:   ${x(results.ratios.keywardOverRipgrep)}`);
log(`keyward --no-rg / ripgrep, warm:     ${results.tools.keywardNoRg ? x(results.ratios.keywardNoRgOverRipgrep) : 'n/a (no --no-rg option)'}`);
log(`keyward --rg / ripgrep, warm:        ${results.tools.keywardRg ? x(results.ratios.keywardRgOverRipgrep) : 'n/a (no --rg option)'}`);
log(`keyward / ripgrep, cold wall time:   ${results.tools.keywardCold?.na ?? x(results.ratios.keywardOverRipgrepCold)}`);
log(
  `secretlint / keyward, wall time:     ${x(results.ratios.secretlintOverKeyward)}${results.ratios.secretlintOverKeywardProjected ? ' (secretlint PROJECTED from the sample)' : ''}`,
);
log(`keyward --jobs 1 / default:          ${results.tools.keywardJobs1.na ?? x(results.ratios.jobs1OverDefault)}`);
log(`re-scan unchanged / empty cache:     ${results.tools.keywardCacheWarm.na ?? x(results.ratios.rescanOverColdCache)}`);

if (results.latency) {
  log('\n== Single-document re-check (scanFile, in process, after warm-up) ==');
  log(results.latency.na ?? printLatency(results.latency));
}
log('\n== Bundles ==');
log(
  table(
    ['bundle', 'bytes', 'KB'],
    results.bundles.map((b) => [b.file + (b.file === 'dist/extension.js' ? ' (activation)' : ''), b.bytes.toLocaleString('en'), (b.bytes / 1e3).toFixed(0)]),
    'lrr',
  ),
);
log('\n== Editor ==');
log(results.editor.na ?? printEditor(results.editor));

if (results.profile) {
  for (const [title, p] of [
    ['keyward scan of the tree', results.profile.scan],
    [`scanFile on the 200 KB ${results.profile.document?.kind}`, results.profile.document],
  ]) {
    if (!p) continue;
    log(`\n== Profile: ${title} (self time; ${p.file ?? ''}) ==`);
    log(
      p.na ??
        table(
          ['function', 'where', 'self ms', '%'],
          p.top.map((f) => [f.name.length > 70 ? `${f.name.slice(0, 69)}…` : f.name, f.where, f.ms.toFixed(0), f.percent.toFixed(1)]),
          'llrr',
        ),
    );
  }
}

results.targets = targets();
log('\n== Targets (issue #8) ==');
log(printTargets(results.targets));
results.targets18 = issue18Targets({ results, quick: opts.size === 'quick', rescanFile: join(workDir, 'rescan-git.json') });
log('\n== Targets (issue #18) ==');
log(printTargets(results.targets18, 'target (issue #18)'));
log(
  `\nload average at start ${results.machine.loadavg.join(' ')}, at end ${results.machine.loadavgEnd.join(' ')} (${results.machine.nproc} CPUs: other work on the machine inflates every figure)`,
);

writeFileSync(join(workDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
log(`results: ${join('bench', '.work', 'results.json')}`);
if (flag('clean')) rmSync(join(workDir, 'trees'), { recursive: true, force: true });

function targets() {
  const quick = opts.size === 'quick' ? 'quick tree, indicative only' : undefined;
  const list = [];
  const r = results.ratios;
  list.push(
    check(
      'warm scan ≤ 3× ripgrep',
      r.keywardOverRipgrep,
      (v) => v <= 3,
      r.keywardOverRipgrep && `${r.keywardOverRipgrep.toFixed(2)}× (${kw.wall.toFixed(2)} s vs ${rg.wall.toFixed(2)} s)`,
      quick,
    ),
  );
  list.push({
    name: 'cold scan reported',
    measured: results.tools.keywardCold.na ?? `${results.tools.keywardCold.wall.toFixed(2)} s, ${r.keywardOverRipgrepCold.toFixed(2)}× ripgrep cold`,
    status: 'info',
  });
  list.push(
    check(
      '≥ 100× faster than secretlint',
      r.secretlintOverKeyward,
      (v) => v >= 100,
      r.secretlintOverKeyward && `${r.secretlintOverKeyward.toFixed(0)}×${r.secretlintOverKeywardProjected ? ' (secretlint PROJECTED)' : ''}`,
      quick,
    ),
  );
  list.push(
    check(
      're-scan unchanged < 10% of cold',
      r.rescanOverColdCache,
      (v) => v < 0.1,
      r.rescanOverColdCache
        ? `${(r.rescanOverColdCache * 100).toFixed(1)}% (${results.tools.keywardCacheWarm.wall.toFixed(2)} s vs ${results.tools.keywardCacheCold.wall.toFixed(2)} s)`
        : 'n/a (no cache option)',
      quick,
    ),
  );
  // The editor's checks: the whole-file workflow rows are the in-run reference, not what the editor runs.
  const at200 = Array.isArray(results.latency) ? results.latency.filter((row) => row.size === '200 KB' && !row.kind.endsWith('whole file')) : [];
  const worst = at200.length ? at200.reduce((a, b) => (b.p95 > a.p95 ? b : a)) : null;
  list.push(check('200 KB re-check p95 < 5 ms', worst?.p95, (v) => v < 5, worst && `${worst.p95.toFixed(2)} ms (worst of ${at200.length}: ${worst.kind})`));
  // Issue #18: the editor's per-edit re-check of a workflow (one job edited before each check).
  for (const [size, limit] of [
    ['20 KB', 5],
    ['200 KB', 50],
  ]) {
    const row = Array.isArray(results.latency) ? results.latency.find((r) => r.size === size && r.kind === 'workflow (KW203), edited') : undefined;
    list.push(
      check(
        `${size} workflow per-edit re-check p95 < ${limit} ms`,
        row?.p95,
        (v) => v < limit,
        row && `${row.p95.toFixed(2)} ms (CPU p50 ${row.cpu50.toFixed(2)} ms)`,
      ),
    );
  }
  const activation = activationMs(results.editor);
  list.push(
    check(
      'activation < 30 ms',
      activation?.value,
      (v) => v < 30,
      activation && `${activation.value.toFixed(1)} ms (${activation.key})`,
      activation ? undefined : 'no editor figures, see Editor',
    ),
  );
  const extension = results.bundles.find((b) => b.file === 'dist/extension.js');
  list.push(
    check('activation bundle < 300 KB', extension?.bytes, (v) => v < 300_000, extension && `${(extension.bytes / 1e3).toFixed(0)} KB (dist/extension.js)`),
  );
  list.push(check('peak memory < 300 MB (100k files)', kw.rssMB, (v) => v * 1024 * 1024 < 300e6, kw.rssMB && `${(kw.rssMB * 1.048576).toFixed(0)} MB`, quick));
  return list;
}

/** bench/editor.mjs's medians, one per line (its per-run samples stay in results.json). */
function printEditor(editor) {
  const rows = [
    ['editor', String(editor.editor ?? '')],
    ['workspace', JSON.stringify(editor.workspace ?? {})],
    ['runs', String(editor.runs ?? '')],
    ['recall', String(editor.recall ?? '')],
  ];
  for (const [key, value] of Object.entries(editor.medians ?? {})) rows.push([`median ${key}`, typeof value === 'number' ? value.toFixed(1) : String(value)]);
  return table(['field', 'value'], rows);
}

/** The median activation time (bundle evaluation + activate(), wall) from bench/editor.mjs's JSON. */
function activationMs(editor) {
  const value = editor?.medians?.activationMs;
  if (typeof value !== 'number') return null;
  const cpu = editor.medians.activationCpuMs;
  return { key: `median of ${editor.runs} editor starts${typeof cpu === 'number' ? `; CPU ${cpu.toFixed(1)} ms` : ''}`, value };
}

/** dist/ built for production (no source maps) and newer than every source file; rebuilt otherwise. */
function ensureBuilt() {
  const dist = join(root, 'dist');
  const cliPath = join(dist, 'cli.js');
  const newestSource = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
    }, 0);
  const fresh =
    existsSync(cliPath) &&
    existsSync(join(dist, 'extension.js')) &&
    !readdirSync(dist).some((f) => f.endsWith('.map')) &&
    statSync(cliPath).mtimeMs >= Math.max(newestSource(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (!fresh) {
    log('building dist/ for production: node scripts/build.mjs --production --only=dist');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--only=dist'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0 || !existsSync(cliPath)) fail('the production build failed');
  }
  return cliPath;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}
