import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedVerification } from '../../../../src/engine/rules/kw301-key-based-verification';
import {
  assertCommentsKept,
  assertGoldenFix,
  assertOnlyLinesChanged,
  covered,
  GITHUB_FACTS,
  GITLAB_FACTS,
  only,
  scan,
} from '../../../helpers/cosign-rule-harness';

const rule = keyBasedVerification;

test('KW301 finds verification against a key in every verify subcommand', () => {
  for (const text of [
    'cosign verify --key cosign.pub img\n',
    'cosign verify-attestation --type slsaprovenance --key=k8s://ns/pub img\n',
    'cosign verify-blob --key https://example.com/cosign.pub --signature s f\n',
    'cosign verify-blob-attestation --key env://PUB --bundle b f\n',
    'cosign dockerfile verify --key cosign.pub Dockerfile\n',
    'COSIGN_KEY=cosign.pub cosign verify img\n',
  ]) {
    const finding = only(rule, 'verify.sh', text);
    assert.equal(finding.severity, 'information', 'no CI signing known: information');
  }
});

test('KW301 is a warning when the workspace signs in CI; KMS keys stay information', () => {
  assert.equal(only(rule, 'verify.sh', 'cosign verify --key cosign.pub img\n', GITHUB_FACTS).severity, 'warning');
  const kms = only(rule, 'verify.sh', 'cosign verify --key gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k img\n', GITHUB_FACTS);
  assert.equal(kms.severity, 'information');
  assert.equal(kms.fixes, undefined);
  assert.equal(only(rule, 'README.md', '```sh\ncosign verify --key cosign.pub img\n```\n', GITHUB_FACTS).severity, 'information');
});

test('KW301 negatives: keyless verification, signing, public-key export', () => {
  for (const text of [
    'cosign verify --certificate-identity=x --certificate-oidc-issuer=y img\n',
    'cosign sign --key cosign.key img\n',
    'cosign public-key --key cosign.key > cosign.pub\n',
  ]) {
    assert.deepEqual(scan(rule, 'verify.sh', text), [], text);
  }
});

test('KW301 fix: the inferred GitHub identity replaces --key (flag form and layout kept)', () => {
  const before = 'cosign verify \\\n  --key cosign.pub \\\n  "$IMAGE@$DIGEST"\n';
  const after =
    'cosign verify \\\n  --certificate-identity=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main --certificate-oidc-issuer=https://token.actions.githubusercontent.com \\\n  "$IMAGE@$DIGEST"\n';
  const fix = assertGoldenFix(rule, 'verify.sh', before, after, { workspace: GITHUB_FACTS, safety: 'review' });
  assert.equal(fix.title, 'Verify the signer identity instead of a public key');
  assert.match(fix.note ?? '', /inferred/);
  assertOnlyLinesChanged(before, after, 1, 1);
});

test('KW301 fix: GitLab identity with the double slash', () => {
  assertGoldenFix(
    rule,
    '.gitlab-ci.yml',
    'verify:\n  script:\n    - cosign verify --key cosign.pub $IMAGE # check\n',
    'verify:\n  script:\n    - cosign verify --certificate-identity=https://gitlab.com/acme/tools/app//.gitlab-ci.yml@refs/heads/main --certificate-oidc-issuer=https://gitlab.com $IMAGE # check\n',
    { workspace: GITLAB_FACTS },
  );
});

test('KW301 fix without workspace facts: quoted placeholders, and the title says so', () => {
  const fix = assertGoldenFix(
    rule,
    'verify.sh',
    'cosign verify --key cosign.pub img\n',
    "cosign verify --certificate-identity='<https://github.com/OWNER/REPO/.github/workflows/FILE.yml@refs/heads/main>' --certificate-oidc-issuer='<https://token.actions.githubusercontent.com>' img\n",
  );
  assert.match(fix.title, /placeholders/);
  assert.match(fix.note ?? '', /could not infer/i);
});

test('KW301 fix inside a signing workflow uses that workflow as the signer; YAML comments kept', () => {
  const before = [
    'on: push',
    'jobs:',
    '  sign:',
    '    steps:',
    '      - run: cosign sign --yes "$IMAGE"',
    '      # double-check',
    '      - run: |',
    '          cosign verify --key cosign.pub "$IMAGE"  # old key',
    '',
  ].join('\n');
  const after = before.replace(
    '--key cosign.pub',
    '--certificate-identity=https://github.com/acme/app/.github/workflows/publish.yml@refs/heads/main --certificate-oidc-issuer=https://token.actions.githubusercontent.com',
  );
  assertGoldenFix(rule, '.github/workflows/publish.yml', before, after, {
    workspace: { remote: { host: 'github.com', owner: 'acme', repo: 'app' }, defaultBranch: 'main' },
  });
  assertCommentsKept(before, after);
});

test('KW301 fix keeps an identity flag that is already there, and works in exec form', () => {
  assertGoldenFix(
    rule,
    'verify.sh',
    'cosign verify --certificate-identity=x --key k.pub img\n',
    "cosign verify --certificate-identity=x --certificate-oidc-issuer='<https://token.actions.githubusercontent.com>' img\n",
  );
  assertGoldenFix(
    rule,
    'Dockerfile',
    'RUN ["cosign", "verify", "--key", "k.pub", "img"]\n',
    'RUN ["cosign", "verify", "--certificate-identity=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", "--certificate-oidc-issuer=https://token.actions.githubusercontent.com", "img"]\n',
    { workspace: GITHUB_FACTS },
  );
  const text = 'cosign verify --key k img\n';
  assert.equal(covered(text, only(rule, 'a.sh', text)), '--key k');
});
