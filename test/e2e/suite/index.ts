// The extensionTestsPath entry: VS Code calls run() inside the extension host and reports success or
// failure to the driver through codeAutomationExit. Which suites run is chosen by the scenario env var;
// results go to the file named by another env var (the driver prints them).
import Mocha from 'mocha';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import type { KeywardMetrics } from '../../../src/vscode/metrics';
import { ENV, requiredEnv } from '../support/env';
import { EXTENSION_ID } from '../support/host';
import type { RunResults, TestResult } from '../support/results';
import { findScenario } from '../support/scenarios';

const LOG_PREFIX = '[keyward-e2e]';

function log(...args: unknown[]): void {
  // The console reaches the driver through codeAutomationLog unformatted, so format here.
  console.log(`${LOG_PREFIX} ${format(...args)}`);
}

/** The message and the first frames of the stack: enough to find the failing line, short enough to read. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 4);
  return [error.message, ...frames.map((f) => f.trim())].join('\n');
}

/** Collects results as plain data; mocha's own reporters write to a stdout the host does not have. */
function collectingReporter(results: TestResult[]): Mocha.ReporterConstructor {
  return class CollectingReporter {
    constructor(runner: Mocha.Runner) {
      runner.on('pass', (test) => {
        results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
        log('ok', test.fullTitle());
      });
      runner.on('fail', (test, error: Error) => {
        results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describeError(error) });
        log('FAILED', test.fullTitle(), '-', String(error?.message).split('\n')[0]);
      });
      runner.on('pending', (test) => {
        results.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
        log('skipped', test.fullTitle());
      });
    }
  } as unknown as Mocha.ReporterConstructor;
}

/** Keyward's own timing metrics, if it is active in this window (the driver writes them to .e2e/metrics.json). */
function keywardMetrics(): KeywardMetrics | undefined {
  const extension = vscode.extensions.getExtension<KeywardApi>(EXTENSION_ID);
  return extension?.isActive === true ? extension.exports.metrics() : undefined;
}

export async function run(): Promise<void> {
  const resultsFile = requiredEnv(ENV.results);
  const scenarioName = requiredEnv(ENV.scenario);
  const tests: TestResult[] = [];
  const write = (runnerError?: string): void => {
    const metrics = keywardMetrics();
    const results: RunResults = {
      scenario: scenarioName,
      vscodeVersion: vscode.version,
      workspaceTrusted: vscode.workspace.isTrusted,
      tests,
      ...(metrics === undefined ? {} : { metrics }),
      ...(runnerError === undefined ? {} : { runnerError }),
    };
    writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };

  try {
    const scenario = findScenario(scenarioName);
    log(`scenario ${scenario.name}: ${scenario.description} (VS Code ${vscode.version}, trusted: ${vscode.workspace.isTrusted})`);
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: collectingReporter(tests) });
    for (const suite of scenario.suites) mocha.addFile(path.join(__dirname, `${suite}.test.js`));
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    write();
    if (failures > 0) throw new Error(`${failures} e2e test(s) failed in scenario ${scenario.name}`);
  } catch (error) {
    // A failure above has already been recorded test by test; anything else is the runner's own.
    if (!tests.some((t) => t.state === 'failed')) write((error as Error).stack ?? String(error));
    throw error;
  }
}
