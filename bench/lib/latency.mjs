// Single-document re-check latency: what the editor pays on each edit. The editor's document checker
// calls the engine's scanFile on the document text; this bundles scanFile from src/ with esbuild and
// times it in this process on realistic documents of about 10 KB, 200 KB and 2 MB.
import { generateKeyPairSync } from 'node:crypto';
import { createContent, plainWorkflow } from './content.mjs';
import { bundleFromSrc } from './bundle-src.mjs';
import { percentile } from './measure.mjs';
import { createRandom } from './prng.mjs';

export const LATENCY_SIZES = [
  ['10 KB', 10_000],
  ['200 KB', 200_000],
  ['2 MB', 2_000_000],
];
const ITERATIONS = { 10_000: 300, 200_000: 100, 2_000_000: 20 };
const BUDGET_MS = 8_000;

/** Bundles `scanFile` from src/engine/scan/scanner.ts; returns the function, or undefined with a reason. */
export async function loadScanFile(root, workDir) {
  const bundled = await bundleFromSrc(root, workDir, 'scanner-bundle', "export { scanFile } from './src/engine/scan/scanner';");
  if (bundled.reason) return { reason: bundled.reason };
  const { scanFile } = bundled.exports;
  return typeof scanFile === 'function' ? { scanFile } : { reason: 'src/engine/scan/scanner.ts exports no scanFile' };
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

/** Returns rows { size, kind, bytes, iterations, findings, p50, p95 } (milliseconds). */
export function measureLatency(scanFile, seed) {
  const rows = [];
  for (const [label, size] of LATENCY_SIZES) {
    for (const doc of documents(size, seed)) {
      const input = { path: doc.path, text: doc.text, committed: true };
      let findings = 0;
      // Warm-up (JIT, lazily built rule state): up to 5 runs or 2 s, at least one.
      const warmStart = performance.now();
      for (let i = 0; i < 5 && (i === 0 || performance.now() - warmStart < 2_000); i++) findings = scanFile(input).length;
      const times = [];
      const started = performance.now();
      while (times.length < ITERATIONS[size] && performance.now() - started < BUDGET_MS) {
        const t0 = performance.now();
        scanFile(input);
        times.push(performance.now() - t0);
      }
      rows.push({
        size: label,
        kind: doc.kind,
        bytes: Buffer.byteLength(doc.text),
        iterations: times.length,
        findings,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
      });
    }
  }
  return rows;
}
