// Single-document re-check latency: what the editor pays on each edit. The editor's document checker
// calls the engine's scanFileReport on the document text (with skipInertJobs); this bundles it from src/
// with esbuild and times it in this process on realistic documents of about 10 KB, 20 KB, 200 KB and 2 MB.
// The workflow is edited before each run (one word of one job, a different job each time), as typing
// does, and is also timed without skipInertJobs (the whole file parsed each time) in the same run.
import { generateKeyPairSync } from 'node:crypto';
import { createContent, plainWorkflow } from './content.mjs';
import { bundleFromSrc } from './bundle-src.mjs';
import { percentile } from './measure.mjs';
import { createRandom } from './prng.mjs';

export const LATENCY_SIZES = [
  ['10 KB', 10_000],
  ['20 KB', 20_000],
  ['200 KB', 200_000],
  ['2 MB', 2_000_000],
];
const ITERATIONS = { 10_000: 300, 20_000: 300, 200_000: 100, 2_000_000: 20 };
const BUDGET_MS = 8_000;

/** Bundles `scanFile` and `scanFileReport` from src/engine/scan/scanner.ts; returns them, or a reason. */
export async function loadScanFile(root, workDir) {
  const bundled = await bundleFromSrc(root, workDir, 'scanner-bundle', "export { scanFile, scanFileReport } from './src/engine/scan/scanner';");
  if (bundled.reason) return { reason: bundled.reason };
  const { scanFile, scanFileReport } = bundled.exports;
  if (typeof scanFile !== 'function') return { reason: 'src/engine/scan/scanner.ts exports no scanFile' };
  // Older trees have no scanFileReport: time scanFile, as their editor did.
  return { scanFile, scanFileReport: typeof scanFileReport === 'function' ? scanFileReport : (input) => ({ findings: scanFile(input) }) };
}

/** The four documents at one size: a workflow with a planted issue, JS source, a minified bundle, source with a PEM key. */
export function documents(size, seed) {
  const random = createRandom(seed);
  const content = createContent(random);
  const pemKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const insecureStep =
    '      - name: Sign\n        env:\n          COSIGN_PASSWORD: "hunter2-release"\n        run: cosign sign --yes --key cosign.key ghcr.io/acme/app@sha256:0123\n';
  let workflow = plainWorkflow(random) + insecureStep;
  // More jobs until the size is reached: each a copy of a plain job with another name.
  for (let i = 0; workflow.length < size; i++)
    workflow += `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build-${i}\n      - run: echo "step ${i} ${random.word()} ${random.word()} ${random.word()}"\n`;
  const source = content.source('js', size, 'latency');
  const half = content.source('ts', size / 2, 'latency-a');
  return [
    { kind: 'workflow (KW203)', path: '.github/workflows/release.yml', text: workflow },
    { kind: 'JS source', path: 'src/app.js', text: source },
    { kind: 'minified bundle', path: 'dist/app.min.js', text: content.minified(size, 'latency') },
    {
      kind: 'source + PEM key',
      path: 'src/fixtures.ts',
      text: `${half}\nexport const signingKey = \`${pemKey}\`;\n${half.slice(0, Math.max(0, size - half.length - pemKey.length - 40))}`,
    },
  ];
}

/**
 * The workflow with one word of one job changed: the n-th edit changes the n-th job (cycling), so each
 * check sees a job text it has not seen before, as when typing.
 */
export function editedWorkflow(text, n) {
  const jobs = [...text.matchAll(/npm run build-(\d+)/g)];
  if (jobs.length === 0) return `${text}# ${n}\n`;
  const job = jobs[n % jobs.length];
  return `${text.slice(0, job.index)}npm run edit${n}-${job[1]}${text.slice(job.index + job[0].length)}`;
}

/**
 * Returns rows { size, kind, bytes, iterations, findings, p50, p95, cpu50 } (milliseconds; cpu50: median
 * process CPU time of one check, less sensitive to the machine's load than wall time).
 */
export function measureLatency(loaded, seed) {
  const rows = [];
  for (const [label, size] of LATENCY_SIZES) {
    for (const doc of documents(size, seed)) {
      const workflow = doc.kind.startsWith('workflow');
      const variants = workflow
        ? [
            { kind: `${doc.kind}, edited`, options: { skipInertJobs: true } },
            { kind: `${doc.kind}, edited, whole file`, options: {} },
          ]
        : [{ kind: doc.kind, options: { skipInertJobs: true } }];
      for (const variant of variants) rows.push(measureOne(loaded.scanFileReport, doc, variant, workflow, label, size));
    }
  }
  return rows;
}

function measureOne(scanFileReport, doc, variant, edited, label, size) {
  // The edited text is made before the clock starts.
  const inputAt = (n) => ({ path: doc.path, text: edited ? editedWorkflow(doc.text, n) : doc.text, committed: true });
  const check = (input) => scanFileReport(input, variant.options).findings.length;
  // Warm-up (JIT, lazily built rule state, the first check of the document): up to 5 runs or 2 s, at least one.
  let findings = 0;
  let n = 0;
  const warmStart = performance.now();
  for (let i = 0; i < 5 && (i === 0 || performance.now() - warmStart < 2_000); i++) findings = check(inputAt(n++));
  const times = [];
  const cpu = [];
  const started = performance.now();
  while (times.length < ITERATIONS[size] && performance.now() - started < BUDGET_MS) {
    const input = inputAt(n);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    check(input);
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
    n++;
  }
  return {
    size: label,
    kind: variant.kind,
    bytes: Buffer.byteLength(doc.text),
    iterations: times.length,
    findings,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpu50: percentile(cpu, 50),
  };
}
