import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { renderResultText, verifyBundle, type VerificationResult } from '../../../../src/engine/verify';
import {
  cosignLegacyBundle,
  dsseBundle,
  ecKey,
  GITHUB_ISSUER,
  keyBundle,
  makeWorld,
  messageBundle,
  pem,
  spki,
  TEST_IDENTITY,
  trustedRoot,
} from '../../../helpers/sigstore-fixtures';

const world = makeWorld();
const root = trustedRoot(world);
const policy = { identity: TEST_IDENTITY, issuer: GITHUB_ISSUER };
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const binary = Buffer.from('the release binary');
const sbom = Buffer.from('the SBOM');
const unrelated = Buffer.from('an unrelated file');

test('DSSE in-toto: verified when the artifact is a subject of the statement', () => {
  const bundle = dsseBundle(world, {
    subjects: [
      { name: 'app.bin', content: binary },
      { name: 'app.sbom', content: sbom },
    ],
  }).json;
  for (const artifact of [{ bytes: sbom }, { digest: sha256(sbom) }]) {
    const result = verifyBundle({ bundle, artifact, policy, trustedRoot: root });
    assert.equal(result.status, 'verified', result.summary);
    assert.equal(result.format?.content, 'dsse');
    assert.deepEqual(result.dsse, {
      payloadType: 'application/vnd.in-toto+json',
      statementType: 'https://in-toto.io/Statement/v1',
      predicateType: 'https://slsa.dev/provenance/v1',
      subjects: [
        { name: 'app.bin', sha256: sha256(binary).slice(7) },
        { name: 'app.sbom', sha256: sha256(sbom).slice(7) },
      ],
      matchedSubject: 'app.sbom',
    });
    assert.match(result.checks.find((c) => c.id === 'artifact')?.detail ?? '', /subject "app\.sbom"/);
  }
});

test('DSSE in-toto: a valid attestation does not verify an unrelated file', () => {
  const bundle = dsseBundle(world, { subjects: [{ name: 'app.bin', content: binary }] }).json;
  for (const artifact of [{ bytes: unrelated }, { digest: sha256(unrelated) }]) {
    const result = verifyBundle({ bundle, artifact, policy, trustedRoot: root });
    assert.equal(result.status, 'failed');
    assert.equal(result.failure?.check, 'artifact');
    assert.equal(result.failure?.code, 'ARTIFACT_NOT_IN_STATEMENT');
    // Everything else about the envelope is fine: only the binding to this file is missing.
    assert.equal(result.checks.find((c) => c.id === 'signature')?.outcome, 'passed');
    assert.equal(result.dsse?.matchedSubject, undefined);
  }
});

test('a key-signed bundle verifies with --key and fails without it or with another key', () => {
  const key = ecKey();
  const artifact = Buffer.from('signed with a managed key');
  const bundle = keyBundle(world, { artifact, key });
  const withKey = verifyBundle({ bundle, artifact: { bytes: artifact }, policy: { publicKeyPem: pem(spki(key.publicKey), 'PUBLIC KEY') }, trustedRoot: root });
  assert.equal(withKey.status, 'verified', withKey.summary);
  assert.deepEqual(withKey.signer, { kind: 'public-key', hint: 'test-key' });
  assert.equal(withKey.checks.find((c) => c.id === 'certificate-chain')?.outcome, 'not-applicable');
  assert.equal(withKey.checks.find((c) => c.id === 'identity')?.outcome, 'not-applicable');
  const byDigest = verifyBundle({
    bundle,
    artifact: { digest: sha256(artifact) },
    policy: { publicKeyPem: pem(spki(key.publicKey), 'PUBLIC KEY') },
    trustedRoot: root,
  });
  assert.equal(byDigest.status, 'verified', byDigest.summary);

  const noKey = verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: root });
  assert.equal(noKey.failure?.check, 'public-key');
  assert.equal(noKey.failure?.code, 'PUBLIC_KEY_REQUIRED');
  const noPolicy = verifyBundle({ bundle, artifact: { bytes: artifact }, trustedRoot: root });
  assert.equal(noPolicy.status, 'failed');

  const wrongKey = verifyBundle({
    bundle,
    artifact: { bytes: artifact },
    policy: { publicKeyPem: pem(spki(ecKey().publicKey), 'PUBLIC KEY') },
    trustedRoot: root,
  });
  assert.equal(wrongKey.status, 'failed');
  assert.equal(wrongKey.failure?.check, 'signature');
  assert.equal(wrongKey.checks.find((c) => c.id === 'tlog-entry')?.outcome, 'failed');
});

test('--key on a keyless bundle is refused with a clear reason', () => {
  const artifact = Buffer.from('x');
  const result = verifyBundle({
    bundle: messageBundle(world, { artifact }).json,
    artifact: { bytes: artifact },
    policy: { publicKeyPem: pem(spki(ecKey().publicKey), 'PUBLIC KEY') },
    trustedRoot: root,
  });
  assert.equal(result.failure?.check, 'public-key');
  assert.equal(result.failure?.code, 'KEY_POLICY_FOR_CERTIFICATE');
});

test('cosign legacy --bundle JSON is converted, reported as such, and verified', () => {
  const artifact = Buffer.from('blob signed by cosign sign-blob --bundle');
  const { json } = cosignLegacyBundle(world, { artifact });
  const result = verifyBundle({ bundle: json, artifact: { bytes: artifact }, policy, trustedRoot: root });
  assert.equal(result.status, 'verified', result.summary);
  assert.equal(result.format?.kind, 'cosign-legacy-bundle');
  assert.equal(result.format?.version, 'v0.1');
  assert.match(result.checks[0]?.detail ?? '', /cosign legacy bundle/);
  const tampered = verifyBundle({ bundle: json, artifact: { bytes: Buffer.from('other') }, policy, trustedRoot: root });
  assert.equal(tampered.status, 'failed');
  const broken = verifyBundle({ bundle: JSON.stringify({ base64Signature: 'AAAA' }), artifact: { bytes: artifact }, policy, trustedRoot: root });
  assert.equal(broken.failure?.check, 'bundle-format');
  assert.match(broken.failure?.reason ?? '', /cosign legacy bundle found but it cannot be converted/);
});

function formatFailure(bundle: string): VerificationResult {
  return verifyBundle({ bundle, artifact: { bytes: Buffer.from('a') }, policy, trustedRoot: root });
}

test('malformed and unsupported bundles fail the format check with a plain reason', () => {
  const cases: [string, string, RegExp][] = [
    ['{"mediaType": "application/vnd.dev.sig', 'BUNDLE_MALFORMED', /not valid JSON/],
    ['[1,2]', 'BUNDLE_MALFORMED', /not a JSON object/],
    ['{"hello": "world"}', 'BUNDLE_MALFORMED', /neither a Sigstore bundle/],
    ['{"mediaType": "application/vnd.dev.sigstore.bundle.v0.9+json"}', 'BUNDLE_UNSUPPORTED_VERSION', /v0\.1, v0\.2 and v0\.3/],
    ['{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}', 'BUNDLE_MALFORMED', /structure of a v0\.3/],
  ];
  for (const [bundle, code, reason] of cases) {
    const result = formatFailure(bundle);
    assert.equal(result.status, 'failed');
    assert.equal(result.failure?.check, 'bundle-format');
    assert.equal(result.failure?.code, code, bundle);
    assert.match(result.failure?.reason ?? '', reason);
    assert.equal(result.format, undefined);
    assert.ok(result.checks.slice(1).every((c) => c.outcome === 'skipped'));
  }
  const negative = JSON.parse(messageBundle(world, { artifact: Buffer.from('a') }).json);
  negative.verificationMaterial.tlogEntries[0].logIndex = '-1';
  assert.match(formatFailure(JSON.stringify(negative)).failure?.reason ?? '', /invalid log index "-1"/);
  const badBase64 = JSON.parse(messageBundle(world, { artifact: Buffer.from('a') }).json);
  badBase64.messageSignature.signature = 'not!!base64';
  assert.match(formatFailure(JSON.stringify(badBase64)).failure?.reason ?? '', /messageSignature\.signature is not valid base64/);
});

test('the text rendering lists each check with ✔ / ✖ and the signer', () => {
  const artifact = Buffer.from('render me');
  const bundle = messageBundle(world, { artifact }).json;
  const ok = renderResultText(verifyBundle({ bundle, artifact: { bytes: artifact }, policy, trustedRoot: root }), { color: false });
  assert.match(ok, /^VERIFIED {2}Verified: signed by /);
  assert.match(ok, /✔ Signature: /);
  assert.match(ok, /✔ Signer identity \(certificate SAN\): https:\/\/github\.com\/acme/);
  assert.match(ok, /repository: +https:\/\/github\.com\/acme\/app/);
  assert.match(ok, /Log entry: +index 42, hashedrekord 0\.0\.1/);
  const bad = renderResultText(verifyBundle({ bundle, artifact: { bytes: Buffer.from('x') }, policy, trustedRoot: root }), { color: true });
  assert.match(bad, /FAILED/);
  assert.match(bad, /✖.* Artifact matches the bundle: /);
  const unchecked = renderResultText(verifyBundle({ bundle, artifact: { bytes: artifact }, trustedRoot: root }), { color: false });
  assert.match(unchecked, /^SIGNATURE VALID, SIGNER NOT CHECKED/);
});

test('the text rendering escapes control characters in strings that come from the bundle (no terminal injection)', () => {
  const artifact = Buffer.from('render me');
  const result = verifyBundle({ bundle: messageBundle(world, { artifact }).json, artifact: { bytes: artifact }, policy, trustedRoot: root });
  const hostile = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\u202eNO FINDINGS';
  const signer = result.signer?.kind === 'certificate' ? { ...result.signer, identity: hostile, issuer: hostile } : result.signer;
  const text = renderResultText({ ...result, summary: hostile, ...(signer ? { signer } : {}) } as VerificationResult, { color: false });
  assert.doesNotMatch(text, /[\u001b\u0007\u202e]/, 'no raw ESC, BEL or bidi override reaches the terminal');
  assert.match(text, /click/, 'the text itself is still shown');
});
