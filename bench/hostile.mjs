// Hostile inputs (issue 14, items 10-15): files a repository can carry to make a scan slow, huge or
// wrong. Each input is generated at run time into bench/.work/hostile/<case>/, then scanned by
// `node dist/cli.js scan --format sarif --output … --fail-on none <case dir>` in a fresh process, and
// measured: wall time, CPU time (user + system, worker threads included) and peak RSS, read from the child's own
// process.resourceUsage() by a preloaded module (no GNU time needed). Each row is checked against the limits:
//
//   CPU time           at most 1 s per MB of input (with a 1 s floor for starting Node and loading the bundle);
//                      wall time is printed but not judged: on a shared machine it measures the load more than Keyward
//   peak RSS           under 300 MB
//   report             under 1 MB per MB of input (a file full of keys must not make a 100 MB SARIF)
//   outcome            the scan ends (exit code 0 or 1; 2 means a rule failed or Keyward crashed), and the case's
//                      expected finding is in the report
//
// A benchmark, not a test: it prints a PASS/MISS table and exits 0 either way (1 only when dist/cli.js is
// missing), so a MISS is something to look at, not a broken build.
//
//   node scripts/build.mjs --production --only=dist && node bench/hostile.mjs [--only=NAME,...] [--keep] [--timeout=SECONDS]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const work = join(root, 'bench', '.work', 'hostile');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const keep = process.argv.includes('--keep');
/** A case still running after this many seconds is killed and reported as a MISS (timeout). */
const timeoutSeconds = Number(process.argv.find((a) => a.startsWith('--timeout='))?.slice('--timeout='.length) ?? '300');

const LIMITS = { secondsPerMB: 1, floorSeconds: 1, rssMB: 300, reportPerInput: 1 };
/** The largest file Keyward reads by default is 2 MiB: every generated file stays under it, or it would be skipped, not scanned. */
const MAX_FILE = 2 * 1024 * 1024 - 1;
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Fills `line(i)` lines until the next would pass `bytes`. */
function linesUpTo(bytes, line, prefix = '') {
  const out = [prefix];
  let size = prefix.length;
  for (let i = 0; ; i++) {
    const next = line(i);
    if (size + next.length + 1 > bytes) break;
    out.push(next);
    size += next.length + 1;
  }
  return out.join('\n');
}

const CASES = [
  {
    name: 'regexp-brackets',
    item: 10,
    what: '320 KB bracket-heavy identity regexp in a cosign verify line',
    // Not a wildcard, so no finding is due: what counts is that the scan ends in time.
    expect: undefined,
    files: () => ({
      'verify.sh': `#!/bin/sh\ncosign verify --certificate-identity-regexp '^${'['.repeat(320 * 1024)}$' --certificate-oidc-issuer https://token.actions.githubusercontent.com ghcr.io/acme/app@${DIGEST}\n`,
    }),
  },
  {
    name: 'run-20000-sign-lines',
    item: 11,
    what: 'workflow run: block with 20,000 `cosign sign --key` lines (2 MB)',
    expect: 'KW201',
    files: () => {
      const head = 'on: push\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |';
      // 100 bytes a line (image names padded): 2,000,000 bytes, under the size cap.
      const lines = [];
      for (let i = 0; i < 20_000; i++)
        lines.push(`          cosign sign --key cosign.key ghcr.io/acme/${`app-${String(i).padStart(5, '0')}-`.padEnd(44, 'x')}:v1`);
      return { '.github/workflows/sign.yml': `${head}\n${lines.join('\n')}\n` };
    },
  },
  {
    name: 'yaml-brackets',
    item: 12,
    what: '2 MB `[[[[` YAML workflow',
    expect: undefined,
    files: () => ({ '.github/workflows/brackets.yml': `on: push\njobs: ${'['.repeat(MAX_FILE - 20)}\n` }),
  },
  {
    name: 'gitignore-100000',
    item: 13,
    what: '100,000-pattern .gitignore over 2,000 files',
    expect: 'KW101',
    files: () => {
      const patterns = [];
      for (let i = 0; i < 100_000; i++) {
        // A mix of the shapes real ignore files use: anchored paths, globs, negations, directory patterns.
        patterns.push(i % 4 === 0 ? `/build-${i}/` : i % 4 === 1 ? `**/cache-${i}/*.tmp` : i % 4 === 2 ? `*.gen${i}` : `!keep-${i}.txt`);
      }
      const files = { '.gitignore': `${patterns.join('\n')}\n`, 'keys/signing.pem': pemKey('ec') };
      for (let i = 0; i < 2000; i++) files[`src/m${Math.floor(i / 50)}/file${i}.js`] = `export const value${i} = ${i};\n`;
      return files;
    },
  },
  {
    name: 'ten-files-of-keys',
    item: 14,
    what: 'ten 2 MB files full of Ed25519 private keys',
    expect: 'KW101',
    files: () => {
      const key = pemKey('ed25519');
      const text = linesUpTo(MAX_FILE, () => key.trimEnd());
      return Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`keys/bundle${i}.pem`, text]));
    },
  },
  {
    name: 'long-command-line',
    item: 15,
    what: '1.4 MB command line writing $COSIGN_PRIVATE_KEY to a file',
    expect: 'KW204',
    files: () => ({ 'sign.sh': `#!/bin/sh\necho "$COSIGN_PRIVATE_KEY" ${Array.from({ length: 700_000 }, () => 'a').join(' ')} > cosign.key\n` }),
  },
];

function pemKey(kind) {
  const { privateKey } = kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
}

function writeCase(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const [relative, content] of Object.entries(files)) {
    const file = join(dir, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    bytes += Buffer.byteLength(content);
  }
  return bytes;
}

/** Preloaded into the scan: writes the process's own resource usage when it exits (worker threads are in it). */
const USAGE_PRELOAD = `
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.KEYWARD_BENCH_USAGE, JSON.stringify({ cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMB: u.maxRSS / 1024 }));
});
`;

function scan(dir, name) {
  const usageFile = join(work, `${name}.usage.json`);
  const report = join(work, `${name}.sarif`);
  const preload = join(work, 'usage-preload.cjs');
  writeFileSync(preload, USAGE_PRELOAD);
  rmSync(usageFile, { force: true });
  rmSync(report, { force: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--require', preload, cli, 'scan', '--format', 'sarif', '--output', report, '--fail-on', 'none', dir], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, KEYWARD_BENCH_USAGE: usageFile },
    maxBuffer: 1 << 28,
    timeout: timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
  });
  const wall = (performance.now() - started) / 1000;
  const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : { cpuSeconds: null, rssMB: null };
  const sarif = existsSync(report) ? readFileSync(report, 'utf8') : undefined;
  return {
    wall,
    ...usage,
    status: run.status,
    signal: run.signal,
    stderr: run.stderr ?? '',
    sarif,
    reportBytes: sarif === undefined ? null : statSync(report).size,
  };
}

function judge(testCase, inputBytes, run) {
  const inputMB = inputBytes / 1e6;
  const timeLimit = Math.max(LIMITS.floorSeconds, inputMB * LIMITS.secondsPerMB);
  const misses = [];
  if (run.signal === 'SIGKILL') misses.push(`timeout (${timeoutSeconds} s)`);
  else if (run.status !== 0 && run.status !== 1) misses.push(`exit ${run.status ?? run.signal}`);
  if (run.cpuSeconds === null) misses.push('CPU unknown');
  else if (run.cpuSeconds > timeLimit) misses.push(`CPU > ${timeLimit.toFixed(1)} s`);
  if (run.rssMB === null) misses.push('RSS unknown');
  else if (run.rssMB > LIMITS.rssMB) misses.push(`RSS > ${LIMITS.rssMB} MB`);
  if (run.reportBytes !== null && run.reportBytes > Math.max(1e6, inputBytes * LIMITS.reportPerInput)) misses.push('report too large');
  let results = [];
  let notifications = [];
  if (run.sarif !== undefined) {
    const log = JSON.parse(run.sarif);
    results = log.runs[0].results;
    notifications = log.runs[0].invocations?.[0]?.toolExecutionNotifications ?? [];
  }
  if (notifications.some((n) => n.level === 'error')) misses.push('rule failed');
  if (testCase.expect && !results.some((r) => r.ruleId === testCase.expect)) misses.push(`no ${testCase.expect}`);
  return { inputMB, timeLimit, misses, findings: results.length, notShown: notifications.filter((n) => n.level === 'warning').length };
}

function fmt(value, digits = 2) {
  return value === null || value === undefined ? 'n/a' : value.toFixed(digits);
}

if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing: run "node scripts/build.mjs --production --only=dist" first`);
  process.exit(1);
}
mkdirSync(work, { recursive: true });
const loadAtStart = loadavg()[0];
const rows = [];
for (const testCase of CASES) {
  if (only && !only.includes(testCase.name)) continue;
  const dir = join(work, testCase.name);
  process.stderr.write(`hostile: ${testCase.name} (item ${testCase.item}): generating… `);
  const inputBytes = writeCase(dir, testCase.files());
  process.stderr.write('scanning… ');
  const run = scan(dir, testCase.name);
  const verdict = judge(testCase, inputBytes, run);
  process.stderr.write(`${verdict.misses.length === 0 ? 'PASS' : 'MISS'}\n`);
  rows.push({ testCase, inputBytes, run, verdict });
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

const header = ['item', 'case', 'input MB', 'wall s', 'CPU s', 'CPU limit s', 'peak RSS MB', 'report MB', 'findings', 'notices', 'exit', 'result'];
const table = rows.map(({ testCase, run, verdict }) => [
  String(testCase.item),
  testCase.name,
  fmt(verdict.inputMB),
  fmt(run.wall),
  fmt(run.cpuSeconds),
  fmt(verdict.timeLimit, 1),
  fmt(run.rssMB, 0),
  fmt(run.reportBytes === null ? null : run.reportBytes / 1e6),
  String(verdict.findings),
  String(verdict.notShown),
  String(run.status ?? run.signal),
  verdict.misses.length === 0 ? 'PASS' : `MISS (${verdict.misses.join(', ')})`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
console.log(`\nLoad average (1 min): ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.`);
console.log(
  `Limits: CPU time ≤ ${LIMITS.secondsPerMB} s per MB of input (at least ${LIMITS.floorSeconds} s), peak RSS < ${LIMITS.rssMB} MB, report ≤ ${LIMITS.reportPerInput} MB per MB of input (at least 1 MB), exit 0/1, no rule failure, expected rule found.`,
);
for (const { testCase } of rows) console.log(`  ${testCase.item}. ${testCase.name}: ${testCase.what}${testCase.expect ? ` (expects ${testCase.expect})` : ''}`);
