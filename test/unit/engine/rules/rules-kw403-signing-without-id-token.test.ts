import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { signingWithoutIdToken } from '../../../../src/engine/rules/kw403-signing-without-id-token';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = signingWithoutIdToken;
const path = '.github/workflows/release.yml';

test('KW403 flags keyless signing without id-token: write (cosign, attest actions, npm provenance)', () => {
  const cases: [string, string][] = [
    ['jobs:\n  r:\n    steps:\n      - run: cosign sign --yes "$IMAGE"\n', 'cosign sign'],
    [
      'permissions:\n  contents: read\njobs:\n  r:\n    steps:\n      - run: |\n          make\n          cosign attest --yes --predicate p.json --type slsaprovenance "$IMAGE"\n',
      'cosign attest',
    ],
    [
      'jobs:\n  r:\n    steps:\n      - uses: actions/attest-build-provenance@v2\n        with:\n          subject-path: dist/*\n',
      'actions/attest-build-provenance@v2',
    ],
    [
      'jobs:\n  r:\n    permissions:\n      contents: read\n    steps:\n      - run: npm publish --provenance --access public\n',
      'npm publish --provenance --access public',
    ],
  ];
  for (const [text, expected] of cases) {
    const finding = only(rule, path, text);
    assert.equal(covered(text, finding), expected);
    assert.equal(finding.severity, 'error');
  }
});

test('KW403 negatives: granted at job or workflow level (or write-all), key-based signing, verification only', () => {
  for (const text of [
    'jobs:\n  r:\n    permissions:\n      id-token: write\n    steps:\n      - run: cosign sign --yes i\n',
    'permissions:\n  id-token: write\njobs:\n  r:\n    steps:\n      - run: cosign sign --yes i\n',
    'permissions: write-all\njobs:\n  r:\n    steps:\n      - run: cosign sign --yes i\n',
    'jobs:\n  r:\n    steps:\n      - run: cosign sign --key cosign.key i\n',
    'jobs:\n  r:\n    steps:\n      - run: cosign verify --certificate-identity=x --certificate-oidc-issuer=y i\n',
    'jobs:\n  r:\n    steps:\n      - run: npm publish\n',
  ]) {
    assert.deepEqual(scan(rule, path, text), [], text);
  }
  // A job-level block replaces the workflow one: workflow-level id-token does not reach this job.
  assert.equal(
    scan(rule, path, 'permissions:\n  id-token: write\njobs:\n  r:\n    permissions:\n      contents: read\n    steps:\n      - run: cosign sign --yes i\n')
      .length,
    1,
  );
});

test('KW403 fix: adds the scope to the job block (safe) or a new block with the workflow scopes (review)', () => {
  assertGoldenFix(
    rule,
    path,
    'jobs:\n  r:\n    permissions:\n      contents: read # checkout\n    steps:\n      - run: cosign sign --yes i\n',
    'jobs:\n  r:\n    permissions:\n      contents: read # checkout\n      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC\n    steps:\n      - run: cosign sign --yes i\n',
    { safety: 'safe' },
  );
  const before =
    'permissions:\n  contents: read\n  packages: write\njobs:\n  r:\n    runs-on: ubuntu-latest # hosted\n    steps:\n      - run: cosign sign --yes ghcr.io/acme/app@sha256:abc\n';
  const after =
    'permissions:\n  contents: read\n  packages: write\njobs:\n  r:\n    runs-on: ubuntu-latest # hosted\n    permissions:\n      contents: read\n      packages: write\n      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC\n    steps:\n      - run: cosign sign --yes ghcr.io/acme/app@sha256:abc\n';
  assertGoldenFix(rule, path, before, after, { safety: 'review' });
  assertCommentsKept(before, after);
  assertGoldenFix(
    rule,
    path,
    'jobs:\n  r:\n    permissions:\n      id-token: read\n    steps:\n      - run: cosign sign --yes i\n',
    'jobs:\n  r:\n    permissions:\n      id-token: write\n    steps:\n      - run: cosign sign --yes i\n',
  );
});

test('KW403 fix without workflow permissions: contents read, packages for GHCR, attestations for attest actions', () => {
  const before =
    'on: push\njobs:\n  r:\n    steps:\n      - uses: actions/attest-build-provenance@v2\n        with:\n          subject-name: ghcr.io/acme/app\n';
  const after =
    'on: push\njobs:\n  r:\n    permissions:\n      contents: read\n      packages: write\n      attestations: write\n      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC\n    steps:\n      - uses: actions/attest-build-provenance@v2\n        with:\n          subject-name: ghcr.io/acme/app\n';
  assertGoldenFix(rule, path, before, after);
});
