import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fg from 'fast-glob';

/** CONTRIBUTING.md, "Where tests live": what a unit test may not do. */

const unitTests = fg.sync('test/unit/**/*.test.ts').sort();

test('unit tests do not start the CLI: those tests live in test/integration/', () => {
  // A fixture both kinds need goes to test/helpers/ (e.g. git-hardening-repo.ts, sarif-names.ts).
  const spawning = unitTests.filter((file) => /\b(runKeyward|runCli|cliPath)\(|dist\/cli\.js/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(spawning, []);
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
