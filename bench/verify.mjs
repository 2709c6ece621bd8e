// First-verification cost, as the editor would pay it: load the lazily loaded verifier bundle
// (dist/verify.js) and verify one bundle (the sample in demo/sample-bundle, offline, embedded
// production root). Each run is a fresh Node process, so every number is a cold start.
// Then the same through the opt-in online path (verifyBundleOnline, what keyward.verify.online runs):
// a TUF repository serving the embedded production trusted root on 127.0.0.1 (no internet), first with
// an empty cache (a full TUF refresh), then again with the cache just filled (no request).
//
//   node scripts/build.mjs --production && node bench/verify.mjs [--runs=N] [--dist=DIR]
//
// (The online rows need out/ too, for test/helpers/tuf-repo; a plain `node scripts/build.mjs` builds both.)
//
// A benchmark, not a test: it prints numbers and fails only when the bundle is missing or the
// sample does not verify.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
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
  `${label.padEnd(28)} wall median ${median(samples.map((s) => s[key]))
    .toFixed(1)
    .padStart(6)} ms, max ${Math.max(...samples.map((s) => s[key]))
    .toFixed(1)
    .padStart(6)} ms;` +
  `  CPU median ${median(samples.map((s) => s[`${key}Cpu`]))
    .toFixed(1)
    .padStart(6)} ms`;
console.log(`verify.js: ${statSync(bundlePath).size} bytes, Node ${process.version}, ${runs} cold runs`);
console.log(row('load dist/verify.js', 'load'));
console.log(row('first verification', 'first'));
console.log(row('second verification', 'second'));
for (const s of samples) {
  s.total = s.load + s.first;
  s.totalCpu = s.loadCpu + s.firstCpu;
}
console.log(row('load + first verification', 'total'));
await benchOnline();
console.log(`load average: ${(await import('node:os')).loadavg()[0].toFixed(2)} on ${(await import('node:os')).cpus().length} cores (numbers grow with it)`);

async function benchOnline() {
  const helper = join(root, 'out', 'test', 'helpers', 'tuf-repo.js');
  if (!existsSync(helper)) {
    console.log('online rows skipped: out/ is not built (run "node scripts/build.mjs")');
    return;
  }
  const require = createRequire(import.meta.url);
  const { buildTufRepo, serveTufRepo } = require(helper);
  const seeds = JSON.parse(readFileSync(join(root, 'node_modules', '@sigstore', 'tuf', 'seeds.json'), 'utf8'));
  const trustedRoot = Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev'].targets['trusted_root.json'], 'base64').toString('utf8');
  const repo = buildTufRepo({ trustedRoot });
  const mirror = await serveTufRepo(repo);
  const work = mkdtempSync(join(tmpdir(), 'keyward-bench-tuf-'));
  const tufRootPath = join(work, 'root.json');
  writeFileSync(tufRootPath, repo.rootJson);
  const online = [];
  try {
    for (let i = 0; i < runs; i++) {
      const script = child
        .replace(
          'const first = verifier.verifyBundle(options);',
          `const online = { cacheDir: ${JSON.stringify(join(work, `cache-${i}`))}, mirrorUrl: ${JSON.stringify(mirror.url)}, tufRootPath: ${JSON.stringify(tufRootPath)} };\n(async () => {\nconst first = await verifier.verifyBundleOnline(options, online);`,
        )
        .replace('verifier.verifyBundle(options);\nconst t3', 'await verifier.verifyBundleOnline(options, online);\nconst t3')
        .replace(/\n$/, '\n})();\n');
      // Asynchronous: this process serves the mirror while the child runs.
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { encoding: 'utf8' });
      online.push(JSON.parse(stdout));
    }
  } finally {
    await mirror.close();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cell = (key) =>
    `wall median ${median(online.map((s) => s[key]))
      .toFixed(1)
      .padStart(6)} ms;  CPU median ${median(online.map((s) => s[`${key}Cpu`]))
      .toFixed(1)
      .padStart(6)} ms`;
  console.log(`${'online, empty TUF cache'.padEnd(28)} ${cell('first')}  (refresh over 127.0.0.1 + verify)`);
  console.log(`${'online, cache just filled'.padEnd(28)} ${cell('second')}  (no request)`);
}
