// Keyward in the real editor on a large workspace: activation time, engine load, time to first
// diagnostics and the activation bundle size. Reuses the end-to-end machinery (code-server and Chromium
// from .vscode-test/, see scripts/e2e/): each run is a fresh editor (new user data, new extension host)
// opened on one generated workspace, with the production build of this repository loaded as the extension
// under development, and the in-host suite test/e2e/suite/editor-bench.test.ts measuring.
//
//   node bench/editor.mjs [--files=N (default 30000)] [--runs=N (default 3)] [--json] [--no-build] [--timeout=SECONDS]
//                         [--prepare-only (generate the workspace and stop)]
//                         [--extension-path=DIR (measure another built checkout, e.g. the base branch: A/B runs, never built here)]
//
// The workspace (bench/.work/editor-ws, git-ignored) is a git repository of N files (sources, vendored
// code, lockfiles, YAML, JSON, minified bundles, binaries) with three private keys generated at run time
// with node:crypto; it is generated once and reused while --files is the same. Its keys are throwaway and
// never printed. --json prints one JSON object on stdout (progress goes to stderr).
//
// A benchmark, not a test: it prints medians and fails only when the editor is missing or a run does not
// report every planted key.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTests } from '../scripts/e2e/lib/build-tests.mjs';
import { killAllServers } from '../scripts/e2e/lib/code-server.mjs';
import { ARTIFACTS, assertEditorInstalled } from '../scripts/e2e/lib/paths.mjs';
import { runScenario } from '../scripts/e2e/lib/route-a.mjs';
import { removeAllRunDirs } from '../scripts/e2e/lib/run-dir.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'bench/.work');
const WORKSPACE = path.join(WORK, 'editor-ws');
/** Describes the generated workspace; outside it, so the scan never sees it. Bump VERSION when the generator changes. */
const STAMP = path.join(WORK, 'editor-ws.json');
const VERSION = 1;
const SCENARIO = 'editor-bench';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '30000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    'prepare-only': { type: 'boolean', default: false },
    'extension-path': { type: 'string' },
  },
  strict: true,
});
const EXTENSION = path.resolve(args['extension-path'] ?? ROOT);
const fileCount = Number(args.files);
const runs = Number(args.runs);
const timeoutSeconds = Number(args.timeout);
if (!(fileCount >= 100 && runs >= 1 && timeoutSeconds > 0)) throw new Error('--files must be >= 100, --runs >= 1, --timeout > 0');
// With --json, stdout carries only the result: everything else (the e2e machinery logs with console.log) goes to stderr.
if (args.json) console.log = console.error;
const progress = (message) => console.log(`bench editor: ${message}`);

process.on('exit', () => {
  killAllServers();
  removeAllRunDirs();
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// --- the workspace -------------------------------------------------------------------------------------

/** Deterministic content: the same --files gives the same tree (the keys aside). */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'config',
  'signer',
  'bundle',
  'release',
  'token',
  'client',
  'server',
  'record',
  'digest',
  'payload',
  'manifest',
  'artifact',
  'verify',
  'parse',
  'build',
];

function sourceFile(random, index) {
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const lines = [`// module ${index}`, `import { ${word()}Helper } from './${word()}';`, ''];
  const functions = 3 + Math.floor(random() * 12);
  for (let f = 0; f < functions; f++) {
    lines.push(`export function ${word()}${f}(input: string, options = { retries: ${f} }): string {`);
    lines.push(`  const ${word()} = input.split('/').map((part) => part.trim()).filter(Boolean);`);
    lines.push(`  if (options.retries > ${Math.floor(random() * 9)}) return ${word()}Helper(input);`);
    lines.push(`  return \`${word()}-\${input}-${Math.floor(random() * 1e6)}\`;`, '}', '');
  }
  return lines.join('\n');
}

function minified(random, bytes) {
  const parts = [];
  let size = 0;
  while (size < bytes) {
    const part = `function ${WORDS[Math.floor(random() * WORDS.length)]}_${Math.floor(random() * 1e9).toString(36)}(a,b){return a&&b?a+b:${Math.floor(random() * 1e6)}}`;
    parts.push(part);
    size += part.length;
  }
  return `!function(){${parts.join(';')}}();\n`;
}

function yamlFile(random, index) {
  return [
    `apiVersion: apps/v1`,
    `kind: Deployment`,
    `metadata:`,
    `  name: service-${index}`,
    `spec:`,
    `  replicas: ${1 + Math.floor(random() * 5)}`,
    `  template:`,
    `    spec:`,
    `      containers:`,
    `        - name: app`,
    `          image: registry.example.invalid/app:${Math.floor(random() * 100)}`,
    '',
  ].join('\n');
}

function packageJson(index) {
  return `${JSON.stringify({ name: `@bench/pkg-${index}`, version: `1.${index % 20}.0`, private: true, dependencies: { yaml: '2.9.1', minimatch: '10.2.6' } }, null, 2)}\n`;
}

function lockfile(random, index) {
  const packages = {};
  for (let i = 0; i < 150; i++)
    packages[`node_modules/dep-${index}-${i}`] = {
      version: `${Math.floor(random() * 9)}.${i}.0`,
      resolved: `https://registry.npmjs.org/dep-${i}/-/dep-${i}.tgz`,
      integrity: `sha512-${Buffer.from(String(random())).toString('base64')}`,
    };
  return `${JSON.stringify({ name: `@bench/pkg-${index}`, lockfileVersion: 3, packages }, null, 2)}\n`;
}

function workflow(index) {
  return [
    `name: ci-${index}`,
    'on: [push]',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: npm ci && npm test',
    '',
  ].join('\n');
}

/** Where each generated file goes and what it holds, by a fixed mix of kinds (a monorepo with vendored code). */
function* layout(count) {
  const random = prng(20261125);
  const packages = Math.max(1, Math.round(count / 400));
  for (let i = 0; i < count; i++) {
    const pkg = `packages/pkg-${i % packages}`;
    const roll = random();
    if (i < 10) yield [`.github/workflows/ci-${i}.yml`, workflow(i)];
    else if (i < 10 + packages) yield [`packages/pkg-${i - 10}/package.json`, packageJson(i - 10)];
    else if (i < 10 + 2 * packages && (i - 10 - packages) % 8 === 0) yield [`packages/pkg-${i - 10 - packages}/package-lock.json`, lockfile(random, i)];
    else if (i % 5000 === 17) yield [`vendor/bundles/app-${i}.min.js`, minified(random, 1_500_000)];
    else if (roll < 0.45) yield [`${pkg}/src/${WORDS[i % WORDS.length]}/file-${i}.ts`, sourceFile(random, i)];
    else if (roll < 0.65)
      yield [`vendor/lib-${i % 97}/dist/chunk-${i}.js`, random() < 0.2 ? minified(random, 4000 + Math.floor(random() * 20000)) : sourceFile(random, i)];
    else if (roll < 0.75)
      yield [
        `${pkg}/config/settings-${i}.json`,
        `${JSON.stringify({ id: i, enabled: random() < 0.5, endpoints: [`https://api-${i}.example.invalid`] }, null, 2)}\n`,
      ];
    else if (roll < 0.83) yield [`${pkg}/deploy/service-${i}.yaml`, yamlFile(random, i)];
    else if (roll < 0.9)
      yield [`${pkg}/docs/page-${i}.md`, `# Page ${i}\n\n${'Some documentation text about the release process. '.repeat(10 + Math.floor(random() * 40))}\n`];
    else if (roll < 0.93)
      yield [`${pkg}/assets/image-${i}.png`, Buffer.from(Array.from({ length: 2048 + Math.floor(random() * 8192) }, () => Math.floor(random() * 256)))];
    else yield [`${pkg}/test/case-${i}.test.ts`, sourceFile(random, i)];
  }
}

/** The planted keys: generated now, in files a scan must read (by name and by content). */
function plantedKeys() {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  return [
    ['packages/pkg-3/certs/server.pem', ec],
    ['services/deploy/keys/release-signing.key', ed],
    ['vendor/lib-41/dist/legacy-config.js', `// left over from a migration\nmodule.exports = { signingKey: \`${rsa}\` };\n`],
  ];
}

function git(...gitArgs) {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  return execFileSync('git', gitArgs, { cwd: WORKSPACE, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

function prepareWorkspace() {
  const wanted = { version: VERSION, files: fileCount };
  if (existsSync(STAMP) && existsSync(WORKSPACE)) {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    if (stamp.version === wanted.version && stamp.files === wanted.files) return stamp;
  }
  const started = Date.now();
  progress(`generating a workspace of ${fileCount} files in ${path.relative(process.cwd(), WORKSPACE)} (once)…`);
  rmSync(WORKSPACE, { recursive: true, force: true });
  rmSync(STAMP, { force: true });
  let bytes = 0;
  const write = (relative, content) => {
    const file = path.join(WORKSPACE, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    bytes += Buffer.byteLength(content);
  };
  const keys = plantedKeys();
  for (const [relative, content] of layout(fileCount - keys.length)) write(relative, content);
  for (const [relative, content] of keys) write(relative, content);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Keyward Bench', '-c', 'user.email=bench@keyward.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'bench workspace');
  const stamp = { ...wanted, bytes, planted: keys.map(([relative]) => relative), generatedInMs: Date.now() - started };
  writeFileSync(STAMP, `${JSON.stringify(stamp, null, 2)}\n`);
  progress(
    `workspace ready: ${fileCount} files, ${(bytes / 1e6).toFixed(0)} MB, ${keys.length} planted keys, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return stamp;
}

// --- the runs ------------------------------------------------------------------------------------------

/** Where the time to the first key went: the scan's start and the "keys first" phase (metrics of the extension host). */
function keysFirstTimes(sample) {
  const early = sample.lastKeysFirst;
  return {
    scanStartMs: sample.firstScanStartedAt === undefined ? undefined : sample.firstScanStartedAt - sample.activatedAt,
    keysFirstNamedMs: early === undefined ? undefined : early.namedAt - early.startedAt,
    keysFirstListMs: early === undefined ? undefined : early.listedAt - early.startedAt,
    keysFirstScanMs: early === undefined ? undefined : early.endedAt - early.startedAt,
    keysFirstPublishedMs: early === undefined ? undefined : early.endedAt - sample.activatedAt,
  };
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  if (args['prepare-only']) {
    prepareWorkspace();
    return;
  }
  assertEditorInstalled();
  if (!args['no-build'] && EXTENSION === ROOT) {
    progress('building the production bundles (scripts/build.mjs --production --only=dist)…');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--only=dist'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('the production build failed');
  }
  const bundleBytes = (name) => statSync(path.join(EXTENSION, 'dist', name)).size;
  const workspace = prepareWorkspace();
  mkdirSync(ARTIFACTS, { recursive: true }); // the runs' server and browser logs
  const built = await buildTests();
  process.on('exit', built.remove);
  const support = createRequire(import.meta.url)(built.support);
  const plantedFile = path.join(WORK, 'editor-ws-planted.json');
  writeFileSync(plantedFile, JSON.stringify(workspace.planted));

  const samples = [];
  for (let i = 1; i <= runs; i++) {
    const out = path.join(WORK, `editor-run-${i}.json`);
    rmSync(out, { force: true });
    const outcome = await runScenario({
      support,
      scenarioName: SCENARIO,
      extensionPath: EXTENSION,
      testEntry: built.entry,
      timeoutMs: (timeoutSeconds + 120) * 1000,
      keep: false,
      workspaceFolder: WORKSPACE,
      env: { [support.ENV.benchPlanted]: plantedFile, [support.ENV.benchOut]: out, [support.ENV.benchTimeout]: String(timeoutSeconds) },
    });
    if (!outcome.ok || !existsSync(out)) {
      const why = [...outcome.problems, ...outcome.tests.filter((t) => t.state === 'failed').map((t) => t.error)].join('; ');
      throw new Error(`run ${i} failed: ${why || 'no measurement written'} (logs in .e2e/artifacts/)`);
    }
    const sample = JSON.parse(readFileSync(out, 'utf8'));
    rmSync(out, { force: true });
    samples.push({ ...sample, ...keysFirstTimes(sample) });
    progress(
      `run ${i}/${runs}: activation ${sample.activationMs.toFixed(1)} ms (CPU ${sample.activationCpuMs.toFixed(1)} ms), engine load ${sample.engineLoadMs?.toFixed(1)} ms, first diagnostics ${sample.firstDiagnosticsMs.toFixed(0)} ms after activation, all keys ${sample.allDiagnosticsMs.toFixed(0)} ms, first scan ${sample.firstScanMs?.toFixed(0)} ms`,
    );
  }

  const result = {
    bench: 'editor',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg()[0], node: process.version },
    editor: `code-server 4.139.1 (VS Code 1.139.1), extension loaded unpacked from ${path.relative(ROOT, path.join(EXTENSION, 'dist')) || 'dist'}/ (production build)`,
    workspace: { files: workspace.files, bytes: workspace.bytes, plantedKeys: workspace.planted.length },
    runs,
    activationBundleBytes: bundleBytes('extension.js'),
    engineBundleBytes: bundleBytes('engine.js'),
    medians: {
      activationMs: median(samples.map((s) => s.activationMs)),
      activationCpuMs: median(samples.map((s) => s.activationCpuMs)),
      activationWallMs: median(samples.map((s) => s.activationWallMs)),
      engineLoadMs: median(samples.map((s) => s.engineLoadMs)),
      engineLoadCpuMs: median(samples.map((s) => s.engineLoadCpuMs)),
      firstDiagnosticsMs: median(samples.map((s) => s.firstDiagnosticsMs)),
      allDiagnosticsMs: median(samples.map((s) => s.allDiagnosticsMs)),
      firstDiagnosticsSinceHostStartMs: median(samples.map((s) => s.firstDiagnosticsSinceHostStartMs)),
      firstScanMs: median(samples.map((s) => s.firstScanMs)),
      scanStartMs: median(samples.map((s) => s.scanStartMs)),
      keysFirstNamedMs: median(samples.map((s) => s.keysFirstNamedMs)),
      keysFirstListMs: median(samples.map((s) => s.keysFirstListMs)),
      keysFirstScanMs: median(samples.map((s) => s.keysFirstScanMs)),
      keysFirstPublishedMs: median(samples.map((s) => s.keysFirstPublishedMs)),
    },
    recall: samples.every((s) => s.foundKeys === s.plantedKeys) ? 1 : Math.min(...samples.map((s) => s.foundKeys / s.plantedKeys)),
    samples: samples.map((s) => ({
      activationMs: s.activationMs,
      activationCpuMs: s.activationCpuMs,
      bundleEvaluationMs: s.bundleEvaluationMs,
      activateMs: s.activateMs,
      activationWallMs: s.activationWallMs,
      engineLoadMs: s.engineLoadMs,
      engineLoadCpuMs: s.engineLoadCpuMs,
      firstDiagnosticsMs: s.firstDiagnosticsMs,
      allDiagnosticsMs: s.allDiagnosticsMs,
      firstDiagnosticsSinceHostStartMs: s.firstDiagnosticsSinceHostStartMs,
      firstScanMs: s.firstScanMs,
      scanStartMs: s.scanStartMs,
      keysFirstNamedMs: s.keysFirstNamedMs,
      keysFirstListMs: s.keysFirstListMs,
      keysFirstScanMs: s.keysFirstScanMs,
      keysFirstPublishedMs: s.keysFirstPublishedMs,
      keysFirstFiles: s.lastKeysFirst?.files,
      foundBeforeSuiteStarted: s.foundBeforeSuiteStarted,
    })),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const ms = (value, digits = 1) => (value === null ? 'n/a' : `${value.toFixed(digits)} ms`);
  const rows = [
    ['activation bundle (dist/extension.js)', `${(result.activationBundleBytes / 1024).toFixed(1)} KB`, 'target < 300 KB'],
    ['engine bundle (dist/engine.js, lazy)', `${(result.engineBundleBytes / 1024).toFixed(1)} KB`, ''],
    ['activation (evaluate bundle + activate())', ms(result.medians.activationMs), 'target < 30 ms'],
    ['  the same, CPU time', ms(result.medians.activationCpuMs), ''],
    ['  bundle start to activate() end, wall', ms(result.medians.activationWallMs), "includes the host's own work between"],
    ['engine load (after activation)', ms(result.medians.engineLoadMs), ''],
    ['  the same, CPU time', ms(result.medians.engineLoadCpuMs), ''],
    ['first diagnostics (first key), from activation', ms(result.medians.firstDiagnosticsMs, 0), 'target < 1000 ms (issue 18)'],
    ['  first scan started, from activation', ms(result.medians.scanStartMs, 0), 'engine load, open documents'],
    ['  keys first: files named like keys listed', ms(result.medians.keysFirstNamedMs, 0), 'from the phase start; n/a: no ripgrep'],
    ['  keys first: files with key anchors listed', ms(result.medians.keysFirstListMs, 0), 'from the phase start'],
    ['  keys first: all candidates scanned', ms(result.medians.keysFirstScanMs, 0), 'from the phase start'],
    ['  keys first: published, from activation', ms(result.medians.keysFirstPublishedMs, 0), ''],
    ['all planted keys, from activation', ms(result.medians.allDiagnosticsMs, 0), ''],
    ['first diagnostics, from extension host start', ms(result.medians.firstDiagnosticsSinceHostStartMs, 0), ''],
    ['first workspace scan', ms(result.medians.firstScanMs, 0), ''],
  ];
  console.log(
    `\nKeyward in the editor: ${result.workspace.files} files (${(result.workspace.bytes / 1e6).toFixed(0)} MB), ${result.workspace.plantedKeys} planted keys, median of ${runs} run(s)`,
  );
  console.log(`${result.editor}; ${result.machine.cpus} cores, load average ${result.machine.loadAverage.toFixed(2)}\n`);
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(46)} ${value.padStart(10)}  ${note}`);
  console.log(`  ${'recall on the planted keys'.padEnd(46)} ${`${(result.recall * 100).toFixed(0)}%`.padStart(10)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench editor: ${error.message}`);
    process.exit(1);
  },
);
