// The in-host half of the editor benchmark (bench/editor.mjs, scenario "editor-bench"): in a window opened
// on a large generated workspace, waits until Keyward reports every planted key (through the API's
// getFindings, on each diagnostics change) and writes what it measured to the file named by
// KEYWARD_BENCH_OUT. Times are performance.now() of the extension host, so they share one clock with
// Keyward's own metrics. Not part of the e2e test run: only the benchmark runs this scenario.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ENV, requiredEnv } from '../support/env';
import { waitFor, waitForKeywardActive, withTimeout, workspaceFile } from '../support/host';

describe('editor benchmark', () => {
  it('reports every planted key', async function () {
    const timeoutMs = Number(process.env[ENV.benchTimeout] ?? '600') * 1000;
    this.timeout(timeoutMs + 30_000);
    const planted = JSON.parse(readFileSync(requiredEnv(ENV.benchPlanted), 'utf8')) as string[];
    const suiteStartedAt = performance.now();
    const api = (await waitForKeywardActive(timeoutMs)).exports;
    const uris = planted.map((relative) => workspaceFile(relative));
    const seenAt = new Map<string, number>();
    // A key found before this suite started listening has no precise time: it counts as seen now (an upper bound).
    const look = (): boolean => {
      for (const uri of uris) if (!seenAt.has(uri.toString()) && api.getFindings(uri).length > 0) seenAt.set(uri.toString(), performance.now());
      return seenAt.size === uris.length;
    };
    look();
    const alreadyFound = seenAt.size;
    let subscription: vscode.Disposable | undefined;
    try {
      await withTimeout(
        new Promise<void>((resolve) => {
          if (look()) resolve();
          subscription = vscode.languages.onDidChangeDiagnostics(() => {
            if (look()) resolve();
          });
        }),
        timeoutMs,
        `Keyward to report all ${uris.length} planted keys (found ${seenAt.size})`,
      );
    } finally {
      subscription?.dispose();
    }
    // The scan may still be finishing (other folders, re-checking open documents) when the last key shows.
    const metrics = await waitFor(() => (api.metrics().firstScanMs === undefined ? undefined : api.metrics()), timeoutMs, 'the first workspace scan to finish');
    const times = [...seenAt.values()];
    const result = {
      plantedKeys: uris.length,
      foundKeys: seenAt.size,
      /** Keys already reported when the suite started looking: their time is an upper bound. */
      foundBeforeSuiteStarted: alreadyFound,
      suiteStartedAt,
      ...metrics,
      firstDiagnosticsMs: Math.min(...times) - metrics.activatedAt,
      allDiagnosticsMs: Math.max(...times) - metrics.activatedAt,
      firstDiagnosticsSinceHostStartMs: Math.min(...times),
    };
    writeFileSync(requiredEnv(ENV.benchOut), JSON.stringify(result, null, 2));
    assert.equal(seenAt.size, uris.length, 'every planted key is reported');
  });
});
