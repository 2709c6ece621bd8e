// First-verification cost, as the editor would pay it: load the lazily loaded verifier bundle
// (dist/verify.js) and verify one bundle (the sample in demo/sample-bundle, offline, embedded
// production root). Each run is a fresh Node process, so every number is a cold start.
//
//   node scripts/build.mjs --production && node bench/verify.mjs [--runs=N] [--dist=DIR]
//
// A benchmark, not a test: it prints numbers and fails only when the bundle is missing or the
// sample does not verify.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(arg('runs', '10'));
const dist = resolve(root, arg('dist', 'dist'));
const bundlePath = join(dist, 'verify.js');
if (!existsSync(bundlePath)) {
  console.error(`bench: ${bundlePath} is missing: run "node scripts/build.mjs --production" first`);
  process.exit(1);
}

const child = `
const { performance } = require('node:perf_hooks');
const { readFileSync } = require('node:fs');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu();
const t0 = performance.now();
const verifier = require(${JSON.stringify(bundlePath)});
const t1 = performance.now();
const c1 = cpu();
const options = {
  bundle: readFileSync(${JSON.stringify(join(root, 'demo/sample-bundle/a.txt.sigstore.json'))}),
  artifact: { path: ${JSON.stringify(join(root, 'demo/sample-bundle/a.txt'))} },
  policy: {
    identity: 'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
  },
};
const first = verifier.verifyBundle(options);
const t2 = performance.now();
const c2 = cpu();
verifier.verifyBundle(options);
const t3 = performance.now();
const c3 = cpu();
if (first.status !== 'verified') { console.error(first.summary); process.exit(1); }
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, second: t3 - t2, loadCpu: c1 - c0, firstCpu: c2 - c1, secondCpu: c3 - c2 }));
`;

const samples = [];
for (let i = 0; i < runs; i++) {
  const run = spawnSync(process.execPath, ['-e', child], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`bench: run ${i + 1} failed: ${run.stderr.trim()}`);
    process.exit(1);
  }
  samples.push(JSON.parse(run.stdout));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
// Wall time is what a user waits; CPU time is steadier when the machine is busy with other work.
const row = (label, key) =>
  `${label.padEnd(28)} wall median ${median(samples.map((s) => s[key])).toFixed(1).padStart(6)} ms, max ${Math.max(...samples.map((s) => s[key])).toFixed(1).padStart(6)} ms;` +
  `  CPU median ${median(samples.map((s) => s[`${key}Cpu`])).toFixed(1).padStart(6)} ms`;
console.log(`verify.js: ${statSync(bundlePath).size} bytes, Node ${process.version}, ${runs} cold runs`);
console.log(row('load dist/verify.js', 'load'));
console.log(row('first verification', 'first'));
console.log(row('second verification', 'second'));
for (const s of samples) {
  s.total = s.load + s.first;
  s.totalCpu = s.loadCpu + s.firstCpu;
}
console.log(row('load + first verification', 'total'));
console.log(`load average: ${(await import('node:os')).loadavg()[0].toFixed(2)} on ${(await import('node:os')).cpus().length} cores (numbers grow with it)`);
