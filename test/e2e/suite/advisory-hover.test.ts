// The advisory hover in the real VS Code: a go.mod written now (vscode.workspace.fs) pins a cosign v2 with
// advisories and a sigstore-go with none; the hover over each pin, through VS Code's own hover command,
// names the advisories and fixing versions, or says the pin is clean.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForKeywardActive, workspaceFile } from '../support/host';

const GO_MOD = [
  'module example.com/app',
  '',
  'go 1.22',
  '',
  'require (',
  '\tgithub.com/sigstore/cosign/v2 v2.2.0',
  '\tgithub.com/sigstore/sigstore-go v1.2.1',
  ')',
  '',
].join('\n');

/** The hover's markdown as plain text: MarkdownString.appendText writes spaces as &nbsp; and backslash-escapes punctuation. */
function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!~|<>])/g, '$1');
}

describe('advisory hover on Sigstore pins', () => {
  const uri = workspaceFile('go.mod');
  let document: vscode.TextDocument;

  before(async () => {
    await waitForKeywardActive(30_000);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(GO_MOD));
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  async function hoverAt(needle: string): Promise<{ text: string; hovers: vscode.Hover[] }> {
    const offset = document.getText().indexOf(needle);
    assert.ok(offset >= 0, `${needle} is in go.mod`);
    const position = document.positionAt(offset + 2);
    const hovers = ((await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)) as vscode.Hover[] | undefined) ?? [];
    return { text: hoverText(hovers), hovers };
  }

  it('names each advisory of cosign v2.2.0 with its link and fixing version, and where all are fixed', async () => {
    const { text } = await hoverAt('v2.2.0');
    assert.match(text, /github\.com\/sigstore\/cosign\/v2 v2\.2\.0/);
    for (const id of [
      'GHSA-vfp6-jrw2-99g9',
      'GHSA-88jx-383q-w4qc',
      'GHSA-95pr-fxf5-86gv',
      'GHSA-whqx-f9j3-ch6m',
      'GHSA-wfqv-66vq-46rm',
      'GHSA-w6c6-c85g-mmv6',
    ]) {
      assert.ok(text.includes(`[${id}](https://github.com/advisories/${id})`), `${id} is linked (hover: ${text})`);
    }
    assert.match(text, /GHSA-vfp6-jrw2-99g9\S* \(severity not rated\): [^\n]*Fixed in v2\.2\.1\./);
    assert.match(text, /GHSA-88jx-383q-w4qc\S* \(medium\): [^\n]*Fixed in v2\.2\.4\./);
    assert.match(text, /GHSA-wfqv-66vq-46rm\S* \(medium\): [^\n]*No fix on github\.com\/sigstore\/cosign\/v2\./);
    assert.match(text, /github\.com\/sigstore\/cosign\/v3 v3\.0\.6 does/, 'the lowest version fixing all of them (on the v3 path)');
    assert.doesNotMatch(text, /No known advisories/);
  });

  it('says the clean sigstore-go v1.2.1 has no known advisories, with the dataset date', async () => {
    const { text, hovers } = await hoverAt('v1.2.1');
    assert.match(text, /github\.com\/sigstore\/sigstore-go v1\.2\.1/);
    assert.match(text, /No known advisories \(dataset as of \d{4}-\d{2}-\d{2}\)\./);
    assert.doesNotMatch(text, /GHSA-/);
    const ours = hovers.find((h) => h.range !== undefined && h.range.start.line === 6);
    assert.ok(ours?.range, 'the hover spans the pin on line 7');
    assert.equal(document.getText(ours.range), 'v1.2.1');
  });

  it('shows nothing off the pins', async () => {
    const { text } = await hoverAt('module example');
    assert.doesNotMatch(text, /Keyward: Sigstore pin/);
  });
});
