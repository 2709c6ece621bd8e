// Runs in every scenario: Keyward is installed in the window and activates through its own activation
// events (the test never calls activate()).
import * as assert from 'node:assert/strict';
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
});
