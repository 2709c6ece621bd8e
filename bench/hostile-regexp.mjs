// Hostile inputs for the identity/issuer regexp analysis (KW303/KW304), the keyless migration fix
// (KW201/KW204) and the YAML parser, each run in a fresh Node process under a heap cap, with its CPU
// time checked against a budget scaled by the input size and its peak memory against a fixed limit.
// Before the fixes of issue 14 these took 37 s (320 KB of `[` as a regexp), over 5 minutes (2 MB of
// `cosign sign --key` lines) and 41 s with 3.7 GB (2 MB of `[` as YAML); linear code takes well under
// a second per megabyte.
//
//   node bench/hostile-regexp.mjs [--only=NAME] [--cpu-ms-per-mb=N] [--rss-mb=N]
//
// Builds out/ (node scripts/build.mjs --only=out) first. Exits 1 when a case goes over its budget, runs
// out of heap or is killed at the time limit. The budgets are loose on purpose (two shared cores):
// they only have to tell linear from quadratic, which differ by orders of magnitude at these sizes.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetVerdict, KILL_AFTER_MS } from './lib/cpu-budget.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const only = arg('only', undefined);
const cpuMsPerMb = Number(arg('cpu-ms-per-mb', '4000'));
const rssLimitMb = Number(arg('rss-mb', '1024'));

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=out'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const out = (path) => JSON.stringify(join(root, 'out', 'src', 'engine', path));

// Each case: the code that builds the input (`text`, with its size in `bytes`) and the code that runs it.
const cases = [
  {
    name: 'identity regexp: 320 KB of [ (KW303 analysis, issuer analysis, a KW303 scan)',
    setup: `const re = '^' + '['.repeat(320 * 1024) + '$'; const bytes = re.length;
      const { analyzeIdentityRegexp, analyzeIssuerRegexp } = require(${out('cosign/identity-regexp.js')});
      const { scanFile } = require(${out('scan/scanner.js')});`,
    run: `analyzeIdentityRegexp(re); analyzeIssuerRegexp(re); analyzeIdentityRegexp('^https://' + re.slice(1));
      scanFile({ path: 'verify.sh', text: "cosign verify --certificate-identity-regexp '" + re + "' img\\n", committed: true });`,
  },
  {
    // Below the analysis cap these are what the analysis runs on; here on 1 MB, past the cap, to show they are linear.
    name: 'regexp syntax scans on 1 MB: [ [: ( \\p{ and alternations',
    setup: `const MB = 1 << 20; const inputs = ['['.repeat(MB), '[[:'.repeat(MB / 3), '('.repeat(MB), '\\\\p{'.repeat(MB / 3), '.|'.repeat(MB / 2), '(a|'.repeat(MB / 3)];
      const bytes = inputs.reduce((n, s) => n + s.length, 0);
      const { isWildcard, topLevelBranches, enclosingGroupBody } = require(${out('cosign/regexp-syntax.js')});`,
    run: `for (const s of inputs) { isWildcard(s); topLevelBranches(s); enclosingGroupBody(s + ')'); }`,
  },
  {
    name: 'keyless migration: 2 MB run: block of cosign sign --key lines (KW201, KW204 with fixes)',
    setup: `const line = '          cosign sign --yes --key env://COSIGN_PRIVATE_KEY ghcr.io/acme/app@sha256:0000\\n';
      const head = 'on: push\\njobs:\\n  release:\\n    runs-on: ubuntu-latest\\n    env:\\n      COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}\\n    steps:\\n      - name: sign\\n        env:\\n          COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}\\n        run: |\\n';
      const text = head + line.repeat(Math.floor((2 << 20) / line.length)); const bytes = text.length;
      const { scanFile } = require(${out('scan/scanner.js')}); const { RULES } = require(${out('rules/registry.js')});
      const rules = RULES.filter((r) => r.meta.id === 'KW201' || r.meta.id === 'KW204');`,
    run: `const found = scanFile({ path: '.github/workflows/release.yml', text, committed: true }, { rules });
      if (!found.some((f) => f.fixes?.some((x) => x.title === 'Migrate to keyless signing'))) throw new Error('no migration fix offered');`,
  },
  {
    name: 'keyless migration: 2 MB GitLab script of cosign sign --key lines (KW201, KW204 with fixes)',
    setup: `const text = 'sign:\\n  variables:\\n    COSIGN_PASSWORD: x\\n  script:\\n' + '    - cosign sign --key env://COSIGN_PRIVATE_KEY img\\n'.repeat(Math.floor((2 << 20) / 51)); const bytes = text.length;
      const { scanFile } = require(${out('scan/scanner.js')}); const { RULES } = require(${out('rules/registry.js')});
      const rules = RULES.filter((r) => r.meta.id === 'KW201' || r.meta.id === 'KW204');`,
    run: `scanFile({ path: '.gitlab-ci.yml', text, committed: true }, { rules });`,
  },
  ...[
    ['flow sequences', "'jobs: ' + '['.repeat(2 << 20)"],
    ['flow maps', "'a: ' + '{a: '.repeat((2 << 20) / 4)"],
    ['compact block sequences', "'- '.repeat(1 << 20) + 'x\\n'"],
  ].map(([shape, expression]) => ({
    name: `YAML: 2 MB of nested ${shape} (every rule, through scanFile on a workflow path)`,
    // The comment passes the cosign rules' gates, so the workflow is parsed (without it no YAML rule runs).
    setup: `const text = '# cosign sign\\n' + ${expression}; const bytes = text.length; const { scanFile } = require(${out('scan/scanner.js')});`,
    run: `scanFile({ path: '.github/workflows/x.yml', text, committed: true });`,
  })),
];

const child = (c) => `
${c.setup}
const before = process.cpuUsage();
${c.run}
const used = process.cpuUsage(before);
console.log(JSON.stringify({ bytes, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;

let failed = 0;
for (const c of cases.filter((x) => only === undefined || x.name.includes(only))) {
  const run = spawnSync(process.execPath, [`--max-old-space-size=${rssLimitMb}`, '-e', child(c)], { cwd: root, encoding: 'utf8', timeout: KILL_AFTER_MS });
  const { ok, verdict } = budgetVerdict(run, { cpuMsPerMb, rssLimitMb });
  if (!ok) failed++;
  console.log(`${verdict}  ${c.name}`);
}
console.log(failed === 0 ? 'hostile inputs: all within budget' : `hostile inputs: ${failed} over budget`);
process.exit(failed === 0 ? 0 : 1);
