// "Keyward: Verify Sigstore Bundle…" in the real VS Code: the palette command on the public sample bundle
// (verified), on a tampered artifact (fails, naming the check), without a policy (never "verified"),
// "Trust this signer" saving a policy that the next verification uses, the CodeLens on a bundle file, and
// the one-line errors. The sample is copied from demo/sample-bundle/ at run time.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { waitFor, waitForKeywardActive, workspaceFile, workspaceRoot } from '../support/host';
import { placeSample as place, readSample, SAMPLE_BUNDLE as BUNDLE, SAMPLE_IDENTITY as IDENTITY, SAMPLE_ISSUER as ISSUER } from '../support/sample-bundle';

function verifierInRequireCache(): boolean {
  return Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}dist${path.sep}verify.js`));
}

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
}

/** The tab model reaches the extension host after the workbench has opened the panel: wait for it. */
async function waitForResultTab(prefix: string): Promise<vscode.Tab> {
  return waitFor(
    () => webviewTabs().find((tab) => tab.label.startsWith(prefix)),
    10_000,
    `a result view tab "${prefix}…" (webview tabs: ${
      webviewTabs()
        .map((t) => t.label)
        .join(', ') || 'none'
    })`,
  );
}

describe('verify Sigstore bundles', () => {
  let api: KeywardApi;

  before(async () => {
    const extension = await waitForKeywardActive(30_000);
    api = extension.exports;
    const { artifact, bundle } = readSample(extension);
    const tampered = Buffer.from(artifact);
    tampered[0] = (tampered[0] ?? 0) ^ 0x20;
    place('release', artifact, bundle);
    place('tampered', tampered, bundle);
    place('broken', artifact, '{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.3", ');
    place('orphan', undefined, bundle);
    mkdirSync(workspaceFile('other').fsPath, { recursive: true });
    writeFileSync(workspaceFile('other/a.txt').fsPath, artifact);
  });

  it('has not loaded the verifier bundle before the first verification', () => {
    assert.equal(verifierInRequireCache(), false, 'dist/verify.js was loaded at activation');
  });

  it('shows what an opened bundle claims in a CodeLens, still without loading the verifier', async () => {
    // The CodeLens command needs the document's model, as when the user opens the file.
    const document = await vscode.workspace.openTextDocument(workspaceFile(`release/${BUNDLE}`));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('(unverified)') && t.includes(IDENTITY)),
      `lenses: ${titles.join(' | ')}`,
    );
    assert.ok(
      titles.some((t) => t.includes(`issuer ${ISSUER}`)),
      `lenses: ${titles.join(' | ')}`,
    );
    assert.ok(
      titles.some((t) => t.includes('log index 79571823') && t.includes('2024-03-19T17:26:26')),
      `lenses: ${titles.join(' | ')}`,
    );
    assert.ok(
      lenses.some((lens) => lens.command?.command === 'keyward.verifyBundle'),
      'a "Verify…" lens runs the command',
    );
    assert.equal(verifierInRequireCache(), false);
  });

  it('verifies the sample artifact with the bundle found next to it, and shows "Verified"', async () => {
    const started = performance.now();
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), { identity: IDENTITY, issuer: ISSUER });
    // A measurement for the report, not an assertion: the first verification of the session, verifier load included.
    console.log(
      `[keyward-e2e] measurement: first verification in the editor (load dist/verify.js, verify, result view) took ${(performance.now() - started).toFixed(0)} ms`,
    );
    assert.equal(status, 'verified');
    assert.equal(verifierInRequireCache(), true, 'the verifier is loaded when a verification runs');
    const last = api.lastVerification();
    assert.ok(last !== undefined);
    assert.equal(last.bundlePath, workspaceFile(`release/${BUNDLE}`).fsPath);
    assert.match(last.html, /<h1 class="status verified">Verified<\/h1>/);
    assert.ok(last.html.includes(IDENTITY), 'the signer is shown');
    assert.match(last.html, /GitHub Actions claims/);
    assert.match(last.html, /79571823/, 'the log entry is shown');
    assert.doesNotMatch(last.html, /<script/i);
    await waitForResultTab('Verified: a.txt');
  });

  it('fails on a tampered artifact and names the failing check in the view', async () => {
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('tampered/a.txt'), { identity: IDENTITY, issuer: ISSUER });
    assert.equal(status, 'failed');
    const last = api.lastVerification();
    assert.ok(last?.result.failure !== undefined);
    const failing = last.result.checks.find((check) => check.id === last.result.failure?.check);
    assert.ok(failing !== undefined && ['artifact', 'signature'].includes(failing.id), `failing check: ${failing?.id}`);
    assert.ok(last.html.includes(`Failed check: ${failing.title}`), 'the view names the failing check');
    assert.match(last.html, /What it means:/);
    assert.doesNotMatch(last.html, />Verified</);
    await waitForResultTab('Verification failed: a.txt');
  });

  it('from the bundle file, without a policy: "signature valid, signer NOT checked", never verified', async () => {
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile(`release/${BUNDLE}`), {});
    assert.equal(status, 'signature-valid-signer-not-checked');
    const last = api.lastVerification();
    assert.equal(last?.artifactPath, workspaceFile('release/a.txt').fsPath, 'the artifact is found by stripping the suffix');
    assert.match(last.html, /Signature valid, signer NOT checked/);
    assert.doesNotMatch(last.html, />Verified</);
    assert.match(last.html, /href="command:keyward.trustSigner"/, 'offers to trust the signer');
  });

  it('"Trust this signer" saves a policy to the workspace settings, and the next verification uses it', async () => {
    await vscode.commands.executeCommand('keyward.trustSigner', { artifacts: 'release/**' });
    const saved = vscode.workspace.getConfiguration('keyward.verify', workspaceFile('release/a.txt')).inspect<unknown[]>('policies');
    assert.deepEqual(saved?.workspaceFolderValue ?? saved?.workspaceValue, [{ artifacts: 'release/**', identity: IDENTITY, issuer: ISSUER }]);

    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), {});
    assert.equal(status, 'verified');
    assert.equal(api.lastVerification()?.policySource, 'settings');

    // Outside the saved glob the same bundle is not verified.
    const elsewhere = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('other/a.txt'), {
      bundle: workspaceFile(`release/${BUNDLE}`),
    });
    assert.equal(elsewhere, 'signature-valid-signer-not-checked');
  });

  it('reports a malformed bundle as a failed bundle-format check, and a missing artifact as an error', async () => {
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('broken/a.txt'), { identity: IDENTITY, issuer: ISSUER });
    assert.equal(status, 'failed');
    assert.equal(api.lastVerification()?.result.failure?.check, 'bundle-format');
    const before = api.lastVerification();
    const orphan = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile(`orphan/${BUNDLE}`), { identity: IDENTITY, issuer: ISSUER });
    assert.equal(orphan, undefined, 'no artifact next to the bundle: an error message, no result');
    assert.equal(api.lastVerification(), before);
  });

  it('a missing or malformed keyward.verify.trustedRoot is an error, not a verification with another root', async () => {
    const config = vscode.workspace.getConfiguration('keyward.verify', workspaceRoot());
    const before = api.lastVerification();
    try {
      await config.update('trustedRoot', 'roots/missing.json', vscode.ConfigurationTarget.WorkspaceFolder);
      assert.equal(
        await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), { identity: IDENTITY, issuer: ISSUER }),
        undefined,
      );
      mkdirSync(workspaceFile('roots').fsPath, { recursive: true });
      writeFileSync(workspaceFile('roots/broken.json').fsPath, '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", ');
      await config.update('trustedRoot', 'roots/broken.json', vscode.ConfigurationTarget.WorkspaceFolder);
      assert.equal(
        await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), { identity: IDENTITY, issuer: ISSUER }),
        undefined,
      );
      assert.equal(api.lastVerification(), before, 'no result from a verification that could not run');
    } finally {
      await config.update('trustedRoot', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });
});
