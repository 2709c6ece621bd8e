/**
 * No network: the built CLI scans a workspace and verifies the sample bundle in child processes whose
 * every network entry point (sockets, TLS, DNS, http(s), fetch) throws and records the attempt
 * (test/helpers/no-network.cjs). Results must be correct and the record empty; with --online the one
 * attempt is the trusted-root refresh, which fails with one line.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatePemKey } from '../helpers/keys';
import { GITHUB_ISSUER } from '../helpers/sigstore-fixtures';
import { REPO_ROOT, runCli } from '../helpers/verify-cli-build';

const PRELOAD = join(REPO_ROOT, 'test', 'helpers', 'no-network.cjs');
const dir = mkdtempSync(join(tmpdir(), 'keyward-no-network-'));
const log = join(dir, 'network-attempts.log');

function offline(args: readonly string[], extra: readonly string[] = []): ReturnType<typeof runCli> {
  return runCli(args, { nodeArgs: ['--require', PRELOAD, ...extra], env: { KEYWARD_NETWORK_LOG: log } });
}

function attempts(): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

test('the no-network preload blocks and records sockets, DNS, http(s) and fetch', () => {
  const probes = [
    "require('net').connect(9, '127.0.0.1')",
    "require('tls').connect(443, 'example.invalid')",
    "require('dns').lookup('example.invalid', () => {})",
    "require('http').get('http://127.0.0.1:9/')",
    "require('https').request('https://example.invalid/')",
    "fetch('https://example.invalid/').catch((e) => { console.error(e.message); process.exit(3); })",
  ];
  for (const probe of probes) {
    writeFileSync(log, '');
    const result = offline([], ['-e', probe, '--']);
    assert.notEqual(result.status, 0, `${probe} must fail`);
    assert.equal(attempts().length, 1, `${probe} is recorded`);
  }
});

test('keyward scan (text, json, sarif) works with the network blocked and tries nothing', () => {
  const workspace = join(dir, 'workspace');
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(workspace, 'signing.pem'), generatePemKey('ec-sec1').text);
  writeFileSync(
    join(workspace, '.github', 'workflows', 'release.yml'),
    'jobs:\n  a:\n    steps:\n      - run: cosign verify --insecure-ignore-tlog ghcr.io/acme/app\n',
  );
  writeFileSync(log, '');
  for (const untrusted of [true, false]) {
    const trust = untrusted ? ['--untrusted'] : [];
    const json = offline(['scan', workspace, '--format', 'json', ...trust]);
    assert.equal(json.status, 1, json.stderr);
    const rules = (JSON.parse(json.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(rules, ['KW101', 'KW302', 'KW305']);
    for (const format of ['text', 'sarif']) assert.equal(offline(['scan', workspace, '--format', format, ...trust]).status, 1);
  }
  assert.deepEqual(attempts(), [], 'no network access was attempted');
});

test('keyward verify of the public-good sample bundle works with the network blocked and tries nothing', () => {
  writeFileSync(log, '');
  const sample = join(REPO_ROOT, 'demo', 'sample-bundle');
  const identity =
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
  const args = ['verify', '--bundle', join(sample, 'a.txt.sigstore.json'), '--certificate-identity', identity, '--certificate-oidc-issuer', GITHUB_ISSUER];
  const good = offline([...args, join(sample, 'a.txt')]);
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /^VERIFIED/);
  const other = join(dir, 'other.txt');
  writeFileSync(other, 'not the signed artifact');
  const bad = offline([...args, '--format', 'json', other]);
  assert.equal(bad.status, 1);
  assert.equal((JSON.parse(bad.stdout) as { status: string }).status, 'failed');
  assert.deepEqual(attempts(), [], 'no network access was attempted');
});

test('the shipped CLI with --online against the public-good mirror, network blocked: seeded from the embedded TUF root, one fetch tried, one-line error', () => {
  const log = join(dir, 'tuf-network-attempts.log');
  const cacheDir = join(dir, 'cache-production');
  const sample = join(REPO_ROOT, 'demo', 'sample-bundle');
  const run = runCli(['verify', '--online', '--tuf-cache', cacheDir, '--bundle', join(sample, 'a.txt.sigstore.json'), join(sample, 'a.txt')], {
    nodeArgs: ['--require', join(REPO_ROOT, 'test', 'helpers', 'no-network.cjs')],
    env: { KEYWARD_NETWORK_LOG: log },
  });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    /^keyward: online refresh of the Sigstore trusted root from https:\/\/tuf-repo-cdn\.sigstore\.dev failed: network blocked by the test: fetch; run without --online to verify offline with the embedded trusted root\n$/,
  );
  assert.deepEqual(readFileSync(log, 'utf8').split('\n').filter(Boolean), ['fetch'], 'the refresh is the one network access, tried once');
  // The cache was seeded from the TUF root embedded in Keyward (no --tuf-root given).
  assert.ok(existsSync(join(cacheDir, 'tuf-repo-cdn.sigstore.dev', 'root.json')));
});
