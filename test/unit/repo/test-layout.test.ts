import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fg from 'fast-glob';

/** CONTRIBUTING.md, "Where tests live": what a unit test may not do. */

const unitTests = fg.sync('test/unit/**/*.test.ts').sort();

/** Unit tests that still start the CLI: the spawning test shares its fixture with in-process checks. */
const STILL_SPAWNING = ['test/unit/cli/sarif-uris.test.ts', 'test/unit/engine/process/git-hardening.test.ts'];

test('unit tests do not start the CLI: those tests live in test/integration/', () => {
  const spawning = unitTests.filter((file) => /\b(runKeyward|runCli|cliPath)\(|dist\/cli\.js/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(spawning, STILL_SPAWNING);
});

test('unit tests read no clock to bound time: they count work (test/helpers/work-count.ts) or leave it to bench/', () => {
  const timed = unitTests.filter((file) => /process\.cpuUsage\(|performance\.now\(|process\.hrtime/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(timed, []);
});

test('the runner picks up every integration test', () => {
  const runner = readFileSync('scripts/run-unit-tests.mjs', 'utf8');
  assert.match(runner, /'out\/test\/integration\/\*\*\/\*\.test\.js'/);
  assert.ok(fg.sync('test/integration/*.test.ts').length > 0);
});
