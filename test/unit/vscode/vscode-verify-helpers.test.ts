/**
 * The editor's verification helpers that do not need VS Code: finding a bundle next to its artifact
 * (and back), reading what a bundle claims for the CodeLens, matching `keyward.verify.policies`, and the
 * result page (escaping, failing check, "NOT checked" wording). The editor flow itself is tested in the
 * real VS Code (test/e2e/suite/verify.test.ts).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { verifyBundle } from '../../../src/engine/verify';
import type { VerificationResult } from '../../../src/engine/verify/types';
import { artifactPathFor, bundleCandidates, findBundleNextTo, isBundlePath } from '../../../src/vscode/verify/bundle-files';
import { readBundleClaims } from '../../../src/vscode/verify/bundle-claims';
import { defaultGlobFor, matchPolicy, parsePolicyEntries, toVerifyPolicy } from '../../../src/vscode/verify/policy-match';
import { escapeHtml, renderResultPage } from '../../../src/vscode/verify/result-html';
import { REPO_ROOT } from '../../helpers/verify-cli-build';

const SAMPLE = join(REPO_ROOT, 'demo', 'sample-bundle');
const IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const PAGE = { cspSource: 'vscode-webview:', styleUri: 'vscode-webview://x/result.css', artifactLabel: 'a.txt', bundleLabel: 'a.txt.sigstore.json', notes: [] };

test('bundle names: suffixes both ways, longest suffix first', () => {
  assert.equal(artifactPathFor('/d/a.txt.sigstore.json'), '/d/a.txt');
  assert.equal(artifactPathFor('/d/a.tgz.bundle.json'), '/d/a.tgz');
  assert.equal(artifactPathFor('/d/a.tgz.sigstore'), '/d/a.tgz');
  assert.equal(artifactPathFor('/d/a.tgz.bundle'), '/d/a.tgz');
  assert.equal(artifactPathFor('/d/a.txt'), undefined);
  assert.equal(isBundlePath('/d/.sigstore.json'), false, 'a bare suffix names no artifact');
  assert.deepEqual(bundleCandidates('/d/a'), ['/d/a.sigstore.json', '/d/a.sigstore', '/d/a.bundle', '/d/a.bundle.json']);
});

test('findBundleNextTo picks the first existing candidate on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-bundles-'));
  try {
    writeFileSync(join(dir, 'a.bin'), 'x');
    assert.equal(findBundleNextTo(join(dir, 'a.bin')), undefined);
    writeFileSync(join(dir, 'a.bin.bundle.json'), '{}');
    assert.equal(findBundleNextTo(join(dir, 'a.bin')), join(dir, 'a.bin.bundle.json'));
    writeFileSync(join(dir, 'a.bin.sigstore'), '{}');
    assert.equal(findBundleNextTo(join(dir, 'a.bin')), join(dir, 'a.bin.sigstore'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readBundleClaims: signer, issuer, log index and time of the public-good sample', () => {
  const claims = readBundleClaims(readFileSync(join(SAMPLE, 'a.txt.sigstore.json'), 'utf8'));
  assert.deepEqual(claims, {
    format: 'Sigstore bundle v0.3',
    signer: IDENTITY,
    issuer: ISSUER,
    logIndex: '79571823',
    integratedTime: '2024-03-19T17:26:26.000Z',
  });
  assert.equal(readBundleClaims('not json'), undefined);
  assert.equal(readBundleClaims('{"name":"package"}'), undefined);
  assert.deepEqual(readBundleClaims('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{"hint":"k"}}}'), {
    format: 'Sigstore bundle v0.3',
    publicKey: true,
  });
});

test('policies: invalid entries dropped, first matching glob wins, mixed forms become anchored regexps', () => {
  const { entries, invalid } = parsePolicyEntries([
    { artifacts: 'dist/**', identity: 'id-a', issuer: 'iss' },
    { artifacts: 'dist/**', identity: 'id-b', identityRegExp: '^x$', issuer: 'iss' },
    { identity: 'no-glob', issuer: 'iss' },
    'junk',
    { artifacts: '**/*.tgz', identityRegExp: '^https://github\\.com/o/.*$', issuer: 'https://x.y' },
  ]);
  assert.equal(invalid, 3);
  assert.equal(entries.length, 2);
  assert.deepEqual(matchPolicy(entries, 'dist/app.bin', '/w/dist/app.bin')?.policy, { identity: 'id-a', issuer: 'iss' });
  assert.deepEqual(matchPolicy(entries, 'pkg/a.tgz', '/w/pkg/a.tgz')?.policy, {
    identityRegExp: '^https://github\\.com/o/.*$',
    issuerRegExp: '^https:\\/\\/x\\.y$',
  });
  assert.equal(matchPolicy(entries, 'src/a.txt', '/w/src/a.txt'), undefined);
  assert.equal(matchPolicy(entries, undefined, '/elsewhere/dist/a'), undefined, 'relative globs never match files outside the workspace');
  const [absolute] = parsePolicyEntries([{ artifacts: '/opt/rel/**', identity: 'i', issuer: 's' }]).entries;
  assert.ok(absolute !== undefined && matchPolicy([absolute], undefined, '/opt/rel/a.bin') !== undefined);
  assert.match(
    'https://x.y',
    new RegExp((toVerifyPolicy({ artifacts: '*', identityRegExp: '^a$', issuer: 'https://x.y' }) as { issuerRegExp: string }).issuerRegExp),
  );
  assert.equal(defaultGlobFor('a.txt'), '**');
  assert.equal(defaultGlobFor('release/v1/a.txt'), 'release/v1/**');
});

function sampleResult(artifact: Uint8Array, policy?: { identity: string; issuer: string }): VerificationResult {
  return verifyBundle({ bundle: readFileSync(join(SAMPLE, 'a.txt.sigstore.json'), 'utf8'), artifact: { bytes: artifact }, policy });
}

test('result page: verified, not-checked and tampered results say so; the failing check is explained', () => {
  const original = readFileSync(join(SAMPLE, 'a.txt'));
  const verified = renderResultPage(sampleResult(original, { identity: IDENTITY, issuer: ISSUER }), PAGE);
  assert.match(verified, /<h1 class="status verified">Verified<\/h1>/);
  assert.match(verified, /extremely-dangerous-oidc-beacon/);
  assert.match(verified, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:/);
  assert.doesNotMatch(verified, /<script/i);

  const unchecked = renderResultPage(sampleResult(original), { ...PAGE, trustCommandUri: 'command:keyward.trustSigner' });
  assert.match(unchecked, /Signature valid, signer NOT checked/);
  assert.doesNotMatch(unchecked, />Verified</);
  assert.match(unchecked, /href="command:keyward.trustSigner"/);

  const tampered = Buffer.from(original);
  tampered[0] = (tampered[0] ?? 0) ^ 1;
  const failedResult = sampleResult(tampered, { identity: IDENTITY, issuer: ISSUER });
  assert.equal(failedResult.status, 'failed');
  const failed = renderResultPage(failedResult, PAGE);
  assert.match(failed, /Verification failed/);
  assert.match(failed, /Failed check: /);
  assert.match(failed, /What it means:/);
});

test('result page escapes every value from the bundle', () => {
  const base = sampleResult(readFileSync(join(SAMPLE, 'a.txt')));
  const hostile = '<img src=x onerror=alert(1)>"\'&';
  const result: VerificationResult = {
    ...base,
    summary: hostile,
    signer: {
      kind: 'certificate',
      identity: hostile,
      issuer: hostile,
      extensions: [],
      notBefore: hostile,
      notAfter: '',
      serialNumber: '',
      certificateIssuer: '',
      sha256Fingerprint: '',
      githubActions: { repository: hostile },
    },
  };
  const html = renderResultPage(result, { ...PAGE, artifactLabel: hostile });
  assert.ok(!html.includes('<img'), 'no raw tag from the bundle');
  assert.ok(html.includes(escapeHtml(hostile)));
  assert.equal(escapeHtml(`<>&"'`), '&#60;&#62;&#38;&#34;&#39;');
});

test('the activation bundle does not include the verifier: only its error helper is imported statically', async () => {
  // Same entry and externals as scripts/build.mjs builds dist/extension.js with; only the import graph is looked at.
  const built = await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src/vscode/extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(
    inputs.some((input) => input.endsWith('src/vscode/verify/index.ts')),
    'the editor verification module is part of the activation bundle',
  );
  const heavy = inputs.filter(
    (input) => /node_modules\/(@sigstore|@noble)\//.test(input) || (/src\/engine\/verify\//.test(input) && !input.endsWith('src/engine/verify/errors.ts')),
  );
  assert.deepEqual(heavy, [], 'dist/verify.js must be loaded lazily, not bundled into dist/extension.js');
});
