// "Keyward: Scan Git History" in the real VS Code: a key committed and then deleted (so no file, no
// diagnostic) shows up in the Keyward tree view's data, grouped by key fingerprint, as "only in history";
// the committed workspace key is found too. The extra commits are made here, with a key generated now.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HistoryScanSummary } from '../../../src/vscode/history-view';
import { waitForKeywardActive, workspaceRoot } from '../support/host';
import { generatePrivateKeyPem } from '../support/keys';

function git(...args: string[]): void {
  // The repository's config arms an fsmonitor trap: never let this test's git run it either.
  execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: workspaceRoot().fsPath,
    stdio: 'ignore',
  });
}

describe('git history view', () => {
  let deletedKey: string;

  before(async () => {
    await waitForKeywardActive(30_000);
    deletedKey = generatePrivateKeyPem('ec-p256-pkcs8');
    mkdirSync(path.join(workspaceRoot().fsPath, 'old'), { recursive: true });
    writeFileSync(path.join(workspaceRoot().fsPath, 'old', 'deleted.pem'), deletedKey);
    git('add', '--', 'old/deleted.pem');
    git('commit', '-q', '-m', 'add a key', '--', 'old/deleted.pem');
    git('rm', '-q', '--', 'old/deleted.pem');
    git('commit', '-q', '-m', 'delete the key', '--', 'old/deleted.pem');
  });

  it('lists the deleted key as only in history, and the committed workspace key', async () => {
    const summary = (await vscode.commands.executeCommand('keyward.scanHistory')) as HistoryScanSummary | undefined;
    assert.ok(summary, 'the command ran (trusted workspace)');
    const deleted = summary.keys.find((k) => k.findings.some((f) => f.path === 'old/deleted.pem'));
    assert.ok(deleted, `the deleted key is listed (keys: ${summary.keys.map((k) => k.findings.map((f) => f.path).join('+')).join(', ')})`);
    assert.match(deleted.fingerprint, /^SHA256:/);
    assert.deepEqual(
      deleted.findings.map((f) => [f.ruleId, f.presentAtHead]),
      [['KW101', false]],
    );
    assert.match(deleted.findings[0]!.commit, /^[0-9a-f]{40}$/);
    assert.ok(
      summary.keys.some((k) => k.findings.some((f) => f.path === 'secrets/signing.pem')),
      'the committed workspace key is in the history too',
    );
    const body = deletedKey.split('\n').slice(1, -2).join('');
    assert.equal(JSON.stringify(summary).includes(body.slice(10, 40)), false, 'no key material in the summary');
  });
});
