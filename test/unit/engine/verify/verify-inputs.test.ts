import { strict as assert } from 'node:assert';
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isVerifyError, verifyBundle, type VerifyErrorCode } from '../../../../src/engine/verify';
import { verifyPrehashed } from '../../../../src/engine/verify/prehashed';
import { GITHUB_ISSUER, makeWorld, messageBundle, TEST_IDENTITY, trustedRoot } from '../../../helpers/sigstore-fixtures';

const world = makeWorld();
const artifact = Buffer.from('a');
const bundle = messageBundle(world, { artifact }).json;
const policy = { identity: TEST_IDENTITY, issuer: GITHUB_ISSUER };

function throwsCode(run: () => unknown, code: VerifyErrorCode, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isVerifyError(error), `expected a VerifyError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

test('a trusted root whose log key has no validFor.start is rejected', () => {
  throwsCode(
    () => verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: trustedRoot(world, { omitTlogStart: true }) }),
    'TRUSTED_ROOT_INVALID',
    /tlogs\[0\] has no validFor\.start/,
  );
});

test('unreadable trusted roots are clear one-line errors', () => {
  throwsCode(() => verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: '{not json' }), 'TRUSTED_ROOT_INVALID', /not valid JSON/);
  throwsCode(() => verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: '{"tlogs": []}' }), 'TRUSTED_ROOT_INVALID', /media type/);
  const badKey = JSON.parse(trustedRoot(world));
  badKey.tlogs[0].publicKey.rawBytes = 'AAAA';
  throwsCode(
    () => verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: JSON.stringify(badKey) }),
    'TRUSTED_ROOT_INVALID',
    /cannot be read/,
  );
});

test('--staging without a trusted root says the staging root is not embedded', () => {
  throwsCode(() => verifyBundle({ bundle, artifact: { bytes: artifact }, policy, staging: true }), 'TRUSTED_ROOT_UNAVAILABLE', /staging.*--trusted-root/);
});

test('the embedded production root is used by default and rejects a test bundle', () => {
  const result = verifyBundle({ bundle, artifact: { bytes: artifact }, policy });
  assert.equal(result.trustedRoot, 'production (embedded)');
  assert.equal(result.status, 'failed');
  assert.equal(result.failure?.check, 'certificate-chain');
});

test('unanchored or invalid regular expressions are refused before verifying', () => {
  throwsCode(
    () => verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { identityRegExp: 'github\\.com/acme/', issuerRegExp: '^x$' } }),
    'INVALID_POLICY',
    /identity regular expression must be anchored/,
  );
  throwsCode(
    () => verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { identityRegExp: '^a$', issuerRegExp: '^https://x\\$' } }),
    'INVALID_POLICY',
    /issuer regular expression must be anchored/,
  );
  throwsCode(
    () => verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { identityRegExp: '^(a$', issuerRegExp: '^x$' } }),
    'INVALID_POLICY',
    /invalid/,
  );
  throwsCode(() => verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { identity: '', issuer: GITHUB_ISSUER } }), 'INVALID_POLICY', /both/);
  throwsCode(() => verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { publicKeyPem: 'not a key' } }), 'INVALID_POLICY', /not a PEM public key/);
});

test('a missing artifact or a malformed digest is a clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-verify-'));
  throwsCode(
    () => verifyBundle({ bundle, artifact: { path: join(dir, 'missing.bin') }, policy, trustedRoot: trustedRoot(world) }),
    'ARTIFACT_NOT_FOUND',
    /no such artifact file/,
  );
  throwsCode(() => verifyBundle({ bundle, artifact: { path: dir }, policy, trustedRoot: trustedRoot(world) }), 'ARTIFACT_UNREADABLE', /not a file/);
  throwsCode(() => verifyBundle({ bundle, artifact: { digest: 'sha256:1234' }, policy, trustedRoot: trustedRoot(world) }), 'INVALID_DIGEST', /64 hexadecimal/);
});

test('prehashed verification: ECDSA P-256 / P-384 and RSA PKCS#1 v1.5 from a digest; Ed25519 refused', () => {
  const data = Buffer.from('artifact bytes');
  const digest = createHash('sha256').update(data).digest();
  const otherDigest = createHash('sha256').update('other').digest();
  for (const curve of ['P-256', 'P-384', 'P-521']) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const signature = sign('sha256', data, privateKey);
    assert.deepEqual(verifyPrehashed(publicKey, digest, 'sha256', signature), { ok: true }, curve);
    assert.deepEqual(verifyPrehashed(publicKey, otherDigest, 'sha256', signature), { ok: false }, curve);
    assert.deepEqual(verifyPrehashed(publicKey, digest, 'sha256', Buffer.from('garbage')), { ok: false }, curve);
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaSignature = sign('sha256', data, rsa.privateKey);
  assert.deepEqual(verifyPrehashed(rsa.publicKey, digest, 'sha256', rsaSignature), { ok: true });
  assert.deepEqual(verifyPrehashed(rsa.publicKey, otherDigest, 'sha256', rsaSignature), { ok: false });
  const ed = generateKeyPairSync('ed25519');
  const refused = verifyPrehashed(ed.publicKey, digest, 'sha256', sign(null, data, ed.privateKey));
  assert.ok('unsupported' in refused && /pass the artifact file/.test(refused.unsupported));
});
