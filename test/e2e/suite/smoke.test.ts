// Runs in every scenario: Keyward is installed in the window and activates through its own activation
// events (the test never calls activate()).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitForKeywardActive } from '../support/host';

describe('smoke', () => {
  it(`${EXTENSION_ID} is present and activates by itself`, async () => {
    const extension = await waitForKeywardActive(30_000);
    assert.equal(extension.packageJSON.name, 'keyward');
    assert.equal(extension.isActive, true);
  });

  it('contributes its commands', async () => {
    await waitForKeywardActive(30_000);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['keyward.scanWorkspace', 'keyward.showOutput']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });

  it('contributes a walkthrough whose steps run registered commands and ship their media', async () => {
    const extension = await waitForKeywardActive(30_000);
    const commands = await vscode.commands.getCommands(true);
    const walkthroughs = extension.packageJSON.contributes.walkthroughs as Array<{
      id: string;
      steps: Array<{ id: string; media: { markdown?: string }; completionEvents: string[] }>;
    }>;
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0]?.steps ?? [];
    assert.deepEqual(
      steps.map((step) => step.id),
      ['findings', 'migrate', 'verify'],
    );
    for (const step of steps) {
      // The .vsix must carry the media (.vscodeignore is an allowlist).
      assert.ok(
        step.media.markdown && existsSync(path.join(extension.extensionPath, step.media.markdown)),
        `${step.id}: ${step.media.markdown} is not in the installed extension`,
      );
      const onCommand = step.completionEvents.filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
      assert.ok(onCommand.length > 0, `${step.id} completes on a command`);
      for (const id of onCommand) assert.ok(commands.includes(id), `${step.id}: ${id} is not registered`);
    }
  });

  it('typing "cosign" or "Sigstore" in the command palette finds the scan, migration and verification commands', async () => {
    const extension = await waitForKeywardActive(30_000);
    const registered = await vscode.commands.getCommands(true);
    const declared = extension.packageJSON.contributes.commands as Array<{ command: string; title: string; category: string }>;
    // The palette matches the category and the title.
    const matching = (word: string) => declared.filter((c) => `${c.category}: ${c.title}`.toLowerCase().includes(word)).map((c) => c.command);
    for (const word of ['cosign', 'sigstore']) {
      for (const id of ['keyward.migrateWorkspace', 'keyward.verifyBundle']) assert.ok(matching(word).includes(id), `"${word}" does not find ${id}`);
      for (const id of matching(word)) assert.ok(registered.includes(id), `${id} is not registered`);
    }
    assert.ok(matching('cosign').includes('keyward.scanWorkspace'));
  });
});
