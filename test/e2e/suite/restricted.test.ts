// Restricted Mode: the server runs without --disable-workspace-trust, the workspace has a committed key and
// a .git/config whose core.fsmonitor names a program. Keyward must still report the key, and must start
// no git process at all (git would run that program). The driver armed and self-tested the trap.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { readGitTraces } from '../support/git-trap';
import { codeActionsAt, codeValue, keywardDiagnostics, waitForDiagnostics, waitForKeywardActive } from '../support/host';
import { leaksKeyMaterial, readKeyFile, type KeyFile } from '../support/key-file';

const KEY = 'secrets/signing.pem';
/** Suppressed by the repository's own .keywardignore, which must not hide a key in Restricted Mode. */
const SUPPRESSED = 'fixtures/demo.pem';

function assertNoGit(when: string): void {
  const traces = readGitTraces();
  assert.deepEqual(traces.calls, [], `git was started ${when}`);
  assert.equal(traces.fsmonitorRan, false, `the repository's core.fsmonitor program ran ${when}`);
}

describe('Restricted Mode', () => {
  let api: KeywardApi;
  let key: KeyFile;
  let diagnostic: vscode.Diagnostic;

  before(async () => {
    api = (await waitForKeywardActive(30_000)).exports;
    key = await readKeyFile(KEY);
  });

  it('the window is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still reports the committed key (KW101 at the BEGIN line)', async () => {
    const diagnostics = await waitForDiagnostics(key.uri, (all) => keywardDiagnostics(all).length > 0, 30_000, `a keyward diagnostic on ${KEY}`);
    const ours = keywardDiagnostics(diagnostics);
    assert.equal(ours.length, 1);
    diagnostic = ours[0]!;
    assert.equal(codeValue(diagnostic), 'KW101');
    assert.equal(diagnostic.range.start.line, key.beginLine);
    assert.ok(
      diagnostic.severity === vscode.DiagnosticSeverity.Error || diagnostic.severity === vscode.DiagnosticSeverity.Warning,
      `a real key is at least a warning, got ${vscode.DiagnosticSeverity[diagnostic.severity]}`,
    );
    assert.ok(!leaksKeyMaterial(diagnostic.message, key), 'the message must not contain key material');
  });

  it('completes "Keyward: Scan Workspace" without starting git', async () => {
    await vscode.commands.executeCommand('keyward.scanWorkspace');
    assert.equal(api.getFindings(key.uri).length, 1);
    assert.match(api.statusBar().text, /Keyward: 2$/, 'both keys count: the suppressed one too');
    assert.match(api.statusBar().tooltip, /1 key finding suppressed by the repository, not honoured in Restricted Mode/);
    assert.doesNotMatch(api.statusBar().tooltip, /excluded by settings/, "the workspace's keyward.exclude is ignored in Restricted Mode");
    assertNoGit('by the workspace scan');
  });

  it('reports the key the repository suppressed in .keywardignore, with the suppression reason in the message', async () => {
    const suppressed = await readKeyFile(SUPPRESSED);
    const diagnostics = await waitForDiagnostics(suppressed.uri, (all) => keywardDiagnostics(all).length > 0, 30_000, `a keyward diagnostic on ${SUPPRESSED}`);
    const ours = keywardDiagnostics(diagnostics);
    assert.equal(ours.length, 1);
    assert.equal(codeValue(ours[0]!), 'KW101');
    assert.equal(ours[0]!.range.start.line, suppressed.beginLine);
    assert.match(
      ours[0]!.message,
      /suppressed by the repository \(\.keywardignore line 2: "e2e demo key, generated at run time"\), not honoured in Restricted Mode/,
    );
    assert.ok(!leaksKeyMaterial(ours[0]!.message, suppressed), 'the message must not contain key material');
    assert.deepEqual(api.getSuppressed(), [], 'nothing is hidden');
  });

  it('keeps reporting it with the file open in the editor (document check)', async () => {
    const suppressed = await readKeyFile(SUPPRESSED);
    await vscode.window.showTextDocument(suppressed.uri);
    const diagnostics = await waitForDiagnostics(
      suppressed.uri,
      (all) => keywardDiagnostics(all).length === 1,
      10_000,
      `the ${SUPPRESSED} diagnostic with the file open`,
    );
    assert.match(keywardDiagnostics(diagnostics)[0]!.message, /not honoured in Restricted Mode/);
    assert.equal(api.getFindings(suppressed.uri).length, 1);
    assertNoGit('after opening the suppressed key file');
  });

  it('checks the opened key file and offers no fix that runs git', async () => {
    await vscode.window.showTextDocument(key.uri);
    await waitForDiagnostics(key.uri, (all) => keywardDiagnostics(all).length === 1, 10_000, `the ${KEY} diagnostic with the file open`);
    const titles = (await codeActionsAt(key.uri, diagnostic.range)).map((a) => a.title);
    assert.ok(
      titles.some((t) => t.includes('.gitignore')),
      `"Add to .gitignore" (no git needed) is offered: ${titles.join(' | ')}`,
    );
    assert.ok(!titles.some((t) => /stop tracking/i.test(t)), `"Stop tracking" would run git: ${titles.join(' | ')}`);
    assertNoGit('after opening the key file and asking for fixes');
  });
});
