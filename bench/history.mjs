// History-scan cost on a large repository: builds a throwaway repository with --commits commits (default
// 10,000) through `git fast-import`, with a few private keys generated now (added, moved, deleted, on a
// branch, under a tag), then times `keyward scan --history` on it with the built CLI.
//
//   node scripts/build.mjs --production && node bench/history.mjs [--commits=N] [--files=N] [--runs=N] [--dist=DIR] [--keep]
//
// A benchmark, not a test: it prints numbers and fails only when the CLI is missing or the planted keys
// are not all found. The keys are throwaway and never printed.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const commits = Number(arg('commits', '10000'));
const files = Number(arg('files', '500'));
const runs = Number(arg('runs', '3'));
const cli = join(resolve(root, arg('dist', 'dist')), 'cli.js');
if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing: run "node scripts/build.mjs --production" first`);
  process.exit(1);
}

const repo = mkdtempSync(join(tmpdir(), 'keyward-history-bench-'));
const git = (...args) => {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`git ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
};
const newKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });

// The fast-import stream: every commit rewrites one source file (a new blob each time); keys are planted
// at fixed points so the scan has something to find in old, deleted and unmerged history.
const chunks = [];
const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
const stamp = (i) => 1_600_000_000 + i * 60;
const keys = { deleted: newKey(), moved: newKey(), branch: newKey(), tagged: newKey() };
let mark = 0;
const blob = (text) => {
  chunks.push(`blob\nmark :${++mark}\n${data(text)}`);
  return mark;
};
let previous;
const commit = (ref, i, changes, from = previous) => {
  const changeLines = changes.map(([op, path, content]) => (op === 'D' ? `D ${path}\n` : `M 100644 :${blob(content)} ${path}\n`)).join('');
  chunks.push(
    `commit ${ref}\nmark :${++mark}\nauthor Bench <bench@example.invalid> ${stamp(i)} +0000\ncommitter Bench <bench@example.invalid> ${stamp(i)} +0000\n${data(`commit ${i}`)}${from ? `from :${from}\n` : ''}${changeLines}`,
  );
  return mark;
};
for (let i = 0; i < commits; i++) {
  const file = `src/module${i % files}/file${i % files}.ts`;
  const changes = [['M', file, `// revision ${i}\nexport const value${i % files} = ${i};\n${'// filler line\n'.repeat(20)}`]];
  if (i === Math.floor(commits * 0.1)) changes.push(['M', 'secrets/old.pem', keys.deleted]);
  if (i === Math.floor(commits * 0.2)) changes.push(['D', 'secrets/old.pem']);
  if (i === Math.floor(commits * 0.3)) changes.push(['M', 'config/signing.pem', keys.moved]);
  if (i === Math.floor(commits * 0.6)) changes.push(['D', 'config/signing.pem'], ['M', 'deploy/signing.pem', keys.moved]);
  previous = commit('refs/heads/main', i, changes);
  if (i === Math.floor(commits * 0.5)) commit('refs/heads/feature', i, [['M', 'feature/key.pem', keys.branch]], previous);
  if (i === Math.floor(commits * 0.7))
    chunks.push(`reset refs/tags/v1\nfrom :${commit('refs/heads/tagged', i, [['M', 'tagged/key.pem', keys.tagged]], previous)}\n\n`);
}
let started = performance.now();
const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, input: (git('init', '-q', '-b', 'main'), chunks.join('')), maxBuffer: 1 << 30 });
if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
git('branch', '-q', '-D', 'tagged');
git('reset', '-q', '--hard', 'main');
const count = git('rev-list', '--all', '--count').trim();
console.log(`repository: ${count} commits, ${files} files, built in ${((performance.now() - started) / 1000).toFixed(1)} s (${repo})`);

const times = [];
for (let run = 0; run < runs; run++) {
  started = performance.now();
  const scan = spawnSync(process.execPath, [cli, 'scan', '--history', '--format', 'json', '--fail-on', 'none'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  times.push(performance.now() - started);
  if (scan.status !== 0) throw new Error(`scan failed (${scan.status}): ${scan.stderr}`);
  const report = JSON.parse(scan.stdout);
  const paths = report.findings.map((f) => `${f.firstSeenPath}${f.presentAtHead ? ' (at HEAD)' : ''}`).sort();
  if (run === 0) console.log(`found ${report.findings.length} keys in ${report.summary.filesScanned} blobs: ${paths.join(', ')}`);
  if (report.findings.length !== Object.keys(keys).length) {
    console.error(`bench: expected ${Object.keys(keys).length} keys, found ${report.findings.length}`);
    process.exit(1);
  }
}
times.sort((a, b) => a - b);
console.log(
  `keyward scan --history: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s, best ${(times[0] / 1000).toFixed(2)} s over ${runs} run(s)`,
);
if (!process.argv.includes('--keep')) rmSync(repo, { recursive: true, force: true });
