import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { verifyBundle, type CheckId, type VerificationResult, type VerifyOptions } from '../../../../src/engine/verify';
import { ecKey, GITHUB_ISSUER, makeCa, makeWorld, messageBundle, pem, TEST_IDENTITY, trustedRoot, V01, type World } from '../../../helpers/sigstore-fixtures';

const artifact = Buffer.from('release artifact v1.0.0\n');
const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
const policy = { identity: TEST_IDENTITY, issuer: GITHUB_ISSUER };
const world = makeWorld();
const root = trustedRoot(world);

function verify(bundle: string, extra: Partial<VerifyOptions> = {}, w: World = world): VerificationResult {
  return verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: w === world ? root : trustedRoot(w), ...extra });
}

function assertFails(result: VerificationResult, check: CheckId, code?: string): void {
  assert.equal(result.status, 'failed', result.summary);
  assert.equal(result.failure?.check, check, `expected ${check} to fail first, got ${result.failure?.check}: ${result.failure?.reason}`);
  if (code) assert.equal(result.failure?.code, code);
  assert.equal(result.checks.find((c) => c.id === check)?.outcome, 'failed');
  assert.match(result.summary, /^Verification failed: /);
}

test('a v0.3 message-signature bundle verifies with every check passing', () => {
  const result = verify(messageBundle(world, { artifact }).json);
  assert.equal(result.status, 'verified', result.summary);
  assert.equal(result.failure, undefined);
  const outcomes = Object.fromEntries(result.checks.map((c) => [c.id, c.outcome]));
  assert.deepEqual(outcomes, {
    'bundle-format': 'passed',
    artifact: 'passed',
    'public-key': 'not-applicable',
    signature: 'passed',
    'certificate-chain': 'passed',
    sct: 'passed',
    'tlog-entry': 'passed',
    'tlog-inclusion': 'passed',
    timestamps: 'passed',
    identity: 'passed',
    issuer: 'passed',
  });
  assert.deepEqual(result.format, {
    kind: 'sigstore-bundle',
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    version: 'v0.3',
    content: 'message-signature',
    verificationMaterial: 'certificate',
  });
  assert.match(result.summary, /^Verified: signed by https:\/\/github\.com\/acme\/app\//);
  assert.equal(result.tlogEntries.length, 1);
  assert.equal(result.tlogEntries[0]?.logIndex, '42');
  assert.equal(result.tlogEntries[0]?.inclusionProof, true);
  assert.equal(result.tlogEntries[0]?.inclusionPromise, true);
  assert.deepEqual(result.timestamps, [{ source: 'transparency-log', time: '2025-06-01T12:01:00.000Z' }]);
  assert.equal(result.trustedRoot, 'custom');
});

test('the signer and the GitHub Actions claims come from the Fulcio extensions', () => {
  const signer = verify(messageBundle(world, { artifact }).json).signer;
  assert.equal(signer?.kind, 'certificate');
  if (signer?.kind !== 'certificate') return;
  assert.equal(signer.identity, TEST_IDENTITY);
  assert.equal(signer.issuer, GITHUB_ISSUER);
  assert.deepEqual(signer.githubActions, {
    repository: 'https://github.com/acme/app',
    repositoryRef: 'refs/tags/v1.0.0',
    commitSha: 'c0ffee0000000000000000000000000000000000',
    workflowRef: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0',
    trigger: 'push',
    runnerEnvironment: 'github-hosted',
    runInvocationUri: 'https://github.com/acme/app/actions/runs/1/attempts/1',
  });
  assert.ok(signer.extensions.some((e) => e.oid === '1.3.6.1.4.1.57264.1.8' && e.name === 'Issuer' && e.value === GITHUB_ISSUER));
  assert.match(signer.certificateIssuer, /CN=keyward-test-root/);
});

test('no GitHub claims for another issuer', () => {
  const bundle = messageBundle(world, { artifact, leaf: { issuer: 'https://accounts.example.com', githubClaims: false } }).json;
  const result = verify(bundle, { policy: { identity: TEST_IDENTITY, issuer: 'https://accounts.example.com' } });
  assert.equal(result.status, 'verified', result.summary);
  assert.equal(result.signer?.kind === 'certificate' ? result.signer.githubActions : 'x', undefined);
});

test('the artifact can be given as a file path, bytes or a sha256: digest', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'keyward-verify-'));
  const file = join(dir, 'app.tar.gz');
  writeFileSync(file, artifact);
  const bundle = messageBundle(world, { artifact }).json;
  const byPath = verify(bundle, { artifact: { path: file } });
  assert.equal(byPath.status, 'verified', byPath.summary);
  assert.deepEqual(byPath.artifact, { kind: 'file', path: file, sha256: digest.slice(7) });
  const byDigest = verify(bundle, { artifact: { digest } });
  assert.equal(byDigest.status, 'verified', byDigest.summary);
  assert.match(byDigest.checks.find((c) => c.id === 'signature')?.detail ?? '', /artifact digest/);
});

test('without a policy a valid bundle is never "verified": the signer is NOT checked', () => {
  const result = verify(messageBundle(world, { artifact }).json, { policy: undefined });
  assert.equal(result.status, 'signature-valid-signer-not-checked');
  assert.match(result.summary, /signer NOT checked/);
  assert.equal(result.checks.find((c) => c.id === 'identity')?.outcome, 'skipped');
  assert.match(result.checks.find((c) => c.id === 'identity')?.detail ?? '', /NOT checked.*acme\/app/);
  assert.equal(result.policy, 'none: the signer was not checked');
});

test('another signer or another issuer fails the identity policy', () => {
  const bundle = messageBundle(world, { artifact }).json;
  const otherSigner = verify(bundle, {
    policy: { identity: 'https://github.com/evil/app/.github/workflows/release.yml@refs/tags/v1.0.0', issuer: GITHUB_ISSUER },
  });
  assertFails(otherSigner, 'identity', 'IDENTITY_MISMATCH');
  assert.match(otherSigner.failure?.reason ?? '', /signed by https:\/\/github\.com\/acme\/.*not by the expected https:\/\/github\.com\/evil/);
  assertFails(verify(bundle, { policy: { identity: TEST_IDENTITY, issuer: 'https://accounts.google.com' } }), 'issuer', 'ISSUER_MISMATCH');
});

test('anchored regular-expression policies match; non-matching ones fail', () => {
  const bundle = messageBundle(world, { artifact }).json;
  const ok = verify(bundle, {
    policy: {
      identityRegExp: '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v.*$',
      issuerRegExp: '^https://token\\.actions\\.githubusercontent\\.com$',
    },
  });
  assert.equal(ok.status, 'verified', ok.summary);
  assertFails(verify(bundle, { policy: { identityRegExp: '^https://github\\.com/other/.*$', issuerRegExp: '^.*$' } }), 'identity', 'IDENTITY_MISMATCH');
});

test('a changed artifact fails the digest and the signature checks', () => {
  const result = verify(messageBundle(world, { artifact }).json, { artifact: { bytes: Buffer.from('tampered') } });
  assertFails(result, 'artifact', 'ARTIFACT_DIGEST_MISMATCH');
  assert.equal(result.checks.find((c) => c.id === 'signature')?.outcome, 'failed');
  const byDigest = verify(messageBundle(world, { artifact }).json, { artifact: { digest: `sha256:${'ab'.repeat(32)}` } });
  assertFails(byDigest, 'artifact', 'ARTIFACT_DIGEST_MISMATCH');
  assert.equal(byDigest.checks.find((c) => c.id === 'signature')?.outcome, 'failed');
});

test('a signature over other bytes fails the signature check (path and digest input)', () => {
  const bundle = messageBundle(world, { artifact, signedBytes: Buffer.from('something else') }).json;
  assertFails(verify(bundle), 'signature', 'SIGNATURE_INVALID');
  assertFails(verify(bundle, { artifact: { digest } }), 'signature', 'SIGNATURE_INVALID');
});

test('a certificate from a CA outside the trusted root fails the chain check', () => {
  const rogue = { ...world, ca: makeCa({ cn: 'keyward-test-root' }) };
  const bundle = messageBundle(rogue, { artifact }).json;
  const result = verify(bundle);
  assertFails(result, 'certificate-chain', 'CERTIFICATE_ERROR');
  assert.equal(result.checks.find((c) => c.id === 'identity')?.outcome, 'skipped');
});

test('a log entry integrated outside the certificate validity fails the chain check', () => {
  const late = Math.floor(new Date('2025-06-01T13:00:00Z').getTime() / 1000);
  assertFails(verify(messageBundle(world, { artifact, entry: { integratedTime: late } }).json), 'certificate-chain', 'CERTIFICATE_ERROR');
});

test('a certificate without codeSigning, or a bundle carrying its own root, is rejected', () => {
  assertFails(verify(messageBundle(world, { artifact, leaf: { codeSigning: false } }).json), 'certificate-chain', 'CERTIFICATE_PROFILE');
  const withRoot = messageBundle(world, { artifact, mediaType: V01, chainWithRoot: true }).json;
  assertFails(verify(withRoot), 'bundle-format', 'BUNDLE_CONTAINS_ROOT');
  const v01 = verify(messageBundle(world, { artifact, mediaType: V01 }).json);
  assert.equal(v01.status, 'verified', v01.summary);
  assert.equal(v01.format?.version, 'v0.1');
  assert.equal(v01.format?.verificationMaterial, 'certificate-chain');
});

test('a missing SCT, or one from an untrusted CT log, fails the SCT check', () => {
  assertFails(verify(messageBundle(world, { artifact, leaf: { ctLog: null } }).json), 'sct', 'SCT_MISSING');
  assertFails(verify(messageBundle(world, { artifact, leaf: { ctLog: ecKey() } }).json), 'sct', 'CERTIFICATE_ERROR');
});

test('a SET or checkpoint not signed by the trusted log, or a corrupted proof, fails inclusion', () => {
  assertFails(verify(messageBundle(world, { artifact, entry: { setKey: ecKey() } }).json), 'tlog-inclusion', 'TLOG_INCLUSION_PROMISE_ERROR');
  assertFails(
    verify(messageBundle(world, { artifact, entry: { checkpointKey: ecKey(), withSet: false } }).json),
    'tlog-inclusion',
    'TLOG_INCLUSION_PROOF_ERROR',
  );
  assertFails(verify(messageBundle(world, { artifact, entry: { corruptProof: true, withSet: false } }).json), 'tlog-inclusion', 'TLOG_INCLUSION_PROOF_ERROR');
});

test('an inclusion proof whose tree size or root hash disagrees with its signed checkpoint fails inclusion', () => {
  // The library checks the Merkle path against the checkpoint only; these proofs would pass it.
  const tamper = (change: (proof: Record<string, unknown>) => void): string => {
    const bundle = JSON.parse(messageBundle(world, { artifact }).json) as {
      verificationMaterial: { tlogEntries: { inclusionProof: Record<string, unknown> }[] };
    };
    const proof = bundle.verificationMaterial.tlogEntries[0]?.inclusionProof;
    assert.ok(proof);
    change(proof);
    return JSON.stringify(bundle);
  };
  const size = verify(tamper((proof) => (proof['treeSize'] = '3')));
  assertFails(size, 'tlog-inclusion', 'TLOG_INCLUSION_PROOF_ERROR');
  assert.match(size.failure?.reason ?? '', /tree of 3 entries but its signed checkpoint is for 2/);
  const root = verify(tamper((proof) => (proof['rootHash'] = Buffer.alloc(32, 7).toString('base64'))));
  assertFails(root, 'tlog-inclusion', 'TLOG_INCLUSION_PROOF_ERROR');
  assert.match(root.failure?.reason ?? '', /root hash differs from the root hash in its signed checkpoint/);
});

test('an entry proven only by its inclusion proof has no trusted time and fails', () => {
  // Rekor v1 proves the time with the SET; without it (and without an RFC 3161 timestamp) nothing does.
  const result = verify(messageBundle(world, { artifact, entry: { withSet: false } }).json);
  assertFails(result, 'timestamps', 'TIMESTAMP_MISSING');
  assert.equal(result.checks.find((c) => c.id === 'tlog-inclusion')?.outcome, 'passed');
  assert.equal(result.checks.find((c) => c.id === 'certificate-chain')?.outcome, 'skipped');
});

test('a log entry naming another certificate fails the entry check', () => {
  const other = messageBundle(world, { artifact }).leaf;
  const result = verify(messageBundle(world, { artifact, entryVerifierPem: pem(other.cert, 'CERTIFICATE') }).json);
  assertFails(result, 'tlog-entry', 'TLOG_BODY_ERROR');
  assert.match(result.failure?.reason ?? '', /different certificate/);
});

test('a bundle without a transparency-log entry fails', () => {
  const result = verify(messageBundle(world, { artifact, noTlog: true }).json);
  assertFails(result, 'tlog-entry', 'TLOG_MISSING');
  assert.equal(result.checks.find((c) => c.id === 'tlog-inclusion')?.outcome, 'failed');
});

test('a trusted root from another deployment rejects the bundle', () => {
  assertFails(verify(messageBundle(world, { artifact }).json, {}, makeWorld()), 'certificate-chain');
});
