// Transpiles src+test to out/ and runs the unit tests (test/unit, grouped like src/) and the slower integration
// tests that start the built CLI (test/integration) with node:test.
// Arguments: test-file filters (`npm run test:unit -- discovery` runs files whose path contains "discovery",
// `-- engine/rules` one folder, `-- integration` the integration tests only),
// and `--tap=FILE` to also write a TAP report (the test script reads its totals).
import { spawnSync } from 'node:child_process';
import fg from 'fast-glob';

const args = process.argv.slice(2);
const tap = args.find((a) => a.startsWith('--tap='))?.slice('--tap='.length);
const filters = args.filter((a) => !a.startsWith('--'));
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=out'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const files = (await fg(['out/test/unit/**/*.test.js', 'out/test/integration/**/*.test.js']))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('no unit test files matched');
  process.exit(1);
}
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', ...(tap ? ['--test-reporter=tap', `--test-reporter-destination=${tap}`] : [])];
// The rule-gate audit (src/engine/scan/scanner.ts): every input a test scans also checks that no rule gate
// turns away a file its rule reports on.
const env = { ...process.env, KEYWARD_AUDIT_RULE_GATES: '1' };
// A test that hangs fails after ten minutes (the longest take about two) instead of stalling the whole run.
const run = spawnSync(process.execPath, ['--test', '--test-timeout=600000', ...reporters, ...files], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
