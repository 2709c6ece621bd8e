// Transpiles src+test to out/ and runs the unit tests with node:test. Extra arguments are test-file
// filters: `npm run test:unit -- discovery` runs only test files whose path contains "discovery".
import { spawnSync } from 'node:child_process';
import fg from 'fast-glob';

const filters = process.argv.slice(2);
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=out'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const files = (await fg('out/test/unit/**/*.test.js')).filter((f) => filters.length === 0 || filters.some((p) => f.includes(p))).sort();
if (files.length === 0) {
  console.error('no unit test files matched');
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
