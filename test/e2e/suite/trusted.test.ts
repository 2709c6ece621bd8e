// Trusted workspace with a committed PEM private key (secrets/signing.pem, generated and committed by the
// driver): the diagnostic, the status-bar count, and the "Add to .gitignore" quick fix down to the disk.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { readGitTraces } from '../support/git-trap';
import {
  allKeywardDiagnostics,
  applyCodeAction,
  codeActionsAt,
  codeValue,
  keywardDiagnostics,
  waitFor,
  waitForDiagnostics,
  waitForKeywardActive,
  workspaceFile,
  workspaceRoot,
} from '../support/host';
import { leaksKeyMaterial, readKeyFile, type KeyFile } from '../support/key-file';

const KEY = 'secrets/signing.pem';
const SUPPRESSED = 'fixtures/demo.pem';
const ENTRY = '/secrets/signing.pem';

function entryCount(text: string): number {
  return text.split(/\r?\n/).filter((line) => line.trim() === ENTRY).length;
}

describe('trusted workspace with a committed key', () => {
  let api: KeywardApi;
  let key: KeyFile;
  let diagnostic: vscode.Diagnostic;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, true, 'the trusted scenario must open a trusted window');
    api = (await waitForKeywardActive(30_000)).exports;
    key = await readKeyFile(KEY);
  });

  it('reports the key as KW101, an error, from the BEGIN line to the END line', async () => {
    const diagnostics = await waitForDiagnostics(
      key.uri,
      (all) => keywardDiagnostics(all).some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      30_000,
      `an error from keyward on ${KEY} (workspace scan, file not opened)`,
    );
    const ours = keywardDiagnostics(diagnostics);
    assert.equal(ours.length, 1, 'one key, one diagnostic');
    diagnostic = ours[0]!;
    assert.equal(codeValue(diagnostic), 'KW101');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, key.beginLine);
    assert.equal(diagnostic.range.start.character, 0);
    assert.equal(diagnostic.range.end.line, key.endLine);
    assert.match(diagnostic.message, /committed/i, 'a git-tracked key is reported as committed');
    assert.ok(!leaksKeyMaterial(diagnostic.message, key), 'the message must not contain key material');
  });

  it("links the diagnostic code to the rule documentation shipped in the extension (offline), at the rule's heading", () => {
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code.target instanceof vscode.Uri, 'code has a target URI');
    const extension = vscode.extensions.getExtension('keyward.keyward')!;
    assert.equal(code.target.scheme, extension.extensionUri.scheme, 'no web page: the file inside the extension');
    assert.equal(code.target.path, vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules.md').path);
    const line = Number(/^L(\d+)$/.exec(code.target.fragment)?.[1]) - 1;
    const docs = readFileSync(vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules.md').fsPath, 'utf8').split('\n');
    assert.match(docs[line] ?? '', /^## KW101 /, `the fragment ${code.target.fragment} points at the KW101 heading`);
  });

  it('"Show documentation for KW101" opens that section of the shipped docs/rules.md in an editor', async () => {
    const actions = await codeActionsAt(key.uri, diagnostic.range);
    const show = actions.find((a) => a.title === 'Show documentation for KW101');
    assert.ok(show?.command, `offered; got: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/docs/rules.md') ? vscode.window.activeTextEditor : undefined),
      10_000,
      'docs/rules.md in the active editor',
    );
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^## KW101 /);
  });

  it('"Keyward: Scan Workspace" completes with the count in the status bar', async () => {
    await vscode.commands.executeCommand('keyward.scanWorkspace');
    const findings = api.getFindings();
    assert.equal(findings.length, 1, 'exactly the one generated key is found in the workspace');
    assert.deepEqual(
      allKeywardDiagnostics().map(([uri, ds]) => [vscode.workspace.asRelativePath(uri), ds.length]),
      [[KEY, 1]],
    );
    const status = api.statusBar();
    assert.equal(status.visible, true);
    assert.match(status.text, /Keyward: 1 · 1 suppressed$/, 'the key .keywardignore suppresses is counted, not silently gone');
    assert.match(status.tooltip, /1 finding suppressed \(\.keywardignore: 1\)/);
    assert.match(
      status.tooltip,
      /1 path excluded by settings \(keyward\.exclude, files\.exclude\): not scanned/,
      'what the workspace settings hide is counted',
    );
    assert.ok(!leaksKeyMaterial(status.tooltip, key));
  });

  it('keeps the key suppressed by .keywardignore out of the diagnostics, with its reason', async () => {
    const suppressed = await readKeyFile(SUPPRESSED);
    assert.deepEqual(keywardDiagnostics(vscode.languages.getDiagnostics(suppressed.uri)), [], 'a suppressed key is not a diagnostic in a trusted workspace');
    assert.deepEqual(
      api.getSuppressed(suppressed.uri).map((f) => [f.ruleId, f.suppression?.source, f.suppression?.reason]),
      [['KW101', 'keywardignore', 'e2e demo key, generated at run time']],
    );
  });

  it("asked git which files are committed, without running the repository's fsmonitor program", () => {
    const traces = readGitTraces();
    assert.ok(
      traces.calls.some((call) => call.includes('ls-files')),
      `expected Keyward's git ls-files through the git on PATH; git calls seen: ${traces.calls.length}`,
    );
    assert.equal(traces.fsmonitorRan, false, 'core.fsmonitor from the repository config ran');
  });

  it('offers "Add to .gitignore"; applying it writes one precise entry to .gitignore', async () => {
    const gitignore = workspaceFile('.gitignore');
    const before = readFileSync(gitignore.fsPath, 'utf8');
    assert.equal(entryCount(before), 0);

    const actions = await codeActionsAt(key.uri, diagnostic.range);
    const add = actions.find((a) => a.title.includes('.gitignore'));
    assert.ok(add, `no ".gitignore" action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(add.title.includes(ENTRY), `the action names the entry: ${add.title}`);
    await applyCodeAction(add);

    // The edit lands in the .gitignore buffer; saving it is the user's step (no auto-save in this profile).
    const document = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === gitignore.toString()),
      10_000,
      '.gitignore to be open after the edit',
    );
    assert.equal(entryCount(document.getText()), 1);
    if (document.isDirty) assert.ok(await document.save(), '.gitignore could not be saved');
    const after = readFileSync(gitignore.fsPath, 'utf8');
    assert.equal(entryCount(after), 1, `.gitignore on disk:\n${after}`);
    assert.ok(after.startsWith(before), 'existing entries are kept, the new one appended');
  });

  it('applying "Add to .gitignore" again leaves exactly one entry', async () => {
    const gitignore = workspaceFile('.gitignore');
    // The committed key is still reported (ignoring a committed file does not remove it from the repository).
    const diagnostics = await waitForDiagnostics(key.uri, (all) => keywardDiagnostics(all).length === 1, 10_000, `the ${KEY} diagnostic after the fix`);
    const actions = await codeActionsAt(key.uri, keywardDiagnostics(diagnostics)[0]!.range);
    const again = actions.find((a) => a.title.includes('.gitignore'));
    if (again) {
      await applyCodeAction(again);
      await vscode.workspace.save(gitignore);
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === gitignore.toString());
    if (document) assert.equal(entryCount(document.getText()), 1, 'the buffer has one entry');
    assert.equal(entryCount(readFileSync(gitignore.fsPath, 'utf8')), 1, '.gitignore on disk has one entry');
  });

  it('after the key is untracked (git rm --cached) it is still reported: removal staged, still in HEAD, rotate it', async () => {
    // What "Stop tracking this file" runs (its confirmation is a modal dialog a test cannot answer; the
    // git call itself is unit-tested in git-hardening.test.ts). The key is now ignored and untracked, and
    // still in HEAD and the history: the finding must stay, with what is left to do.
    const runGit = (...args: string[]) => execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: workspaceRoot().fsPath, stdio: 'ignore' });
    runGit('rm', '--cached', '-q', '--', KEY);
    try {
      const diagnostics = await waitForDiagnostics(
        key.uri,
        (all) => keywardDiagnostics(all).some((d) => /removal staged/.test(d.message)),
        20_000,
        `the ${KEY} diagnostic to say its removal is staged`,
      );
      const [untracked] = keywardDiagnostics(diagnostics);
      assert.ok(untracked);
      assert.equal(untracked.severity, vscode.DiagnosticSeverity.Error, 'the key is still published: still an error');
      assert.match(untracked.message, /removal staged; still in HEAD and history: rotate the key/);
      const titles = (await codeActionsAt(key.uri, untracked.range)).map((a) => a.title);
      assert.ok(
        titles.some((t) => /rotate the key/i.test(t)),
        `the next step is offered: ${titles.join(' | ')}`,
      );
      assert.ok(!titles.some((t) => /stop tracking/i.test(t)), `git no longer tracks the file: ${titles.join(' | ')}`);
    } finally {
      // Later suites share this workspace: track the key again.
      runGit('reset', '-q', '--', KEY);
    }
    await waitForDiagnostics(
      key.uri,
      (all) => keywardDiagnostics(all).some((d) => /\(committed\)$/.test(d.message)),
      20_000,
      `the ${KEY} diagnostic to say committed again`,
    );
  });
});
