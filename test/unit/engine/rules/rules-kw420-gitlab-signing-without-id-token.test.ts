import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { gitlabSigningWithoutIdToken } from '../../../../src/engine/rules/kw420-gitlab-signing-without-id-token';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = gitlabSigningWithoutIdToken;
const path = '.gitlab-ci.yml';

test('KW420 flags keyless cosign signing in a job without a sigstore ID token', () => {
  const text = 'stages: [sign]\nsign:\n  stage: sign\n  script:\n    - cosign sign --yes "$CI_REGISTRY_IMAGE@$DIGEST"\n';
  const finding = only(rule, path, text);
  assert.equal(covered(text, finding), 'cosign sign');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /`sign`/);
  // Through a hidden template it extends; a wrong audience does not count as a sigstore token.
  const viaTemplate =
    '.signer:\n  script:\n    - cosign attest --yes --predicate p.json "$IMAGE"\nrelease:\n  extends: .signer\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: https://gitlab.com\n';
  assert.equal(covered(viaTemplate, only(rule, path, viaTemplate)), 'cosign attest');
});

test('KW420 negatives: token in the job, via extends or default, key-based signing, explicit token, hidden templates alone', () => {
  for (const text of [
    'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n  script:\n    - cosign sign --yes i\n',
    'sign:\n  id_tokens:\n    MY_TOKEN:\n      aud: [sigstore, other]\n  script:\n    - cosign sign --yes --identity-token "$MY_TOKEN" i\n',
    'default:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\nsign:\n  script:\n    - cosign sign --yes i\n',
    '.t:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\nsign:\n  extends: [.t]\n  script:\n    - cosign sign --yes i\n',
    'sign:\n  script:\n    - cosign sign --key env://COSIGN_PRIVATE_KEY i\n',
    '.only-a-template:\n  script:\n    - cosign sign --yes i\n',
    'verify:\n  script:\n    - cosign verify --certificate-identity=x --certificate-oidc-issuer=y i\n',
  ]) {
    assert.deepEqual(scan(rule, path, text), [], text);
  }
  assert.deepEqual(scan(rule, 'ci/sign.yml', 'sign:\n  script:\n    - cosign sign --yes i\n'), [], 'not a GitLab CI file');
});

test('KW420 fix: id_tokens before script (block or extends-only job), or a new entry in the existing block', () => {
  const before = 'sign:\n  image: cosign # pinned\n  script:\n    - cosign sign --yes i\n';
  const after =
    'sign:\n  image: cosign # pinned\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore # Sigstore keyless signing: cosign reads SIGSTORE_ID_TOKEN\n  script:\n    - cosign sign --yes i\n';
  assertGoldenFix(rule, path, before, after, { safety: 'safe' });
  assertCommentsKept(before, after);
  assertGoldenFix(
    rule,
    path,
    'sign:\n    id_tokens:\n        VAULT_ID_TOKEN:\n            aud: https://vault.example\n    script:\n        - cosign sign --yes i\n',
    'sign:\n    id_tokens:\n        VAULT_ID_TOKEN:\n            aud: https://vault.example\n        SIGSTORE_ID_TOKEN:\n            aud: sigstore # Sigstore keyless signing: cosign reads SIGSTORE_ID_TOKEN\n    script:\n        - cosign sign --yes i\n',
  );
  assertGoldenFix(
    rule,
    path,
    '.s:\n  script:\n    - cosign sign-blob --yes --bundle a.json a\nrel:\n  extends: .s\n',
    '.s:\n  script:\n    - cosign sign-blob --yes --bundle a.json a\nrel:\n  extends: .s\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore # Sigstore keyless signing: cosign reads SIGSTORE_ID_TOKEN\n',
  );
});

test('KW420: no automatic edit when the job inherits other tokens (a job block would replace them)', () => {
  const text = 'default:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault\nsign:\n  script:\n    - cosign sign --yes i\n';
  assert.equal(only(rule, path, text).fixes, undefined);
});
