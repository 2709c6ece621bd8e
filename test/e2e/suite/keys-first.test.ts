// "Keys first" in the real editor (issue 18): with the editor's own ripgrep, a folder scan first scans the
// files that can hold a key and publishes their findings, then runs the full scan, whose result replaces
// them. What the early phase publishes must be what the full scan ends with (same findings, same suppressed
// ones), and a key's diagnostic must never disappear and come back while the scan runs. Runs in the trusted
// scenario and in Restricted Mode (where the editor's binary is the only ripgrep allowed).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/engine/types';
import type { KeywardApi } from '../../../src/vscode/extension';
import { keywardDiagnostics, waitFor, waitForKeywardActive, workspaceFile } from '../support/host';

const KEY = 'secrets/signing.pem';

const fingerprints = (findings: readonly Finding[]): string[] => findings.map((finding) => finding.fingerprint).sort();

/** What a user sees of a file's Keyward diagnostics. */
function shown(uri: vscode.Uri): string[] {
  return keywardDiagnostics(vscode.languages.getDiagnostics(uri)).map(
    (d) => `${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`,
  );
}

describe('keys first', () => {
  let api: KeywardApi;

  before(async () => {
    api = (await waitForKeywardActive(30_000)).exports;
    await waitFor(() => api.metrics().firstScanMs, 60_000, 'the startup scan to finish');
  });

  it('the startup scan published the keys before the full scan, with the findings the full scan ended with', () => {
    const early = api.metrics().lastKeysFirst;
    assert.ok(early, "no keys-first phase ran: the editor's ripgrep was not found or not used");
    assert.ok(early.files >= 2, `the key files were scanned early (${early.files} file(s))`);
    assert.ok(early.namedAt >= early.startedAt && early.listedAt >= early.namedAt && early.endedAt >= early.listedAt, 'the phase ran in order');
    assert.deepEqual([...early.findings].sort(), fingerprints(api.getFindings()), 'the early findings are the final ones');
    assert.deepEqual([...early.suppressed].sort(), fingerprints(api.getSuppressed()), 'the early suppressed findings are the final ones');
  });

  it("a re-scan never takes a key's diagnostic away, not even for a moment", async () => {
    const key = workspaceFile(KEY);
    const final = shown(key);
    assert.ok(final.length > 0, `${KEY} has a diagnostic before the re-scan`);
    const before = api.metrics().lastKeysFirst;
    const seen: string[][] = [];
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === key.toString())) seen.push(shown(key));
    });
    try {
      await api.scanWorkspace();
    } finally {
      subscription.dispose();
    }
    const after = api.metrics().lastKeysFirst;
    assert.ok(after && after !== before && before && after.startedAt > before.endedAt, 'the re-scan ran its own keys-first phase');
    assert.deepEqual(shown(key), final, 'the same diagnostic after the re-scan');
    for (const snapshot of seen) assert.deepEqual(snapshot, final, 'every update during the re-scan shows the same diagnostic');
    assert.deepEqual([...after.findings].sort(), fingerprints(api.getFindings()));
  });
});
