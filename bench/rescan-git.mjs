// Re-scan of an unchanged git work tree with the cache (issue 18 item 2: git as the change journal) against
// a full scan, on a committed copy of the benchmark tree (bench/lib/workspace.mjs; the tree itself is not a
// git repository). For comparison, the same re-scan of the uncommitted tree (the stat walk), with and without the
// ripgrep prefilter. The unchanged re-scan returns the previous journal re-scan's stored result (scan/unchanged-rescan.ts);
// a second row removes that result before each run, so measures the journal walk a re-scan after a change pays.
// Where watchman is installed, one row more: the unchanged re-scan with watchman watching the committed copy (a
// service of the script's own, as a user who runs watchman has one; scan/watchman-journal.ts); the other journal
// rows pass --no-watchman, so they measure git alone. The service's own CPU (inotify events, its crawl when the
// watch is made) is not in the CPU column: it is not a child of this script.
// The commands alternate; medians of --runs runs after one warm-up each. The last rows, after the loop, edit one
// tracked file and re-scan over the stored result (scan/changed-rescan.ts), with git alone and with watchman, then restore it. The
// journal re-scans' reports must equal the full scan's (findings, counts): the script exits 1 when they do not.
// Two floor rows time what a re-scan with git alone cannot go under: `git diff-files` (git's lstat of every tracked
// file, the only way to see an edit without a watcher) and a Node process starting and ending.
//
//   node bench/rescan-git.mjs [--quick] [--runs N] [--seed N]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeCommand } from './lib/measure.mjs';
import { machine, table } from './lib/report.mjs';
import { keywardArgs } from './lib/tools.mjs';
import { ensureWorkspace } from './lib/workspace.mjs';
import { benchArgs } from './lib/args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(root, 'bench', '.work');
const { argv, option } = benchArgs();
const quick = argv.includes('--quick');
const runs = Number(option('runs', '5'));
const seed = Number(option('seed', '8'));
const log = (line = '') => console.log(line);
/** Stops the watchman service this script started, if any (also when it fails). */
let stopWatchman = () => {};

const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) fail('dist/cli.js is missing: node scripts/build.mjs --production --only=dist');

const start = machine();
log(`machine: ${start.nproc} CPUs (${start.cpuModel}), ${start.ramGB} GB, Node ${start.node}, ${start.platform}; load average ${start.loadavg.join(' ')}`);
const { tree, manifest } = ensureWorkspace({ workDir, profileName: quick ? 'quick' : 'full', seed, log });
const repo = ensureGitCopy(tree, manifest.stamp);
log(`tree: ${manifest.files.toLocaleString('en')} files, ${(manifest.bytes / 1e6).toFixed(0)} MB; committed copy in ${repo}`);

const cacheInRepo = join(workDir, `rescan-git-cache-${manifest.stamp}.json`);
const cacheNoRepo = join(workDir, `rescan-walk-cache-${manifest.stamp}.json`);
const cacheNoRg = join(workDir, `rescan-walk-nrg-cache-${manifest.stamp}.json`);
const cacheWatched = join(workDir, `rescan-watchman-cache-${manifest.stamp}.json`);
for (const file of [cacheInRepo, `${cacheInRepo}.unchanged`, cacheNoRepo, cacheNoRg, cacheWatched, `${cacheWatched}.unchanged`]) rmSync(file, { force: true });
const watchman = startWatchman(repo);
stopWatchman = () => watchman?.stop();
// The uncommitted tree lies in bench/.work/, which this repository ignores: git's journal has nothing to say there
// (a wholly untracked folder), so its re-scans walk and stat as every re-scan did before.
const commands = [
  { name: 'full scan (no cache), git work tree', cwd: repo, extra: [] },
  { name: 're-scan, unchanged git work tree (journal)', cwd: repo, extra: ['--cache', cacheInRepo, '--no-watchman'], compare: true },
  // The same re-scan without the stored result (scan/unchanged-rescan.ts), as after a change: git's journal, the walk
  // replayed over it, the cache answering per file.
  {
    name: 're-scan, git work tree, journal walk (stored result removed)',
    cwd: repo,
    extra: ['--cache', cacheInRepo, '--no-watchman'],
    before: () => rmSync(`${cacheInRepo}.unchanged`, { force: true }),
    compare: true,
  },
  { name: 're-scan, unchanged untracked tree (walk + ripgrep prefilter)', cwd: tree, extra: ['--cache', cacheNoRepo, '--rg'] },
  { name: 're-scan, unchanged untracked tree (walk, --no-rg)', cwd: tree, extra: ['--cache', cacheNoRg, '--no-rg'] },
  ...(watchman
    ? [{ name: 're-scan, unchanged git work tree (journal, watchman watching)', cwd: repo, extra: ['--cache', cacheWatched], env: watchman.env, compare: true }]
    : []),
  // What no re-scan with git alone goes under: git stat'ing every tracked file, and a Node process starting.
  { name: 'floor: git diff-files alone (lstat of every tracked file)', cwd: repo, argv: ['git', 'diff-files', '-z', '--name-only', '--ignore-submodules=all'] },
  { name: 'floor: Node starting and ending (node -e 0)', cwd: repo, argv: [process.execPath, '-e', '0'] },
];
if (!watchman) log('watchman is not installed: no row for the re-scan with watchman (apt install watchman)');
const walls = [];
const cpus = [];
const reports = [];
log(`warm-up (also fills the caches), then ${runs} runs each, alternating …`);
measure(commands);
// After an edit: one tracked file without findings gets a line more, over the stored results of the unchanged rows
// (scan/changed-rescan.ts: only that file is scanned). Measured after the loop, since the edit must stand between
// runs; then the file is restored and git's index refreshed for it.
commands.push(...measureAfterEdit());
const medians = walls.map((w) => median(w));
const cpuMedians = cpus.map((c) => median(c));
const end = machine();
log();
log(
  table(
    ['command', 'wall (median)', 'of the full scan', 'CPU (median)', 'of the full scan'],
    commands.map((command, i) => [
      command.name,
      `${medians[i].toFixed(3)} s`,
      `${((medians[i] / medians[0]) * 100).toFixed(1)}%`,
      `${cpuMedians[i].toFixed(2)} s`,
      `${((cpuMedians[i] / cpuMedians[0]) * 100).toFixed(1)}%`,
    ]),
    'lrrrr',
  ),
);
log(`load average: start ${start.loadavg.join(' ')}, end ${end.loadavg.join(' ')}`);
for (const [i, how] of [
  [1, 'git alone'],
  [commands.findIndex((c) => c.env), 'watchman watching'],
]) {
  if (i < 0) continue;
  const ratio = medians[i] / medians[0];
  log(
    `target (issue 18): unchanged re-scan ≤ 10% of a full scan in a trusted git work tree, ${how}: ${(ratio * 100).toFixed(1)}% of the wall time ${ratio <= 0.1 ? 'MET' : 'MISS'}, ${((cpuMedians[i] / cpuMedians[0]) * 100).toFixed(1)}% of the CPU time`,
  );
}
stopWatchman();
mkdirSync(workDir, { recursive: true });
writeFileSync(
  join(workDir, 'rescan-git.json'),
  JSON.stringify(
    {
      machine: { start, end },
      files: manifest.files,
      runs,
      commands: commands.map((c, i) => ({ name: c.name, walls: walls[i], median: medians[i], cpu: cpus[i], cpuMedian: cpuMedians[i] })),
    },
    null,
    2,
  ),
);
// The uncommitted tree reports `committed: false`: only the journal's re-scans are compared.
commands.forEach((command, i) => {
  if (command.compare && JSON.stringify(comparable(reports[i])) !== JSON.stringify(comparable(reports[0])))
    fail(`${command.name}: the report differs from the full scan's`);
});
log("reports: the journal's re-scans (with and without the stored result or watchman, and after the edit) report exactly what the full scan reports");

function measureAfterEdit() {
  const afterEdit = [
    {
      name: 're-scan after one tracked file is edited (over the stored result; after the loop)',
      cwd: repo,
      extra: ['--cache', cacheInRepo, '--no-watchman'],
      compare: true,
    },
    ...(watchman
      ? [
          {
            name: 'the same, watchman watching (after the loop)',
            cwd: repo,
            extra: ['--cache', cacheWatched],
            env: watchman.env,
            compare: true,
          },
        ]
      : []),
  ];
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\0');
  const reported = new Set([...reports[0].findings.map((f) => f.path), ...reports[0].skipped.map((f) => f.path)]);
  const file = listed.find((p) => /\.(js|ts|md|txt)$/.test(p) && !reported.has(p));
  if (!file) fail('no tracked text file without findings to edit');
  const absolute = join(repo, file);
  const original = readFileSync(absolute);
  writeFileSync(absolute, Buffer.concat([original, Buffer.from('\n')]));
  try {
    measure(afterEdit);
  } finally {
    writeFileSync(absolute, original);
    spawnSync('git', ['update-index', '-q', '--refresh'], { cwd: repo });
  }
  return [...afterEdit, ...measureAfterFileMade()];
}

/**
 * An untracked file made in a tracked folder, over the stored result: with git alone, the folder that changed is
 * read (scan/folder-journal.ts); with watchman, its answer names the file. The report is the full scan's with one
 * file more scanned.
 */
function measureAfterFileMade() {
  const rows = [
    { name: 're-scan after one untracked file is made, git alone (after the loop)', cwd: repo, extra: ['--cache', cacheInRepo, '--no-watchman'] },
    ...(watchman
      ? [
          {
            name: 're-scan after one untracked file is made, watchman watching (after the loop)',
            cwd: repo,
            extra: ['--cache', cacheWatched],
            env: watchman.env,
          },
        ]
      : []),
  ];
  // The edit rows left a refreshed index: one re-scan each stores a new result over it, once the restored file is
  // older than the racy margin (2 s) and so cached.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  for (const command of rows) run(command);
  const made = join(repo, 'bench-made-file.txt');
  writeFileSync(made, 'a file made after the scan\n');
  const first = reports.length;
  try {
    measure(rows);
  } finally {
    rmSync(made, { force: true });
  }
  const expected = comparable(reports[0]);
  rows.forEach((command, i) => {
    const got = comparable(reports[first + i]);
    if (JSON.stringify(got.findings) !== JSON.stringify(expected.findings) || got.summary.filesScanned !== expected.summary.filesScanned + 1)
      fail(`${command.name}: the report is not the full scan's with one file more`);
  });
  return rows;
}

/** One warm-up of each command, then --runs rounds of them in turn; their times and last reports join the table's. */
function measure(rows) {
  const first = walls.length;
  for (const command of rows) {
    reports.push(run(command).report);
    walls.push([]);
    cpus.push([]);
  }
  for (let r = 0; r < runs; r++) {
    rows.forEach((command, i) => {
      const { wall, cpu, report } = run(command);
      walls[first + i].push(wall);
      cpus[first + i].push(cpu);
      reports[first + i] = report;
    });
  }
}

/** Wall time, and CPU time (user + system, with git's processes and the worker threads): on a shared machine the wall time mostly measures the load. */
function run(command) {
  command.before?.();
  const childrenBefore = childrenCpu();
  const [executable, ...args] = command.argv ?? [process.execPath, ...keywardArgs(cli, command.extra)];
  const result = timeCommand(executable, args, { cwd: command.cwd, env: command.env, useTime: false });
  if (result.status !== 0) fail(`${command.name}: ${command.argv ? executable : 'keyward'} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  return { wall: result.wall, cpu: childrenCpu() - childrenBefore, report: command.argv ? undefined : JSON.parse(result.stdout) };
}

/** CPU seconds of this process's waited-for children so far (/proc/self/stat cutime + cstime). */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Findings and skipped files as reported; the summary without the cache's count and timings. */
function comparable(report) {
  const { fromCache: _fromCache, durationMs: _durationMs, ...summary } = report.summary ?? {};
  return { findings: report.findings, skipped: report.skipped, suppressed: report.suppressed, summary };
}

/**
 * A watchman service of this script's own watching `folder` (watchman 4.9 keeps its socket in $TMPDIR/$USER-state,
 * so a private TMPDIR gives a private service); undefined when watchman is not installed.
 */
function startWatchman(folder) {
  if (spawnSync('watchman', ['--version']).status !== 0) return undefined;
  const env = { ...process.env, TMPDIR: mkdtempSync(join(tmpdir(), 'kw-bench-wm-')) };
  log('watchman: starting a service and watching the committed copy …');
  const watched = spawnSync('watchman', ['watch-project', folder], { env, encoding: 'utf8' });
  if (watched.status !== 0) fail(`watchman watch-project failed: ${watched.stderr}`);
  return {
    env,
    stop: () => {
      spawnSync('watchman', ['--no-spawn', 'shutdown-server'], { env });
      rmSync(env.TMPDIR, { recursive: true, force: true });
    },
  };
}

/** A committed copy of the tree, made once per tree stamp. */
function ensureGitCopy(source, stamp) {
  const copy = join(workDir, 'git-trees', stamp);
  const ready = `${copy}.ready`;
  if (existsSync(ready)) return copy;
  rmSync(copy, { recursive: true, force: true });
  log(`copying the tree and committing it (once per tree) …`);
  cpSync(source, copy, { recursive: true, preserveTimestamps: true });
  const git = (...args) => {
    const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: copy,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (result.status !== 0) fail(`git ${args[0]} failed: ${result.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'benchmark tree');
  writeFileSync(ready, '');
  return copy;
}

function fail(message) {
  stopWatchman();
  console.error(`rescan-git: ${message}`);
  process.exit(1);
}
