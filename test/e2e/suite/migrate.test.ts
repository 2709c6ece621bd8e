// Keyless migration in a real VS Code: a release workflow that signs with a cosign key from repository
// secrets (test/e2e/workspaces/keyed-workflow). Workspace facts read from .git files (the signer identity),
// the "Migrate to keyless signing" quick fix through the refactor preview, source.fixAll.keyward, and
// "Keyward: Migrate Workspace to Keyless Signing" (declined, then applied).
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { KeywardApi } from '../../../src/vscode/extension';
import { codeActionsAt, codeValue, keywardDiagnostics, waitFor, waitForDiagnostics, waitForKeywardActive, workspaceFile } from '../support/host';

const WORKFLOW = '.github/workflows/release.yml';
const VERIFY_KEY = 'scripts/verify-key.sh';
const VERIFY_RELEASE = 'scripts/verify-release.sh';
/** What the release workflow's own pin says (written by hand in the template). */
const IDENTITY = 'https://github.com/keyward-e2e/demo/.github/workflows/release.yml@refs/heads/main';
/** What the fixes infer: the workflow runs only on \`v*\` tag pushes, so its signatures carry refs/tags/v…. */
const INFERRED_IDENTITY_FLAG = "--certificate-identity-regexp='^https://github\\.com/keyward-e2e/demo/\\.github/workflows/release\\.yml@refs/(?:tags/v[^/]*)$'";
const ISSUER = 'https://token.actions.githubusercontent.com';

const WORKFLOW_BEFORE = `name: release
on:
  push:
    tags: ['v*']

jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: sigstore/cosign-installer@v3
      # Sign the pushed image by digest.
      - name: Sign image
        env:
          COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}
          COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}
        run: cosign sign --key env://COSIGN_PRIVATE_KEY "ghcr.io/acme/app@\${DIGEST}"
`;

/** The whole-job migration: the job gets the OIDC token, the key and password env entries go, the command signs keyless. */
const WORKFLOW_MIGRATED = `name: release
on:
  push:
    tags: ['v*']

jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC
    steps:
      - uses: actions/checkout@v4
      - uses: sigstore/cosign-installer@v3
      # Sign the pushed image by digest.
      - name: Sign image
        run: cosign sign --yes "ghcr.io/acme/app@\${DIGEST}"
`;

const VERIFY_KEY_BEFORE = `#!/bin/sh
# Verifies with the old public key.
cosign verify --key cosign.pub "ghcr.io/acme/app@\${DIGEST}"
`;

const VERIFY_KEY_MIGRATED = `#!/bin/sh
# Verifies with the old public key.
cosign verify ${INFERRED_IDENTITY_FLAG} --certificate-oidc-issuer=${ISSUER} "ghcr.io/acme/app@\${DIGEST}"
`;

const VERIFY_RELEASE_FIXED = `#!/bin/sh
# Verifies the release image before deployment.
set -eu
cosign verify \\
  --certificate-identity=${IDENTITY} \\
  --certificate-oidc-issuer=${ISSUER} \\
  "ghcr.io/acme/app@\${DIGEST}"
`;

function disk(relative: string): string {
  return readFileSync(workspaceFile(relative).fsPath, 'utf8');
}

/** The text all fixes of one rule's findings would insert: where a signer identity shows up. */
function fixText(api: KeywardApi, uri: vscode.Uri, ruleId: string): string {
  return api
    .getFindings(uri)
    .filter((f) => f.ruleId === ruleId)
    .flatMap((f) => f.fixes ?? [])
    .flatMap((fix) => fix.edits.map((e) => e.newText))
    .join('\n');
}

const PREVIEW_SCHEME = 'vscode-bulkeditpreview-editor';

/** The refactor preview's model of a file: its text shows the ticked changes applied. */
function previewOf(relative: string): vscode.TextDocument | undefined {
  const target = workspaceFile(relative).path;
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === PREVIEW_SCHEME && d.uri.path === target && !d.isClosed);
}

/**
 * Runs a command whose edit needs confirmation and answers VS Code's refactor preview (no API event: polled).
 * The preview lists such edits UNTICKED; to apply, the test ticks the first file as a user would (Home,
 * Space: `list.focusFirst`, `refactorPreview.toggleCheckedState`) until the preview's model of `expected.path`
 * shows exactly `expected.text`, and only then applies: what is applied is what the preview showed.
 */
async function answerPreview<T>(
  run: () => Thenable<T>,
  answer: { readonly apply: { readonly path: string; readonly text: string } } | 'discard' | 'apply-unticked',
): Promise<T> {
  let settled = false;
  const result = Promise.resolve(run()).finally(() => {
    settled = true;
  });
  const command = async (id: string): Promise<void> => {
    try {
      await vscode.commands.executeCommand(id);
    } catch {
      // The preview is not open yet.
    }
  };
  await waitFor(
    async () => {
      if (settled) return true;
      if (answer === 'discard' || answer === 'apply-unticked') {
        if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === PREVIEW_SCHEME && !d.isClosed))
          await command(answer === 'discard' ? 'refactorPreview.discard' : 'refactorPreview.apply');
        return settled ? true : undefined;
      }
      const preview = previewOf(answer.apply.path);
      if (preview === undefined) return undefined;
      if (preview.getText() === answer.apply.text) {
        await command('refactorPreview.apply');
      } else {
        await command('list.focusFirst');
        await command('refactorPreview.toggleCheckedState');
      }
      return settled ? true : undefined;
    },
    30_000,
    typeof answer === 'string'
      ? `the refactor preview to ${answer === 'discard' ? 'discard' : 'apply as shown'}`
      : `the refactor preview to show ${answer.apply.path} as expected and apply`,
    300,
  );
  return result;
}

describe('keyless migration', () => {
  let api: KeywardApi;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    api = (await waitForKeywardActive(30_000)).exports;
    assert.equal(disk(WORKFLOW), WORKFLOW_BEFORE, 'the template is what the assertions below start from');
  });

  it('fills the signer identity in from .git/config once the origin remote appears (placeholders before), over the tag refs the release workflow runs on', async () => {
    const uri = workspaceFile(VERIFY_KEY);
    await vscode.window.showTextDocument(uri);
    const placeholder = await waitFor(
      () => (fixText(api, uri, 'KW301').includes('<https://github.com/') ? true : undefined),
      30_000,
      'a KW301 fix with a placeholder identity (no git remote yet)',
    );
    assert.equal(placeholder, true);
    // What `git remote add origin …` writes; Keyward reads the file (it never runs git for this).
    appendFileSync(
      workspaceFile('.git/config').fsPath,
      '[remote "origin"]\n\turl = https://github.com/keyward-e2e/demo.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
    );
    await waitFor(
      () => (fixText(api, uri, 'KW301').includes(INFERRED_IDENTITY_FLAG) ? true : undefined),
      30_000,
      `the KW301 fix to require ${INFERRED_IDENTITY_FLAG}`,
    );
    assert.doesNotMatch(fixText(api, uri, 'KW301'), /</, 'no placeholder left');
  });

  it('reports the key-based signing step and migrates the job to keyless in one undoable edit', async () => {
    const uri = workspaceFile(WORKFLOW);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(uri, (all) => keywardDiagnostics(all).some((d) => codeValue(d) === 'KW201'), 30_000, `KW201 on ${WORKFLOW}`);
    const kw201 = keywardDiagnostics(diagnostics).find((d) => codeValue(d) === 'KW201')!;
    assert.equal(kw201.range.start.line, 19, 'on the cosign sign line');
    // One problem, one diagnostic: the environment key (KW204) and the two secrets feeding it (KW404) are related information.
    assert.deepEqual(
      keywardDiagnostics(diagnostics)
        .filter((d) => ['KW201', 'KW204', 'KW404'].includes(codeValue(d) ?? ''))
        .map((d) => codeValue(d)),
      ['KW201'],
    );
    const related = (kw201.relatedInformation ?? [])
      .map((r): [string, number] => [r.message.slice(0, 6), r.location.range.start.line])
      .sort((a, b) => a[1] - b[1]);
    assert.deepEqual(related, [
      ['KW404:', 17],
      ['KW404:', 18],
      ['KW204:', 19],
    ]);

    const actions = await codeActionsAt(uri, kw201.range);
    // A mechanical rewrite (keyless command, token permission, env entries): applied as an undoable edit,
    // no preview. Only fixes that pin a signer identity ask for confirmation.
    const migrate = actions.find((a) => a.title === 'Migrate to keyless signing');
    assert.ok(migrate, `"Migrate to keyless signing" offered; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(migrate.command?.command, 'keyward.applyFix');
    assert.equal(migrate.edit, undefined, 'applied by the command, which checks the document version first');

    await answerPreview(() => vscode.commands.executeCommand(migrate.command!.command, ...(migrate.command!.arguments ?? [])), {
      apply: { path: WORKFLOW, text: WORKFLOW_MIGRATED },
    });
    assert.equal(document.getText(), WORKFLOW_MIGRATED);
    assert.ok(await document.save());
    assert.equal(disk(WORKFLOW), WORKFLOW_MIGRATED);
    await waitForDiagnostics(
      uri,
      (all) => !keywardDiagnostics(all).some((d) => ['KW201', 'KW204'].includes(codeValue(d) ?? '')),
      30_000,
      'KW201 and KW204 gone',
    );
  });

  it('source.fixAll.keyward removes --insecure-ignore-tlog from a script, and only that', async () => {
    const uri = workspaceFile(VERIFY_RELEASE);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(uri, (all) => keywardDiagnostics(all).some((d) => codeValue(d) === 'KW305'), 30_000, `KW305 on ${VERIFY_RELEASE}`);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.keyward');
    const fixAll = actions.filter((a) => a.kind?.value === 'source.fixAll.keyward');
    assert.equal(fixAll.length, 1, `one source.fixAll.keyward action; got: ${actions.map((a) => `${a.title} [${a.kind?.value}]`).join(' | ')}`);
    assert.ok(fixAll[0]!.edit, 'the action carries its edit (codeActionsOnSave applies edits only)');
    assert.ok(await vscode.workspace.applyEdit(fixAll[0]!.edit));
    assert.equal(document.getText(), VERIFY_RELEASE_FIXED);
    assert.ok(await document.save());
    assert.equal(disk(VERIFY_RELEASE), VERIFY_RELEASE_FIXED);
  });

  it('"Fix all auto-fixable Keyward problems in this file" is in the quick-fix menu of a fixable diagnostic', async () => {
    const uri = workspaceFile(VERIFY_RELEASE);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((builder) => builder.insert(new vscode.Position(3, 'cosign verify'.length), ' --insecure-ignore-tlog'));
    const diagnostics = await waitForDiagnostics(
      uri,
      (all) => keywardDiagnostics(all).some((d) => codeValue(d) === 'KW305'),
      30_000,
      'KW305 again after typing the flag',
    );
    const kw305 = keywardDiagnostics(diagnostics).find((d) => codeValue(d) === 'KW305')!;
    const fixAll = (await codeActionsAt(uri, kw305.range)).find((a) => a.title === 'Fix all auto-fixable Keyward problems in this file');
    assert.ok(fixAll?.edit, 'offered with an edit');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(document.getText(), VERIFY_RELEASE_FIXED);
    assert.ok(await document.save());
  });

  it('runs on save with "editor.codeActionsOnSave": { "source.fixAll.keyward": "explicit" }', async () => {
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await editorConfig.update('codeActionsOnSave', { 'source.fixAll.keyward': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const uri = workspaceFile(VERIFY_RELEASE);
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((builder) => builder.insert(new vscode.Position(3, 'cosign verify'.length), ' --insecure-ignore-tlog'));
      await waitForDiagnostics(uri, (all) => keywardDiagnostics(all).some((d) => codeValue(d) === 'KW305'), 30_000, 'KW305 after typing the flag');
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => (!document.isDirty ? true : undefined), 10_000, `${VERIFY_RELEASE} saved`);
      assert.equal(document.getText(), VERIFY_RELEASE_FIXED);
      assert.equal(disk(VERIFY_RELEASE), VERIFY_RELEASE_FIXED);
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('"Keyward: Migrate Workspace to Keyless Signing" changes nothing when the preview is discarded', async () => {
    assert.equal(disk(VERIFY_KEY), VERIFY_KEY_BEFORE);
    const applied = await answerPreview(() => vscode.commands.executeCommand<boolean>('keyward.migrateWorkspace'), 'discard');
    assert.equal(applied, false);
    assert.equal(disk(VERIFY_KEY), VERIFY_KEY_BEFORE);
    const document = await vscode.workspace.openTextDocument(workspaceFile(VERIFY_KEY));
    assert.equal(document.getText(), VERIFY_KEY_BEFORE);
    assert.equal(document.isDirty, false);
  });

  it('"Keyward: Migrate Workspace to Keyless Signing" applied with the identity pin left unticked changes nothing and says so', async () => {
    const applied = await answerPreview(() => vscode.commands.executeCommand<boolean>('keyward.migrateWorkspace'), 'apply-unticked');
    assert.equal(applied, false, 'nothing ticked: reported as not applied');
    assert.equal(disk(VERIFY_KEY), VERIFY_KEY_BEFORE);
    assert.equal((await vscode.workspace.openTextDocument(workspaceFile(VERIFY_KEY))).isDirty, false);
  });

  it('"Keyward: Migrate Workspace to Keyless Signing" applies the identity-based verification across the workspace', async () => {
    const applied = await answerPreview(() => vscode.commands.executeCommand<boolean>('keyward.migrateWorkspace'), {
      apply: { path: VERIFY_KEY, text: VERIFY_KEY_MIGRATED },
    });
    assert.equal(applied, true);
    const document = await vscode.workspace.openTextDocument(workspaceFile(VERIFY_KEY));
    assert.equal(document.getText(), VERIFY_KEY_MIGRATED);
    // A refactoring: VS Code saves the files it touched (files.refactoring.autoSave).
    await waitFor(() => (disk(VERIFY_KEY) === VERIFY_KEY_MIGRATED ? true : undefined), 10_000, `${VERIFY_KEY} saved`);
    assert.equal(disk(WORKFLOW), WORKFLOW_MIGRATED, 'the already migrated workflow is left alone');
    assert.equal(disk(VERIFY_RELEASE), VERIFY_RELEASE_FIXED);
  });
});
