// Restricted Mode: a repository's own .vscode/settings.json must not be able to choose the expected signer
// (keyward.verify.policies) or the trust anchors (keyward.verify.trustedRoot) of a verification, nor make
// Keyward go online (keyward.verify.online).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { waitForKeywardActive, workspaceFile } from '../support/host';
import { placeSample, readSample, SAMPLE_IDENTITY } from '../support/sample-bundle';

describe('verify Sigstore bundles in Restricted Mode', () => {
  let api: KeywardApi;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this scenario must open an untrusted window');
    const extension = await waitForKeywardActive(30_000);
    api = extension.exports;
    const { artifact, bundle } = readSample(extension);
    placeSample('release', artifact, bundle);
  });

  it('the workspace really sets the restricted settings (VS Code hides them from inspect() here)', () => {
    const settings = JSON.parse(readFileSync(workspaceFile('.vscode/settings.json').fsPath, 'utf8')) as Record<string, unknown>;
    assert.equal(settings['keyward.verify.trustedRoot'], 'no-such-trusted-root.json');
    assert.equal(settings['keyward.verify.online'], true);
    assert.ok(Array.isArray(settings['keyward.verify.policies']));
  });

  it('ignores the workspace policy, trusted root and online switch: signature valid, signer NOT checked, embedded root', async () => {
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), {});
    assert.equal(
      status,
      'signature-valid-signer-not-checked',
      'the workspace policy must not make it "verified"; the missing workspace trusted root must not be read',
    );
    const last = api.lastVerification();
    assert.equal(last?.policySource, 'none');
    assert.equal(last.result.trustedRoot, 'production (embedded)', 'no TUF refresh: the repository cannot turn the network on');
    assert.match(last.html, /Signature valid, signer NOT checked/);
  });

  it('an explicit identity still verifies', async () => {
    const status = await vscode.commands.executeCommand('keyward.verifyBundle', workspaceFile('release/a.txt'), {
      identity: SAMPLE_IDENTITY,
      issuer: 'https://token.actions.githubusercontent.com',
    });
    assert.equal(status, 'verified');
  });
});
