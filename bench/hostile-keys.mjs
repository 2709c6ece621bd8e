// 1 MB worst-case inputs for the key finders, the PEM reader, the shell lexer and extractors, the cosign
// rules end to end and the bundle reader, each run in a fresh Node process with its CPU time checked
// against a budget scaled by the input size. The unit tests run the same shapes at 32 and 128 KB and
// count work instead (test/helpers/work-count.ts); what a count cannot see, backtracking inside one
// regexp match and parsers that read by index (the JSON span parser), is measured here. Before its fix,
// the placeholder check's prose regexp took 21 s on a 128 KB PEM body of `QUJD…` and minutes at 500 KB.
//
//   node bench/hostile-keys.mjs [--only=NAME] [--cpu-ms-per-mb=N] [--rss-mb=N]
//
// Builds out/ (node scripts/build.mjs --only=out) first. Exits 1 when a case goes over its budget, runs
// out of heap or is killed at the time limit. The budgets are loose on purpose (two shared cores): they
// only have to tell linear from quadratic, which differ by orders of magnitude at these sizes.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetVerdict, KILL_AFTER_MS } from './lib/cpu-budget.mjs';
import { hostileKeyCases } from './lib/hostile-key-cases.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const childCase = arg('case', undefined);
if (childCase !== undefined) {
  // Child: build one case's input, run it, print its CPU time.
  const engine = (path) => createRequire(import.meta.url)(join(root, 'out', 'src', 'engine', path));
  const c = hostileKeyCases(engine)[Number(childCase)];
  const { bytes, run } = c.build();
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ bytes, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const only = arg('only', undefined);
const cpuMsPerMb = Number(arg('cpu-ms-per-mb', '4000'));
const rssLimitMb = Number(arg('rss-mb', '1024'));
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=out'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const names = hostileKeyCases(() => ({})).map((c) => c.name);
let failed = 0;
for (const [index, name] of names.entries()) {
  if (only !== undefined && !name.includes(only)) continue;
  const args = [`--max-old-space-size=${rssLimitMb}`, fileURLToPath(import.meta.url), `--case=${index}`];
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: KILL_AFTER_MS });
  const { ok, verdict } = budgetVerdict(run, { cpuMsPerMb, rssLimitMb });
  if (!ok) failed++;
  console.log(`${verdict}  ${name}`);
}
console.log(failed === 0 ? 'hostile key inputs: all within budget' : `hostile key inputs: ${failed} over budget`);
process.exit(failed === 0 ? 0 : 1);
