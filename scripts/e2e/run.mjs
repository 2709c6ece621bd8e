#!/usr/bin/env node
// End-to-end tests in a real VS Code (code-server + Debian's Chromium; install with scripts/e2e/setup.sh).
//
//   node scripts/e2e/run.mjs [--scenario NAME]... [--vsix FILE [--ui-only]] [--extension-path DIR]
//                            [--no-build] [--keep] [--timeout SECONDS (per run, default 180)]
//
// Route A (default): for each scenario in test/e2e/support/scenarios.ts, one code-server run that loads the
// extension unpacked from --extension-path (default: this repository, built first with scripts/build.mjs)
// and runs the mocha suites of test/e2e/suite/ inside the extension host.
// Route B (--vsix): installs the packaged extension and drives the UI like a user (see lib/route-b.mjs).
// Screenshots and logs go to .e2e/artifacts/, Keyward's activation metrics per scenario to .e2e/metrics.json.
// Last line: "e2e: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTests } from './lib/build-tests.mjs';
import { killAllServers } from './lib/code-server.mjs';
import { ARTIFACTS, METRICS, ROOT, assertEditorInstalled } from './lib/paths.mjs';
import { runScenario } from './lib/route-a.mjs';
import { removeAllRunDirs } from './lib/run-dir.mjs';
import { runUiJourney } from './lib/route-b.mjs';

/** A mistake in how the harness was called or set up: reported as one line, without a stack. */
class UsageError extends Error {}

function parseArguments() {
  try {
    return parseArgs({
      options: {
        scenario: { type: 'string', multiple: true },
        vsix: { type: 'string' },
        'ui-only': { type: 'boolean', default: false },
        'extension-path': { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        timeout: { type: 'string', default: process.env.KEYWARD_E2E_TIMEOUT ?? '180' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }
}

// Whatever happens, leave no code-server and no run dir (with its generated keys) behind. The browser is
// Playwright's child, which ends it on exit and on SIGINT.
process.on('exit', () => {
  killAllServers();
  removeAllRunDirs();
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.exit(130); // runs the exit handler above
  });
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function report(outcome) {
  console.log(`${outcome.ok ? 'PASS' : 'FAIL'} ${outcome.route === 'B' ? 'ui journey' : 'scenario'} ${outcome.name} (${seconds(outcome.durationMs)})`);
  for (const test of outcome.tests) {
    const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`  ${mark} ${test.title}${test.durationMs >= 1000 ? ` (${seconds(test.durationMs)})` : ''}`);
    if (test.state === 'failed') console.log(String(test.error).replace(/^/gm, '         '));
  }
  for (const problem of outcome.problems) console.log(`  problem: ${problem}`);
  for (const note of outcome.notes) console.log(`  note: ${note}`);
}

/**
 * What Keyward measured about itself in each route A run (KeywardApi.metrics(): activation, engine load,
 * first scan, in ms) and the size of the activation bundle it ran, for anyone tracking them over time.
 * Informational: the tests only check that the metrics exist.
 */
function writeMetrics(extensionPath, outcomes) {
  const bundle = path.join(extensionPath, 'dist/extension.js');
  const scenarios = Object.fromEntries(outcomes.filter((o) => o.route === 'A' && o.metrics).map((o) => [o.name, o.metrics]));
  const metrics = { date: new Date().toISOString(), activationBundleBytes: existsSync(bundle) ? statSync(bundle).size : null, scenarios };
  writeFileSync(METRICS, `${JSON.stringify(metrics, null, 2)}\n`);
  const activation = Object.entries(scenarios).map(([name, m]) => `${name} ${m.activationMs.toFixed(1)} ms`);
  console.log(`e2e: activation ${activation.join(', ') || 'not recorded'}; metrics in ${path.relative(process.cwd(), METRICS)}`);
}

async function main() {
  const started = Date.now();
  const args = parseArguments();
  try {
    assertEditorInstalled();
  } catch (error) {
    throw new UsageError(error.message);
  }
  rmSync(ARTIFACTS, { recursive: true, force: true });
  rmSync(METRICS, { force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const timeoutMs = Number(args.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout must be a number of seconds, got ${args.timeout}`);
  if (args['ui-only'] && !args.vsix) throw new UsageError('--ui-only needs --vsix FILE');

  const extensionPath = path.resolve(args['extension-path'] ?? ROOT);
  const runRouteA = !args['ui-only'];
  if (runRouteA && !args['extension-path'] && !args['no-build']) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=dist'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the extension (scripts/build.mjs --only=dist) failed');
  }
  const built = await buildTests();
  if (!args.keep) process.on('exit', built.remove);
  const support = createRequire(import.meta.url)(built.support);
  console.log(`e2e: built in ${seconds(Date.now() - started)}${args.keep ? ` (kept in ${built.dir})` : ''}`);

  const outcomes = [];
  if (runRouteA) {
    const names = args.scenario ?? support.scenarios.map((s) => s.name);
    for (const name of names) {
      if (!support.scenarios.some((s) => s.name === name))
        throw new UsageError(`unknown scenario "${name}" (known: ${support.scenarios.map((s) => s.name).join(', ')})`);
    }
    for (const scenarioName of names) {
      const outcome = await runScenario({ support, scenarioName, extensionPath, testEntry: built.entry, timeoutMs, keep: args.keep });
      report(outcome);
      outcomes.push(outcome);
    }
  }
  if (args.vsix) {
    const outcome = await runUiJourney({ support, vsix: path.resolve(args.vsix), timeoutMs, keep: args.keep });
    report(outcome);
    outcomes.push(outcome);
  }

  if (runRouteA) writeMetrics(extensionPath, outcomes);

  // Count tests; a run that failed without a failing test (timeout, crash) counts as one failure.
  let passed = 0;
  let failed = 0;
  for (const outcome of outcomes) {
    passed += outcome.tests.filter((t) => t.state === 'passed').length;
    const failedTests = outcome.tests.filter((t) => t.state === 'failed').length;
    failed += failedTests + (!outcome.ok && failedTests === 0 ? 1 : 0);
  }
  console.log(`e2e: ${outcomes.length} run(s) in ${seconds(Date.now() - started)}; artifacts in ${path.relative(process.cwd(), ARTIFACTS) || '.'}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && outcomes.every((o) => o.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e: ${error instanceof UsageError ? error.message : (error.stack ?? error)}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(2);
  },
);
