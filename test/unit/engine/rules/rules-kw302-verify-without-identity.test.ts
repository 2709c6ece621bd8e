import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { verifyWithoutIdentity } from '../../../../src/engine/rules/kw302-verify-without-identity';
import { assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = verifyWithoutIdentity;

test('KW302 finds keyless verification missing the identity, the issuer or both', () => {
  const cases: [string, RegExp][] = [
    ['cosign verify ghcr.io/acme/app@sha256:abc\n', /certificate identity .* or an OIDC issuer/],
    ['cosign verify --certificate-oidc-issuer=https://token.actions.githubusercontent.com img\n', /without a certificate identity/],
    ['cosign verify-blob --bundle b.json --certificate-identity-regexp "^x$" f\n', /without an OIDC issuer/],
    ['cosign verify-attestation --type slsaprovenance img\n', /verify-attestation/],
    ['cosign manifest verify m.yaml\n', /manifest verify/],
    ['if ! cosign verify "$IMG"; then exit 1; fi\n', /cosign verify/],
  ];
  for (const [text, message] of cases) {
    const finding = only(rule, 'verify.sh', text);
    assert.match(finding.message, message, text);
    assert.equal(finding.severity, 'error');
    assert.match(covered(text, finding), /^cosign /);
  }
});

test('KW302 negatives: both given (flags or variables), key-based, hardware key, opaque arguments', () => {
  for (const text of [
    'cosign verify --certificate-identity=x --certificate-oidc-issuer=y img\n',
    'cosign verify --certificate-identity-regexp="^x$" --certificate-oidc-issuer-regexp="^y$" img\n',
    'export COSIGN_CERTIFICATE_IDENTITY=x COSIGN_CERTIFICATE_OIDC_ISSUER=y\ncosign verify img\n',
    'cosign verify --key cosign.pub img\n',
    'cosign verify --sk img\n',
    'cosign verify $VERIFY_FLAGS img\n',
    'cosign verify "$@"\n',
  ]) {
    assert.deepEqual(scan(rule, 'verify.sh', text), [], text);
  }
  assert.deepEqual(
    scan(rule, '.github/workflows/r.yml', 'env:\n  COSIGN_CERTIFICATE_IDENTITY: x\n  COSIGN_CERTIFICATE_OIDC_ISSUER: y\nsteps:\n  - run: cosign verify img\n'),
    [],
  );
});

test('KW302 in cosign v1-era docs is information', () => {
  assert.equal(only(rule, 'README.md', '```console\n$ COSIGN_EXPERIMENTAL=1 cosign verify ghcr.io/acme/app\n```\n').severity, 'information');
});

test('KW302 fix adds the missing flags with the inferred identity', () => {
  assertGoldenFix(
    rule,
    'verify.sh',
    'cosign verify "$IMAGE"\n',
    'cosign verify --certificate-identity=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main --certificate-oidc-issuer=https://token.actions.githubusercontent.com "$IMAGE"\n',
    { workspace: GITHUB_FACTS, safety: 'review' },
  );
  assertGoldenFix(
    rule,
    'verify.sh',
    'cosign verify-blob --certificate-identity=me@example.com --bundle b f\n',
    "cosign verify-blob --certificate-oidc-issuer='<https://token.actions.githubusercontent.com>' --certificate-identity=me@example.com --bundle b f\n",
  );
});
