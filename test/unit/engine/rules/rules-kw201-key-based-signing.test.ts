import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
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

const rule = keyBasedSigning;

test('KW201 finds key-based signing in every signing subcommand and carrier', () => {
  const cases: [string, string, string][] = [
    ['sign.sh', 'cosign sign --key cosign.key "$IMAGE@$DIGEST"\n', '--key cosign.key'],
    ['sign.sh', 'cosign sign-blob --key=env://COSIGN_PRIVATE_KEY f\n', '--key=env://COSIGN_PRIVATE_KEY'],
    ['sign.sh', 'cosign attest --predicate p.json --type slsaprovenance --key k8s://ns/cosign img\n', '--key k8s://ns/cosign'],
    ['sign.sh', 'cosign attest-blob -k gitlab://1234 --predicate p f\n', '-k gitlab://1234'],
    ['sign.sh', 'sudo COSIGN_PASSWORD="$PW" cosign sign --key "$KEY_FILE" img\n', '--key "$KEY_FILE"'],
    ['Makefile', 'sign:\n\t@$(COSIGN) sign --key $(KEY) $(IMAGE)\n', '--key $(KEY)'],
    ['Dockerfile', 'RUN ["cosign", "sign", "--key", "/k/cosign.key", "img"]\n', '"--key", "/k/cosign.key"'],
    ['package.json', '{"scripts": {"sign": "cosign sign --key \\"cosign.key\\" img"}}', '--key \\"cosign.key\\"'],
    ['.gitlab-ci.yml', 'sign:\n  script:\n    - cosign sign --key env://COSIGN_PRIVATE_KEY $IMAGE\n', '--key env://COSIGN_PRIVATE_KEY'],
    ['justfile', 'sign:\n    cosign sign --key {{key}} {{image}}\n', '--key {{key}}'],
    ['Taskfile.yml', 'tasks:\n  sign:\n    cmds:\n      - cosign sign --key cosign.key {{.IMAGE}}\n', '--key cosign.key'],
  ];
  for (const [path, text, expected] of cases) {
    const finding = only(rule, path, text);
    assert.equal(covered(text, finding), expected, path);
    assert.equal(finding.severity, 'warning', path);
  }
});

test('KW201: COSIGN_KEY in the environment is key-based signing too', () => {
  const text = 'export COSIGN_KEY=cosign.key\ncosign sign img\n';
  const finding = only(rule, 'sign.sh', text);
  assert.equal(covered(text, finding), 'COSIGN_KEY=cosign.key');
  assert.match(finding.message, /COSIGN_KEY/);
});

test('KW201: KMS, PKCS#11 and hardware keys are information only', () => {
  for (const key of [
    'awskms:///alias/release',
    'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k',
    'azurekms://v.vault.azure.net/k',
    'hashivault://transit',
    'pkcs11:token=t;object=o',
  ]) {
    const finding = only(rule, 'sign.sh', `cosign sign --key ${key} img\n`);
    assert.equal(finding.severity, 'information', key);
    assert.equal(finding.fixes, undefined, 'no migration offered for KMS keys');
  }
  assert.equal(only(rule, 'sign.sh', 'cosign sign --sk img\n').severity, 'information');
});

test('KW201 negatives: keyless signing, verification, other programs, comments, unknown subcommands', () => {
  for (const text of [
    'cosign sign --yes "$IMAGE@$DIGEST"\n',
    'cosign verify --key cosign.pub img\n',
    'echo cosign sign --key cosign.key img\n',
    '# cosign sign --key cosign.key img\n',
    'cosign public-key --key cosign.key\n',
    'gpg --sign --key k file\n',
  ]) {
    assert.deepEqual(scan(rule, 'sign.sh', text), [], text);
  }
});

test('KW201 in Markdown is documentation: information', () => {
  const text = '# Signing\n```sh\ncosign sign --key cosign.key ghcr.io/acme/app\n```\n';
  assert.equal(only(rule, 'README.md', text).severity, 'information');
});

test('KW201 fix, shell script: keyless sign, other flags and digest kept, password prefix dropped, comment added', () => {
  const before = '#!/bin/sh\nset -eu\nCOSIGN_PASSWORD="$PW" cosign sign --key cosign.key -a "sha=$SHA" --recursive "$IMAGE@${DIGEST}"\necho done\n';
  const after =
    '#!/bin/sh\nset -eu\n# Keyless signing: cosign gets a short-lived Fulcio certificate for this job\'s OIDC identity (job permission id-token: write).\ncosign sign --yes -a "sha=$SHA" --recursive "$IMAGE@${DIGEST}"\necho done\n';
  const fix = assertGoldenFix(rule, 'sign.sh', before, after, { workspace: GITHUB_FACTS, safety: 'review' });
  assert.match(fix.note ?? '', /id-token: write/);
  assert.match(fix.note ?? '', /cosign\.key/);
  assert.doesNotMatch(fix.note ?? '', /\$PW/);
});

test('KW201 fix keeps an existing --yes and multi-line layout', () => {
  const before = 'cosign sign \\\n  --yes \\\n  --key env://COSIGN_PRIVATE_KEY \\\n  "$IMAGE"\n';
  const after =
    '# Keyless signing: cosign gets a short-lived Fulcio certificate for the CI job\'s OIDC identity (GitHub: id-token: write; GitLab: id_tokens SIGSTORE_ID_TOKEN aud sigstore).\ncosign sign \\\n  --yes \\\n  "$IMAGE"\n';
  const fix = assertGoldenFix(rule, 'sign.sh', before, after);
  assert.match(fix.note ?? '', /COSIGN_PRIVATE_KEY/);
});

test('KW201 fix, GitHub Actions block scalar: comments kept, only the command changes', () => {
  const before = [
    'jobs:',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      COSIGN_PRIVATE_KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}',
    '      COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}',
    '    steps:',
    '      - name: Sign # the image',
    '        run: |',
    '          # push first',
    '          cosign sign --key env://COSIGN_PRIVATE_KEY \\',
    '            -a ref=${{ github.sha }} \\',
    '            "${{ env.IMAGE }}@${{ steps.build.outputs.digest }}"',
    '',
  ].join('\n');
  const after = [
    'jobs:',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      COSIGN_PRIVATE_KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}',
    '      COSIGN_PASSWORD: ${{ secrets.COSIGN_PASSWORD }}',
    '    steps:',
    '      - name: Sign # the image',
    '        run: |',
    '          # push first',
    "          # Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (job permission id-token: write).",
    '          cosign sign --yes \\',
    '            -a ref=${{ github.sha }} \\',
    '            "${{ env.IMAGE }}@${{ steps.build.outputs.digest }}"',
    '',
  ].join('\n');
  const fix = assertGoldenFix(rule, '.github/workflows/release.yml', before, after, { workspace: GITHUB_FACTS, title: /^Sign keyless/ });
  assertCommentsKept(before, after);
  assertOnlyLinesChanged(before, after, 10, 11);
  assert.match(fix.note ?? '', /`COSIGN_PASSWORD`, `COSIGN_PRIVATE_KEY`/);
});

test('KW201 fix, blob: --bundle named after the artifact replaces the detached outputs', () => {
  const before = 'cosign sign-blob --key cosign.key --output-signature "dist/app.tgz.sig" --output-certificate app.pem "dist/app.tgz"\n';
  const after =
    '# Keyless signing: cosign gets a short-lived Fulcio certificate for the CI job\'s OIDC identity (GitHub: id-token: write; GitLab: id_tokens SIGSTORE_ID_TOKEN aud sigstore).\ncosign sign-blob --yes --bundle "dist/app.tgz.sigstore.json" "dist/app.tgz"\n';
  assertGoldenFix(rule, 'sign.sh', before, after, { title: /bundle/ });
});

test('KW201 fix, Makefile: $$ and $(VAR) survive, comment as a make comment', () => {
  const before = 'sign:\n\t@cosign sign-blob --key $(KEY) --output-signature $@.sig $$ARTIFACT\n';
  const after =
    "sign:\n# Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (id_tokens: SIGSTORE_ID_TOKEN with aud: sigstore).\n\t@cosign sign-blob --yes --bundle $$ARTIFACT.sigstore.json $$ARTIFACT\n";
  assertGoldenFix(rule, 'Makefile', before, after, { workspace: GITLAB_FACTS });
});

test('KW201 fix, GitLab plain scalar and package.json: no comment, valid carriers', () => {
  assertGoldenFix(
    rule,
    '.gitlab-ci.yml',
    'sign:\n  script:\n    - cosign sign --key env://COSIGN_PRIVATE_KEY $IMAGE # keep\n',
    'sign:\n  script:\n    - cosign sign --yes $IMAGE # keep\n',
    { workspace: GITLAB_FACTS, title: /^Sign keyless/ },
  );
  assertGoldenFix(
    rule,
    'package.json',
    '{"scripts": {"sign": "cosign sign --key \\"cosign.key\\" $IMAGE"}}\n',
    '{"scripts": {"sign": "cosign sign --yes $IMAGE"}}\n',
  );
  assertGoldenFix(rule, 'Dockerfile', 'RUN ["cosign", "sign", "--key", "k", "img"]\n', 'RUN ["cosign", "sign", "--yes", "img"]\n');
});

test('KW201: no keyless fix when the key comes from a file-wide variable or the blob is unknown', () => {
  assert.equal(only(rule, 'sign.sh', 'export COSIGN_KEY=k\ncosign sign img\n').fixes, undefined);
  assert.equal(only(rule, 'sign.sh', 'cosign sign-blob --key k $COSIGN_ARGS\n').fixes, undefined);
});

test('KW201 fix in a CRLF script writes its comment line with CRLF', () => {
  assertGoldenFix(
    rule,
    'sign.sh',
    'set -e\r\ncosign sign --key cosign.key img\r\n',
    "set -e\r\n# Keyless signing: cosign gets a short-lived Fulcio certificate for this job's OIDC identity (job permission id-token: write).\r\ncosign sign --yes img\r\n",
    { workspace: GITHUB_FACTS },
  );
});

test('KW201 fix never adds a comment line inside a continued command or a substitution', () => {
  assertGoldenFix(rule, 'sign.sh', 'make build && \\\n  cosign sign --key k img\n', 'make build && \\\n  cosign sign --yes img\n');
  assertGoldenFix(rule, 'sign.sh', 'OUT=$(cosign sign-blob --key k --bundle b f)\n', 'OUT=$(cosign sign-blob --yes --bundle b f)\n');
});
