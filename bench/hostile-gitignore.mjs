// Cost of a hostile `.gitignore`: a folder of --files files (default 2,000, in 20 sub-folders) whose root
// `.gitignore` holds --patterns patterns (default 100,000) that match none of them, plus one nested
// `.gitignore` of the same size. Times `keyward scan --untrusted` with the built CLI; the scan must still
// find the one planted key (a throwaway one, never printed).
//
//   node scripts/build.mjs --production --only=dist && node bench/hostile-gitignore.mjs [--files=N] [--patterns=N] [--runs=N] [--dist=DIR] [--keep]
//
// A benchmark, not a test: it prints numbers and fails only when the CLI is missing or the key is not found.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const files = Number(arg('files', '2000'));
const patterns = Number(arg('patterns', '100000'));
const runs = Number(arg('runs', '3'));
const cli = join(resolve(root, arg('dist', 'dist')), 'cli.js');
if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing: run "node scripts/build.mjs --production --only=dist" first`);
  process.exit(1);
}

const tree = mkdtempSync(join(tmpdir(), 'keyward-gitignore-bench-'));
// Patterns of every kind git's matcher handles differently: plain names, globs, anchored paths, negations.
const hostile = (salt) =>
  Array.from({ length: patterns }, (_, i) => {
    switch (i % 4) {
      case 0:
        return `nothing-${salt}-${i}.tmp`;
      case 1:
        return `**/deep-${salt}-${i}/*.cache`;
      case 2:
        return `/build-${salt}-${i}/out-*`;
      default:
        return `!keep-${salt}-${i}.log`;
    }
  }).join('\n') + '\n';
writeFileSync(join(tree, '.gitignore'), hostile('root'));
for (let i = 0; i < files; i++) {
  const folder = join(tree, `pkg${i % 20}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `module${i}.js`), `export const value${i} = ${i};\n`);
}
writeFileSync(join(tree, 'pkg0', '.gitignore'), hostile('nested'));
writeFileSync(join(tree, 'pkg7', 'signing.pem'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

// The scan's own CPU time (user + system), written by a preloaded hook at exit: on a shared machine the
// wall time mostly measures the other load.
const cpuHook = join(tree, '..', `${tree.split(/[\\/]/).pop()}-cpu.cjs`);
writeFileSync(
  cpuHook,
  "process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write(`\\nkeyward-bench-cpu-ms ${(c.user + c.system) / 1000}\\n`); });\n",
);
const times = [];
const cpu = [];
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  const scan = spawnSync(process.execPath, ['-r', cpuHook, cli, 'scan', tree, '--untrusted', '--format', 'json', '--fail-on', 'none'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  cpu.push(Number(/keyward-bench-cpu-ms ([\d.]+)/.exec(scan.stderr)?.[1] ?? NaN));
  if (scan.status !== 0) {
    console.error(`bench: keyward exited with ${scan.status}: ${scan.stderr.slice(0, 500)}`);
    process.exit(1);
  }
  const report = JSON.parse(scan.stdout);
  const found = (report.findings ?? []).some((f) => f.path === 'pkg7/signing.pem');
  if (!found) {
    console.error('bench: the planted key was not found');
    process.exit(1);
  }
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const mid = Math.floor(runs / 2);
console.log(
  `hostile .gitignore: ${patterns} patterns (root and one nested), ${files} files, ${runs} run(s): median CPU ${cpu[mid].toFixed(0)} ms, median wall ${times[mid].toFixed(0)} ms (load average ${loadavg()[0].toFixed(1)})`,
);
rmSync(cpuHook, { force: true });
if (process.argv.includes('--keep')) console.log(`tree kept at ${tree}`);
else rmSync(tree, { recursive: true, force: true });
