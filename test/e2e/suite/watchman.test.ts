// watchman as the re-scan's journal in the real editor (issue 18): the driver starts a watchman service watching
// the workspace (scenario `watchman`), as a user who runs watchman has one. The editor's background re-scans
// (the cache in the extension's storage) keep watchman's clock with their stored result, answer from it, and a
// key made afterwards is found. What watchman's answers stand for is tested in
// test/unit/engine/scan/unchanged-rescan-watchman.test.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { waitFor, waitForKeywardActive, workspaceFile } from '../support/host';

/** The stored results of the extension's scans: `*.unchanged` next to its scan caches, under the run's user data. */
function storedResults(): string[] {
  // The driver's run folder holds TMPDIR (this process's) and the user data folder side by side.
  const userData = path.join(path.dirname(process.env['TMPDIR'] ?? ''), 'user-data');
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.startsWith('scan-cache-') && entry.name.endsWith('.json.unchanged')) found.push(full);
    }
  };
  walk(userData);
  return found;
}

describe('watchman as the journal of the background re-scan', () => {
  let api: KeywardApi;

  before(async () => {
    api = (await waitForKeywardActive(30_000)).exports;
    await waitFor(() => api.metrics().firstScanMs, 60_000, 'the startup scan to finish');
  });

  it("the journal re-scan keeps watchman's clock; the next re-scan leaves the stored result as it is", async () => {
    // The startup scan filled the cache; this re-scan uses git's journal and stores its result.
    await api.scanWorkspace();
    const [stored, ...others] = storedResults();
    assert.ok(stored, 'a stored result next to the scan cache');
    assert.equal(others.length, 0, 'one workspace folder, one stored result');
    const clock = (JSON.parse(readFileSync(stored, 'utf8')) as { watchman?: { clock?: string } }).watchman?.clock;
    assert.match(clock ?? '', /^c:\d+:\d+:\d+:\d+$/, "the stored result keeps watchman's clock");
    const before = statSync(stored).mtimeMs;
    const findings = api.getFindings().map((f) => f.fingerprint);
    await api.scanWorkspace();
    assert.equal(statSync(stored).mtimeMs, before, 'answered from the stored result, not stored again');
    assert.deepEqual(
      api.getFindings().map((f) => f.fingerprint),
      findings,
      'the same findings',
    );
  });

  it('keyward.useWatchman off: the next stored result keeps no clock (git alone)', async () => {
    const settings = vscode.workspace.getConfiguration('keyward');
    await settings.update('useWatchman', false, vscode.ConfigurationTarget.Global);
    try {
      const before = storedResults().map((file) => statSync(file).mtimeMs);
      // A file made (dated back, out of the cache's racy window) and staged: the index differs, so the re-scan
      // walks and stores a new result.
      const made = workspaceFile('notes-watchman-off.txt').fsPath;
      writeFileSync(made, 'made with watchman off\n');
      const past = new Date(Date.now() - 3600_000);
      utimesSync(made, past, past);
      const staged = spawnSync('git', ['add', 'notes-watchman-off.txt'], { cwd: path.dirname(made), encoding: 'utf8' });
      assert.equal(staged.status, 0, `git add: ${staged.stderr}`);
      await api.scanWorkspace();
      const [stored] = storedResults();
      assert.ok(stored, 'a stored result');
      assert.notDeepEqual([statSync(stored).mtimeMs], before, 'a new result was stored');
      const saved = JSON.parse(readFileSync(stored, 'utf8')) as { watchman?: unknown };
      assert.equal(saved.watchman, undefined, "watchman's clock is not taken");
    } finally {
      await settings.update('useWatchman', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a key made after the clock is found by the next re-scan', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const file = workspaceFile('release/made-later.pem');
    mkdirSync(path.dirname(file.fsPath), { recursive: true });
    writeFileSync(file.fsPath, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await api.scanWorkspace();
    assert.ok(
      api.getFindings().some((f) => f.path === 'release/made-later.pem'),
      `the new key is reported (findings: ${api
        .getFindings()
        .map((f) => f.path)
        .join(', ')})`,
    );
  });
});
