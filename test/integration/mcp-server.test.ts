/**
 * `keyward mcp`: the built CLI (fresh bundles) serves the agent tools over MCP on stdio, driven by the
 * official SDK client. Every server runs with the no-network preload (test/helpers/no-network.cjs): the
 * tools must answer correctly while any network attempt throws, and the attempt log must stay empty.
 * Answers must never contain key material.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TOOLS } from '../../src/engine/agent/tool-specs';
import { ruleById } from '../../src/engine/rules/registry';
import { assertNoSecretLeak, generatePemKey } from '../helpers/keys';
import { GITHUB_ISSUER } from '../helpers/sigstore-fixtures';
import { buildCliBundles, REPO_ROOT } from '../helpers/verify-cli-build';

const PRELOAD = join(REPO_ROOT, 'test', 'helpers', 'no-network.cjs');
const SAMPLE = join(REPO_ROOT, 'demo', 'sample-bundle');
const SAMPLE_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const dir = mkdtempSync(join(tmpdir(), 'keyward-mcp-'));
const networkLog = join(dir, 'network-attempts.log');
const clients: Client[] = [];

after(async () => {
  for (const client of clients) await client.close();
});

async function connect(root: string, extra: readonly string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--require', PRELOAD, join(buildCliBundles(), 'cli.js'), 'mcp', '--root', root, ...extra],
    env: { PATH: process.env['PATH'] ?? '', KEYWARD_NETWORK_LOG: networkLog },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'keyward-test', version: '0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; json: Record<string, unknown>; isError: boolean }> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  assert.equal(content.length, 1);
  assert.equal(content[0]?.type, 'text');
  const text = content[0]?.text ?? '';
  return { text, json: JSON.parse(text) as Record<string, unknown>, isError: result.isError === true };
}

function networkAttempts(): string[] {
  return existsSync(networkLog) ? readFileSync(networkLog, 'utf8').split('\n').filter(Boolean) : [];
}

function workspaceWithKey(): { root: string; key: string } {
  const root = mkdtempSync(join(dir, 'ws-'));
  const key = generatePemKey('ec-pkcs8').text;
  mkdirSync(join(root, 'keys'));
  writeFileSync(join(root, 'keys', 'release.pem'), key);
  writeFileSync(join(root, 'README.md'), 'nothing to see\n');
  return { root, key };
}

test('lists the three tools with the input schemas of engine/agent/tool-specs.ts', async () => {
  const client = await connect(workspaceWithKey().root);
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), AGENT_TOOLS.map((t) => t.name).sort());
  for (const spec of AGENT_TOOLS) {
    const listed = tools.find((t) => t.name === spec.name);
    assert.ok(listed, spec.name);
    assert.equal(listed.description, spec.description);
    assert.equal(listed.annotations?.readOnlyHint, true, `${spec.name} is read-only`);
    const properties = listed.inputSchema.properties as Record<string, { type?: string; enum?: string[]; description?: string }>;
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(spec.inputSchema.properties).sort(), spec.name);
    for (const [name, property] of Object.entries(spec.inputSchema.properties)) {
      assert.equal(properties[name]?.type, property['type'], `${spec.name}.${name} type`);
      assert.equal(properties[name]?.description, property['description'], `${spec.name}.${name} description`);
      assert.deepEqual(properties[name]?.enum, property['enum'], `${spec.name}.${name} enum`);
    }
    assert.deepEqual([...(listed.inputSchema.required ?? [])].sort(), [...(spec.inputSchema.required ?? [])].sort(), `${spec.name} required`);
  }
});

test('keyward_scan finds a generated key, offline, and its answer holds no key material', async () => {
  const { root, key } = workspaceWithKey();
  const client = await connect(root);
  for (const path of [undefined, 'keys', 'keys/release.pem']) {
    const answer = await call(client, 'keyward_scan', path === undefined ? {} : { path });
    assert.equal(answer.isError, false, answer.text.slice(0, 200));
    const findings = answer.json['findings'] as Array<{ ruleId: string; path: string; line: number; message: string }>;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.path, f.line]),
      [['KW101', 'keys/release.pem', 1]],
      `scan of ${path ?? 'the root'}`,
    );
    assert.match(findings[0]?.message ?? '', /private key/i);
    assertNoSecretLeak(answer.text, key);
    assert.doesNotMatch(answer.text, /-----BEGIN/);
  }
  assert.deepEqual(networkAttempts(), []);
});

test('keyward_scan refuses paths outside the root, also through a symlink', async () => {
  const { root } = workspaceWithKey();
  const outside = workspaceWithKey();
  symlinkSync(outside.root, join(root, 'elsewhere'));
  const client = await connect(root);
  for (const path of ['../', outside.root, 'elsewhere', 'elsewhere/keys/release.pem']) {
    const answer = await call(client, 'keyward_scan', { path });
    assert.equal(answer.isError, true, path);
    assert.match(String(answer.json['error']), /outside the workspace/, path);
    assertNoSecretLeak(answer.text, outside.key);
  }
});

test('keyward_scan target staged: the staged key in a trusted repository; refused with --untrusted, where git never runs', async () => {
  const { root, key } = workspaceWithKey();
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '--quiet');
  git('add', 'keys/release.pem');
  const trusted = await call(await connect(root), 'keyward_scan', { target: 'staged' });
  assert.equal(trusted.isError, false, trusted.text.slice(0, 200));
  assert.deepEqual(
    (trusted.json['findings'] as Array<{ ruleId: string; path: string }>).map((f) => [f.ruleId, f.path]),
    [['KW101', 'keys/release.pem']],
  );
  assertNoSecretLeak(trusted.text, key);

  // A hostile repository: git would run this program (core.fsmonitor) on any status-like command.
  const marker = join(dir, `fsmonitor-ran-${Date.now()}`);
  const program = join(root, 'monitor.sh');
  writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\n`);
  chmodSync(program, 0o755);
  git('config', 'core.fsmonitor', program);
  const client = await connect(root, ['--untrusted']);
  const refused = await call(client, 'keyward_scan', { target: 'staged' });
  assert.equal(refused.isError, true);
  assert.match(String(refused.json['error']), /untrusted|Restricted Mode/);
  const scanned = await call(client, 'keyward_scan', {});
  assert.equal(scanned.isError, false);
  assert.equal((scanned.json['findings'] as Array<{ committed: unknown }>)[0]?.committed, null, 'untrusted: git state unknown');
  assert.equal(existsSync(marker), false, 'git ran in an untrusted workspace');
});

test('keyward_explain KW201: the registry meta, with its declared fixes; unknown ids are errors', async () => {
  const client = await connect(workspaceWithKey().root);
  const answer = await call(client, 'keyward_explain', { rule: 'kw201' });
  const meta = ruleById('KW201')?.meta;
  assert.ok(meta);
  const rule = answer.json['rule'] as { id: string; summary: string; docs: string; fixes: Array<{ kind: string; label: string }> };
  assert.equal(rule.id, 'KW201');
  assert.equal(rule.summary, meta.summary);
  assert.equal(rule.docs, meta.docs);
  assert.deepEqual(
    rule.fixes.map((f) => [f.kind, f.label]),
    meta.fixes.map((f) => [f.kind, f.label]),
  );
  assert.ok(rule.fixes.length > 0);
  const unknown = await call(client, 'keyward_explain', { rule: 'KW999' });
  assert.equal(unknown.isError, true);
  assert.ok((unknown.json['knownRules'] as string[]).includes('KW101'));
});

test('keyward_verify_bundle verifies the demo sample bundle offline; a wrong signer is not verified', async () => {
  const client = await connect(workspaceWithKey().root);
  const args = { bundle: join(SAMPLE, 'a.txt.sigstore.json'), artifact: join(SAMPLE, 'a.txt'), identity: SAMPLE_IDENTITY, issuer: GITHUB_ISSUER };
  const good = await call(client, 'keyward_verify_bundle', args);
  assert.equal(good.isError, false, good.text.slice(0, 300));
  assert.equal(good.json['verified'], true);
  assert.equal((good.json['result'] as { status: string }).status, 'verified');
  const wrong = await call(client, 'keyward_verify_bundle', {
    ...args,
    identity: 'https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main',
  });
  assert.equal(wrong.json['verified'], false);
  const noPolicy = await call(client, 'keyward_verify_bundle', { bundle: args.bundle, artifact: args.artifact });
  assert.equal(noPolicy.isError, true);
  assert.match(String(noPolicy.json['error']), /expected signer/);
  assert.deepEqual(networkAttempts(), []);
});

test('arguments that do not fit the schema are tool errors, not crashes: unknown, non-string, bad enum, missing', async () => {
  const client = await connect(workspaceWithKey().root);
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['keyward_scan', { path: 'keys', extra: 'x' }, /unknown argument "extra"/],
    ['keyward_scan', { path: 42 }, /"path" must be a string/],
    ['keyward_scan', { target: 'history' }, /"target" must be one of path, staged/],
    ['keyward_explain', {}, /missing argument: rule/],
    ['keyward_nope', {}, /no tool "keyward_nope"/],
  ];
  for (const [name, args, error] of cases) {
    const answer = await call(client, name, args);
    assert.equal(answer.isError, true, `${name} ${JSON.stringify(args)}`);
    assert.match(String(answer.json['error']), error);
  }
  // The server is still serving.
  assert.equal((await call(client, 'keyward_explain', { rule: 'KW101' })).isError, false);
});
