// The language-model tools in the real editor, called the way an agent's host calls them: listed in
// vscode.lm.tools with the package.json schemas, and run through vscode.lm.invokeTool (outside a chat
// request: no tool invocation token). Runs in the trusted and the Restricted Mode scenario; in Restricted
// Mode the scan must not start git (the scenario's git trap) and the staged scan is refused.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readGitTraces } from '../support/git-trap';
import { silentLogger } from '../../../src/engine/types';
import { agentTools } from '../../../src/vscode/agent-tools';
import { waitForKeywardActive, workspaceFile } from '../support/host';
import { leaksKeyMaterial, readKeyFile, type KeyFile } from '../support/key-file';
import { placeSample, readSample, SAMPLE_BUNDLE, SAMPLE_IDENTITY, SAMPLE_ISSUER } from '../support/sample-bundle';

const KEY = 'secrets/signing.pem';
const TOOLS = ['keyward_scan', 'keyward_explain', 'keyward_verify_bundle'];

async function invoke(name: string, input: object): Promise<{ text: string; json: Record<string, unknown> }> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
  assert.equal(result.content.length, 1, `${name}: one part`);
  const part = result.content[0];
  assert.ok(part instanceof vscode.LanguageModelTextPart, `${name}: a text part`);
  return { text: part.value, json: JSON.parse(part.value) as Record<string, unknown> };
}

describe('language-model tools', () => {
  let key: KeyFile;
  let extension: vscode.Extension<unknown>;

  before(async () => {
    extension = await waitForKeywardActive(30_000);
    key = await readKeyFile(KEY);
  });

  it('lists the three tools in vscode.lm.tools with the input schemas of package.json', () => {
    const declared = (extension.packageJSON as { contributes: { languageModelTools: Array<{ name: string; inputSchema: object }> } }).contributes
      .languageModelTools;
    for (const name of TOOLS) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is not in vscode.lm.tools (${vscode.lm.tools.map((t) => t.name).join(', ')})`);
      assert.deepEqual(tool.inputSchema, declared.find((t) => t.name === name)?.inputSchema, name);
      assert.ok(tool.description.length > 40, `${name} has a model description`);
    }
  });

  it('keyward_scan through vscode.lm.invokeTool finds the committed key, without key material', async () => {
    const { text, json } = await invoke('keyward_scan', { path: 'secrets' });
    assert.equal(json['ok'], true, text.slice(0, 200));
    const findings = json['findings'] as Array<{ ruleId: string; path: string; line: number; committed: boolean | null }>;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.path, f.line]),
      [['KW101', KEY, key.beginLine + 1]],
    );
    assert.equal(findings[0]?.committed, vscode.workspace.isTrusted ? true : null, 'committed is known only where git may run');
    assert.equal(json['trusted'], vscode.workspace.isTrusted);
    assert.ok(!leaksKeyMaterial(text, key), 'the answer must not contain key material');
    assert.doesNotMatch(text, /-----BEGIN/);
  });

  it('keyward_scan of the staged changes: allowed when trusted, refused in Restricted Mode, and git never starts there', async () => {
    const { json } = await invoke('keyward_scan', { target: 'staged' });
    if (vscode.workspace.isTrusted) {
      assert.equal(json['ok'], true, String(json['error']));
      assert.equal(json['target'], 'staged');
    } else {
      assert.equal(json['ok'], false);
      assert.match(String(json['error']), /Restricted Mode/);
      const traces = readGitTraces();
      assert.deepEqual(traces.calls, [], 'git was started by the agent tools');
      assert.equal(traces.fsmonitorRan, false, "the repository's core.fsmonitor program ran");
    }
  });

  it('keyward_scan refuses a path outside the workspace', async () => {
    const { json } = await invoke('keyward_scan', { path: '../' });
    assert.equal(json['ok'], false);
    assert.match(String(json['error']), /outside the workspace/);
  });

  it('keyward_explain KW201 answers from the rule registry, with the fixes', async () => {
    const { json } = await invoke('keyward_explain', { rule: 'KW201' });
    const rule = json['rule'] as { id: string; summary: string; fixes: unknown[] };
    assert.equal(rule.id, 'KW201');
    assert.match(rule.summary, /--key/);
    assert.ok(rule.fixes.length > 0);
  });

  it('keyward_verify_bundle verifies the public sample bundle offline', async () => {
    const sample = readSample(extension);
    placeSample('agent-sample', sample.artifact, sample.bundle);
    const { json } = await invoke('keyward_verify_bundle', {
      bundle: `agent-sample/${SAMPLE_BUNDLE}`,
      artifact: 'agent-sample/a.txt',
      identity: SAMPLE_IDENTITY,
      issuer: SAMPLE_ISSUER,
    });
    assert.equal(json['ok'], true, String(json['error']));
    assert.equal(json['verified'], true);
    assert.equal((json['result'] as { artifact: { path: string } }).artifact.path, workspaceFile('agent-sample/a.txt').fsPath);
  });

  it('asks for no confirmation: prepareInvocation of every tool (all read-only) returns no confirmationMessages', async () => {
    const tools = agentTools(extension.extensionPath, silentLogger);
    const inputs = {
      keyward_scan: [{}, { path: KEY }, { target: 'staged' as const }],
      keyward_explain: [{ rule: 'KW101' }],
      keyward_verify_bundle: [{ bundle: SAMPLE_BUNDLE }],
    };
    assert.deepEqual(Object.keys(tools).sort(), [...TOOLS].sort());
    for (const [name, list] of Object.entries(inputs)) {
      for (const input of list) {
        const tool = tools[name as keyof typeof tools] as vscode.LanguageModelTool<object>;
        const prepared = await tool.prepareInvocation?.({ input }, new vscode.CancellationTokenSource().token);
        assert.ok(prepared, `${name} prepares its invocation`);
        assert.equal(prepared.confirmationMessages, undefined, `${name} must not ask for confirmation`);
        assert.match(String(prepared.invocationMessage), /^Keyward: /);
      }
    }
  });
});
