import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { runConformance } from '../../src/cli/conformance';
import { artifactArgument, runVerify, type CliIo } from '../../src/cli/verify-command';
import { GITHUB_ISSUER, makeWorld, messageBundle, TEST_IDENTITY, trustedRoot } from '../helpers/sigstore-fixtures';
import { buildCliBundles, REPO_ROOT, runCli } from '../helpers/verify-cli-build';

const dir = mkdtempSync(join(tmpdir(), 'keyward-verify-cli-'));
const world = makeWorld();
const artifact = Buffer.from('cli artifact\n');
const files = {
  artifact: join(dir, 'app.bin'),
  bundle: join(dir, 'app.bin.sigstore.json'),
  root: join(dir, 'trusted_root.json'),
};
writeFileSync(files.artifact, artifact);
writeFileSync(files.bundle, messageBundle(world, { artifact }).json);
writeFileSync(files.root, trustedRoot(world));
const policyArgs = ['--certificate-identity', TEST_IDENTITY, '--certificate-oidc-issuer', GITHUB_ISSUER];

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { cwd: dir, stdout: (t) => (out += t), stderr: (t) => (out += t), stdoutIsTTY: false };
  const code = await runVerify(args, io);
  return { code, out };
}

test('verify: exit 0 and a ✔ per check when the bundle and the policy hold', async () => {
  const { code, out } = await run(['--bundle', files.bundle, ...policyArgs, '--trusted-root', files.root, files.artifact]);
  assert.equal(code, 0, out);
  assert.match(out, /^VERIFIED/);
  assert.equal((out.match(/✔/g) ?? []).length, 10);
  assert.doesNotMatch(out, /\u001b\[/, 'no colour when not a terminal');
});

test('verify: exit 1 with the reason when the artifact changed or the signer differs', async () => {
  const other = join(dir, 'other.bin');
  writeFileSync(other, 'something else');
  const changed = await run(['--bundle', files.bundle, ...policyArgs, '--trusted-root', files.root, other]);
  assert.equal(changed.code, 1);
  assert.match(changed.out, /^FAILED {2}Verification failed: the artifact's sha256 digest differs/);
  assert.match(changed.out, /✖ Artifact matches the bundle/);
  const signer = await run([
    '--bundle',
    files.bundle,
    '--certificate-identity',
    'https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main',
    '--certificate-oidc-issuer',
    GITHUB_ISSUER,
    '--trusted-root',
    files.root,
    files.artifact,
  ]);
  assert.equal(signer.code, 1);
  assert.match(signer.out, /✖ Signer identity/);
});

test('verify: without a policy the result is "signer NOT checked" and the exit code is 1', async () => {
  const { code, out } = await run(['--bundle', files.bundle, '--trusted-root', files.root, files.artifact]);
  assert.equal(code, 1);
  assert.match(out, /^SIGNATURE VALID, SIGNER NOT CHECKED/);
});

test('verify: --format json prints the structured result; a sha256: digest works too', async () => {
  const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
  const { code, out } = await run(['--bundle', files.bundle, ...policyArgs, '--trusted-root', files.root, '--format', 'json', digest]);
  assert.equal(code, 0, out);
  const result = JSON.parse(out);
  assert.equal(result.status, 'verified');
  assert.equal(result.artifact.kind, 'digest');
  assert.equal(result.checks.length, 11);
  assert.equal(result.signer.githubActions.repository, 'https://github.com/acme/app');
});

test('verify: usage mistakes are UsageErrors (exit 2) with a one-line message', async () => {
  const usage: [string[], RegExp][] = [
    [[...policyArgs, files.artifact], /--bundle FILE is required/],
    [['--bundle', files.bundle, ...policyArgs], /give the artifact/],
    [['--bundle', files.bundle, ...policyArgs, 'a', 'b'], /exactly one/],
    [['--bundle', files.bundle, '--certificate-identity', TEST_IDENTITY, files.artifact], /go together/],
    [['--bundle', files.bundle, ...policyArgs, '--key', files.root, files.artifact], /give one policy/],
    [['--bundle', join(dir, 'missing.json'), ...policyArgs, files.artifact], /no such bundle file/],
    [['--bundle', files.bundle, ...policyArgs, '--format', 'sarif', files.artifact], /--format must be text or json/],
    [['--bundle', files.bundle, ...policyArgs, '--trusted-root', files.root, join(dir, 'missing.bin')], /no such artifact file/],
    [['--bundle', files.bundle, '--certificate-identity-regexp', 'acme', '--certificate-oidc-issuer-regexp', '^x$', files.artifact], /must be anchored/],
    [['--bundle', files.bundle, ...policyArgs, '--trusted-root', files.bundle, files.artifact], /trusted root has no Sigstore trusted root media type/],
    [['--bundle', files.bundle, ...policyArgs, '--bogus', files.artifact], /bogus/],
    [['--bundle', files.bundle, ...policyArgs, '--tuf-cache', dir, files.artifact], /--tuf-cache only applies with --online/],
    [['--bundle', files.bundle, ...policyArgs, '--tuf-mirror', 'http://127.0.0.1:9', files.artifact], /--tuf-mirror only applies with --online/],
    [['--bundle', files.bundle, ...policyArgs, '--online', '--trusted-root', files.root, files.artifact], /either --trusted-root FILE or --online/],
    [['--bundle', files.bundle, ...policyArgs, '--online', '--tuf-mirror', 'ftp://mirror', files.artifact], /--tuf-mirror must be an http\(s\) URL/],
    [['--bundle', files.bundle, ...policyArgs, '--online', '--tuf-root', join(dir, 'missing-root.json'), files.artifact], /no such TUF root file/],
    [
      ['--bundle', files.bundle, ...policyArgs, '--online', '--tuf-cache', dir, '--staging', files.artifact],
      /--staging needs --trusted-root FILE, or --online with a staging TUF root/,
    ],
    [
      ['--bundle', files.bundle, ...policyArgs, '--online', '--tuf-cache', dir, '--tuf-mirror', 'http://127.0.0.1:9', files.artifact],
      /no TUF root is embedded for http:\/\/127\.0\.0\.1:9/,
    ],
    [['--bundle', files.bundle, ...policyArgs, '--staging', files.artifact], /--staging needs --trusted-root FILE, or --online with a staging TUF root/],
  ];
  for (const [args, message] of usage) {
    await assert.rejects(
      run(args),
      (error: unknown) => error instanceof UsageError && message.test(error.message) && !error.message.includes('\n'),
      args.join(' '),
    );
  }
});

test('verify and conformance are parsed by their own modules', () => {
  assert.deepEqual(parseCliArgs(['verify', '--bundle', 'b', 'x']), { command: 'verify', argv: ['--bundle', 'b', 'x'] });
  assert.deepEqual(parseCliArgs(['conformance', 'verify-bundle']), { command: 'conformance', argv: ['verify-bundle'] });
  const io: CliIo = { cwd: dir, stdout: () => {}, stderr: () => {}, stdoutIsTTY: false };
  assert.throws(() => runConformance(['sign-bundle'], io), /not supported/);
  assert.throws(() => runConformance(['verify-bundle', '--bundle', files.bundle, files.artifact], io), /needs --certificate-identity/);
});

test('FILE_OR_DIGEST is a digest only for sha256:<64 hex> that is not an existing path', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(artifactArgument(digest, dir), { digest });
  assert.deepEqual(artifactArgument('sha256:abc', dir), { path: join(dir, 'sha256:abc') });
  writeFileSync(join(dir, digest), 'a file with a digest-like name');
  assert.deepEqual(artifactArgument(digest, dir), { path: join(dir, digest) });
});

test('dist: the CLI bundle does not contain the verifier; verify.js does', () => {
  const out = buildCliBundles();
  // The CLI is cli-main.js, loaded by the small launcher cli.js (src/cli/launcher.ts): neither holds the verifier.
  const cli = readFileSync(join(out, 'cli-main.js'), 'utf8') + readFileSync(join(out, 'cli.js'), 'utf8');
  const verify = readFileSync(join(out, 'verify.js'), 'utf8');
  for (const marker of ['tuf-repo-cdn.sigstore.dev', 'hashedrekord', 'inclusion promise could not be verified']) {
    assert.ok(!cli.includes(marker), `cli.js must not bundle the verifier (found "${marker}")`);
    assert.ok(verify.includes(marker), `verify.js should contain "${marker}"`);
  }
  assert.ok(cli.includes('verify.js'), 'cli-main.js loads verify.js at run time');
});

test('the sample bundle verifies through the built CLI with the network blocked', () => {
  const log = join(dir, 'network-attempts.log');
  const preload = join(dir, 'block-network.js');
  writeFileSync(
    preload,
    `// Fails every attempt to reach the network and records it.
const fs = require('fs'), net = require('net'), dns = require('dns'), tls = require('tls');
const blocked = (what) => function () { fs.appendFileSync(${JSON.stringify(log)}, what + '\\n'); throw new Error('network blocked by the test: ' + what); };
net.Socket.prototype.connect = blocked('net.Socket.connect');
tls.connect = blocked('tls.connect');
dns.lookup = blocked('dns.lookup');
dns.resolve = blocked('dns.resolve');
dns.promises.lookup = async () => blocked('dns.promises.lookup')();
globalThis.fetch = async () => blocked('fetch')();
`,
  );
  // The block itself works (a loopback address, so nothing would leave the machine anyway).
  const probe = runCli([], { nodeArgs: ['--require', preload, '-e', "require('net').connect(9, '127.0.0.1')", '--'] });
  assert.notEqual(probe.status, 0);
  assert.ok(existsSync(log));
  writeFileSync(log, '');

  const sample = join(REPO_ROOT, 'demo', 'sample-bundle');
  const identity =
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
  const result = runCli(
    [
      'verify',
      '--bundle',
      join(sample, 'a.txt.sigstore.json'),
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      GITHUB_ISSUER,
      join(sample, 'a.txt'),
    ],
    { nodeArgs: ['--require', preload] },
  );
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^VERIFIED/);
  assert.match(result.stdout, /Trusted root: +production \(embedded\)/);
  assert.equal(readFileSync(log, 'utf8'), '', 'no network access was attempted');

  const tampered = join(dir, 'a.txt');
  writeFileSync(tampered, Buffer.concat([readFileSync(join(sample, 'a.txt')), Buffer.from('!')]));
  const bad = runCli(
    ['verify', '--bundle', join(sample, 'a.txt.sigstore.json'), '--certificate-identity', identity, '--certificate-oidc-issuer', GITHUB_ISSUER, tampered],
    { nodeArgs: ['--require', preload] },
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^FAILED/);
  assert.doesNotMatch(bad.stdout + bad.stderr, /\n\s+at /, 'no stack trace');
});

test('the built CLI reports usage errors with exit 2 and no stack trace', () => {
  const result = runCli(['verify', '--bundle', join(dir, 'missing.json'), ...policyArgs, files.artifact]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^keyward: no such bundle file: .*missing\.json\n/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
