// Keyward measures its own start in the real editor: activation time (bundle evaluation to the end of
// activate()), the lazy load of the engine bundle and the first workspace scan. The figures themselves are
// benchmarks (bench/editor.mjs); here the test checks they are recorded, and that the engine is loaded
// only after activation returned, never by activate() itself. The runner copies them to .e2e/metrics.json.
import * as assert from 'node:assert/strict';
import type { KeywardMetrics } from '../../../src/vscode/metrics';
import { waitFor, waitForKeywardActive } from '../support/host';

describe('activation metrics', () => {
  it('records the activation time', async () => {
    const api = (await waitForKeywardActive(30_000)).exports;
    const metrics = api.metrics();
    assert.ok(Number.isFinite(metrics.activationMs) && metrics.activationMs > 0, `activationMs is a positive number (got ${metrics.activationMs})`);
    // Bundle evaluation and activate() are the two steps of activation; the wall time from the first to the end of
    // the second also holds whatever the extension host did in between.
    assert.ok(metrics.bundleEvaluationMs > 0 && metrics.activateMs > 0, 'both steps are measured');
    assert.ok(Math.abs(metrics.bundleEvaluationMs + metrics.activateMs - metrics.activationMs) < 1e-6, 'activationMs is the sum of the two steps');
    assert.ok(metrics.activationWallMs >= metrics.activationMs, 'the wall time from bundle start to activate() end holds both steps');
    assert.ok(metrics.activatedAt >= metrics.activationWallMs, 'activatedAt is a point of the host timeline after the bundle started evaluating');
  });

  it('loads the engine after activation returned, and records how long that and the first scan took', async () => {
    const api = (await waitForKeywardActive(30_000)).exports;
    // The startup scan (keyward.scanOnStartup is on) needs the engine, then finishes.
    const metrics = await waitFor<KeywardMetrics>(
      () => {
        const m = api.metrics();
        return m.engineLoadMs !== undefined && m.firstScanMs !== undefined ? m : undefined;
      },
      60_000,
      'the engine to load and the first workspace scan to finish',
    );
    assert.ok(metrics.engineLoadMs !== undefined && metrics.engineLoadMs > 0, 'engineLoadMs is positive');
    assert.ok(
      metrics.engineLoadStartedAt !== undefined && metrics.engineLoadStartedAt >= metrics.activatedAt,
      'the engine was loaded after activate() returned, not during it',
    );
    assert.ok(metrics.firstScanMs !== undefined && metrics.firstScanMs > 0, 'firstScanMs is positive');
  });

  it('answers a re-scan of the unchanged workspace from the incremental cache in private storage', async () => {
    const api = (await waitForKeywardActive(30_000)).exports;
    await api.scanWorkspace();
    const first = api
      .getFindings()
      .map((f) => f.fingerprint)
      .sort();
    await api.scanWorkspace();
    const last = api.metrics().lastScan;
    assert.ok(last !== undefined && last.files > 0, 'a folder scan ran');
    assert.ok(last.fromCache > 0 && last.fromCache <= last.files, `files answered from the cache: ${last.fromCache} of ${last.files}`);
    assert.deepEqual(
      api
        .getFindings()
        .map((f) => f.fingerprint)
        .sort(),
      first,
      'the same findings',
    );
  });
});
