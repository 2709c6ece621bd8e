import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
import { privateKeyInEnv } from '../../../../src/engine/rules/kw204-private-key-in-env';
import { applyEdits } from '../../../../src/engine/shell/edits';
import { assertCommentsKept, assertGoldenFix, fixOf, GITHUB_FACTS, GITLAB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const path = '.github/workflows/release.yml';
const migrate = /^Migrate to keyless signing$/;

const before = [
  'name: release # images',
  'on:',
  '  push:',
  '    branches: [main]',
  'permissions:',
  '  contents: read',
  '  packages: write',
  'jobs:',
  '  release:',
  '    runs-on: ubuntu-latest',
  '    env:',
  '      IMAGE: ghcr.io/acme/app',
  '      COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }} # key password',
  '    steps:',
  '      - uses: sigstore/cosign-installer@v4.1.2',
  '      - name: Sign # the image',
  '        env:',
  '          COSIGN_PRIVATE_KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}',
  '        run: |',
  '          # push first',
  '          cosign sign --key env://COSIGN_PRIVATE_KEY \\',
  '            -a ref=${{ github.sha }} \\',
  '            "$IMAGE@${{ steps.build.outputs.digest }}"',
  '',
].join('\n');

const after = [
  'name: release # images',
  'on:',
  '  push:',
  '    branches: [main]',
  'permissions:',
  '  contents: read',
  '  packages: write',
  'jobs:',
  '  release:',
  '    runs-on: ubuntu-latest',
  '    env:',
  '      IMAGE: ghcr.io/acme/app',
  '    permissions:',
  '      contents: read',
  '      packages: write',
  '      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC',
  '    steps:',
  '      - uses: sigstore/cosign-installer@v4.1.2',
  '      - name: Sign # the image',
  '        run: |',
  '          # push first',
  "          # Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (job permission id-token: write).",
  '          cosign sign --yes \\',
  '            -a ref=${{ github.sha }} \\',
  '            "$IMAGE@${{ steps.build.outputs.digest }}"',
  '',
].join('\n');

test('Migrate to keyless signing (GitHub Actions): command, job permissions, env entries, secrets note', () => {
  const fix = assertGoldenFix(keyBasedSigning, path, before, after, { workspace: GITHUB_FACTS, title: migrate, safety: 'review' });
  assert.equal(fixOf(only(keyBasedSigning, path, before, GITHUB_FACTS)).title, 'Migrate to keyless signing', 'offered first');
  assert.match(fix.note ?? '', /`COSIGN_PASSWORD`, `COSIGN_PRIVATE_KEY`/);
  assert.match(fix.note ?? '', /repository secrets/);
  assertCommentsKept(before.replace(/ # key password/, ''), after);
  // KW204 offers the same migration, and nothing is left for either rule afterwards.
  const viaKw204 = fixOf(only(privateKeyInEnv, path, before, GITHUB_FACTS), migrate);
  assert.equal(applyEdits(before, viaKw204.edits), after);
  assert.deepEqual(scan(privateKeyInEnv, path, after, GITHUB_FACTS), []);
});

test('Migrate: an existing job permissions block gains the scope; variables still read elsewhere stay', () => {
  const text = [
    'on: push',
    'jobs:',
    '  sign:',
    '    permissions:',
    '      contents: read',
    '    env:',
    '      COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}',
    '    steps:',
    '      - run: cosign sign --key cosign.key "$IMAGE"',
    '      - run: cosign sign-blob --key cosign.key --bundle b.json f',
    '',
  ].join('\n');
  const finding = scan(keyBasedSigning, path, text, GITHUB_FACTS)[0];
  assert.ok(finding);
  const fix = fixOf(finding, migrate);
  const fixed = applyEdits(text, fix.edits);
  assert.match(fixed, / {6}contents: read\n {6}id-token: write # Sigstore/);
  assert.match(fixed, /COSIGN_PASSWORD: \$\{\{ secrets\.COSIGN_PASSWORD \}\}/, 'the second step still signs with the key: the password stays');
  assert.match(fixed, /- run: cosign sign --yes "\$IMAGE"/);
  // Migrating the second command too finishes the job: the password entry and the env block go.
  const second = scan(keyBasedSigning, path, fixed, GITHUB_FACTS)[0];
  assert.ok(second);
  const done = applyEdits(fixed, fixOf(second, migrate).edits);
  assert.doesNotMatch(done, /COSIGN_PASSWORD|env:/);
  assert.deepEqual(scan(keyBasedSigning, path, done, GITHUB_FACTS), []);
});

test('Migrate to keyless signing (GitLab CI): id_tokens added before script, comments kept', () => {
  const text = [
    'stages: [release]',
    'sign:',
    '  stage: release',
    '  variables:',
    '    COSIGN_PASSWORD: $RELEASE_KEY_PASSWORD # from settings',
    '    IMAGE: $CI_REGISTRY_IMAGE',
    '  script:',
    '    - cosign sign --key env://COSIGN_PRIVATE_KEY "$IMAGE@$DIGEST"',
    '',
  ].join('\n');
  const expected = [
    'stages: [release]',
    'sign:',
    '  stage: release',
    '  variables:',
    '    IMAGE: $CI_REGISTRY_IMAGE',
    '  id_tokens:',
    '    SIGSTORE_ID_TOKEN:',
    '      aud: sigstore # Sigstore keyless signing: cosign reads SIGSTORE_ID_TOKEN',
    '  script:',
    '    - cosign sign --yes "$IMAGE@$DIGEST"',
    '',
  ].join('\n');
  const fix = assertGoldenFix(keyBasedSigning, '.gitlab-ci.yml', text, expected, { workspace: GITLAB_FACTS, title: migrate });
  assert.match(fix.note ?? '', /`COSIGN_PRIVATE_KEY`/);
});

test('Migrate is not offered outside CI files or where the token cannot be added safely', () => {
  assert.ok(!(only(keyBasedSigning, 'sign.sh', 'cosign sign --key k img\n').fixes ?? []).some((f) => migrate.test(f.title)));
  const readAll = 'on: push\njobs:\n  s:\n    permissions: read-all\n    steps:\n      - run: cosign sign --key k img\n';
  assert.ok(!(only(keyBasedSigning, path, readAll).fixes ?? []).some((f) => migrate.test(f.title)));
  const inherited = 'default:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault\nsign:\n  script:\n    - cosign sign --key k img\n';
  assert.ok(!(only(keyBasedSigning, '.gitlab-ci.yml', inherited).fixes ?? []).some((f) => migrate.test(f.title)));
});
