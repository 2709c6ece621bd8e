/**
 * The agent tools' engine side (src/engine/agent), shared by the VS Code language-model tools and
 * `keyward mcp`: the package.json contribution matches the specs, answers never carry key material (and
 * the last-line gate withholds one that would), and argument mistakes are answers, not crashes.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { containsKeyMaterial, explainRule, runAgentScan, runAgentVerify, secretFreeJson } from '../../../../src/engine/agent';
import { AGENT_TOOLS } from '../../../../src/engine/agent/tool-specs';
import * as verifier from '../../../../src/engine/verify';
import { asJsonString, asKubernetesSecret, assertNoSecretLeak, generateCosignKey, generateOpenSshKey, generatePemKey } from '../../../helpers/keys';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

test("package.json contributes exactly the agent tools, with the specs' descriptions and input schemas", () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: {
      languageModelTools: Array<{ name: string; modelDescription: string; displayName: string; inputSchema: unknown; toolReferenceName: string }>;
    };
  };
  const contributed = manifest.contributes.languageModelTools;
  assert.deepEqual(
    contributed.map((t) => t.name),
    AGENT_TOOLS.map((t) => t.name),
  );
  for (const spec of AGENT_TOOLS) {
    const tool = contributed.find((t) => t.name === spec.name);
    assert.equal(tool?.modelDescription, spec.description, spec.name);
    assert.equal(tool?.displayName, spec.displayName, spec.name);
    assert.deepEqual(tool?.inputSchema, JSON.parse(JSON.stringify(spec.inputSchema)), spec.name);
    assert.match(tool?.toolReferenceName ?? '', /^[a-zA-Z]+$/);
  }
});

test('secretFreeJson withholds an answer that holds a private key, raw or JSON-escaped', () => {
  const pem = generatePemKey('rsa-pkcs8').text;
  for (const value of [{ message: pem }, { nested: [{ text: pem.replace(/\n/g, '\r\n') }] }, { text: generateOpenSshKey().text }]) {
    assert.equal(containsKeyMaterial(JSON.stringify(value, null, 2)), true);
    const answer = secretFreeJson(value);
    assert.deepEqual(Object.keys(JSON.parse(answer) as object).sort(), ['error', 'ok']);
    assertNoSecretLeak(answer, pem);
  }
  assert.equal(secretFreeJson({ ok: true, findings: [] }), JSON.stringify({ ok: true, findings: [] }, null, 2));
});

test('runAgentScan over many key carriers: every key found, the answer passes the gate and leaks no key bytes', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyward-agent-scan-'));
  const keys = {
    'a/release.pem': generatePemKey('ec-pkcs8').text,
    'a/legacy.key': generatePemKey('rsa-pkcs1').text,
    'cosign.key': generateCosignKey().text,
    'deploy/id_ed25519': generateOpenSshKey().text,
  };
  for (const [path, text] of Object.entries(keys)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const sa = generatePemKey('rsa-pkcs8').text;
  writeFileSync(join(root, 'sa.json'), `{"type": "service_account", "private_key": ${asJsonString(sa)}}\n`);
  const k8s = generatePemKey('ec-sec1').text;
  writeFileSync(join(root, 'secret.yaml'), asKubernetesSecret('signing', 'tls.key', k8s));
  const report = await runAgentScan({}, { root, trusted: false });
  assert.equal(report.ok, true);
  if (!report.ok) return;
  assert.deepEqual([...new Set(report.findings.map((f) => f.path))].sort(), [...Object.keys(keys), 'sa.json', 'secret.yaml'].sort());
  const answer = secretFreeJson(report);
  assert.equal(JSON.parse(answer).ok, true, 'the gate must not withhold an honest scan report');
  for (const text of [...Object.values(keys), sa, k8s]) assertNoSecretLeak(answer, text);
});

test('runAgentScan and runAgentVerify answer argument mistakes with errors', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyward-agent-args-'));
  const missing = await runAgentScan({ path: 'nope' }, { root, trusted: true });
  assert.equal(missing.ok, false);
  const staged = await runAgentScan({ target: 'staged' }, { root, trusted: false });
  assert.equal(staged.ok, false);
  const bundle = join(REPO_ROOT, 'demo', 'sample-bundle', 'a.txt.sigstore.json');
  const cases: Array<[Parameters<typeof runAgentVerify>[0], RegExp]> = [
    [{ bundle, digest: `sha256:${'0'.repeat(64)}` }, /expected signer/],
    [{ bundle, identity: 'x' }, /go together/],
    [{ bundle, identity: 'x', issuer: 'y', identityRegExp: '^x$', issuerRegExp: '^y$' }, /not both/],
    [{ bundle, identity: 'x', issuer: 'y' }, /either artifact/],
    [{ bundle, identity: 'x', issuer: 'y', digest: 'sha256:12' }, /64 hex/],
    [{ bundle: join(root, 'missing.json'), identity: 'x', issuer: 'y', digest: `sha256:${'0'.repeat(64)}` }, /cannot read/],
  ];
  for (const [input, error] of cases) {
    const answer = runAgentVerify(input, { root, verifier });
    assert.equal(answer.ok, false, JSON.stringify(input));
    if (!answer.ok) assert.match(answer.error, error);
  }
});

test('explainRule finds rules by id in any case and by name', () => {
  for (const query of ['KW101', 'kw101', ' private-key ']) {
    const answer = explainRule(query);
    assert.equal(answer.ok, true, query);
    if (answer.ok) assert.equal(answer.rule.id, 'KW101');
  }
  const unknown = explainRule('x'.repeat(500));
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.ok(unknown.error.length < 80, 'the unknown id is not echoed in full');
});
