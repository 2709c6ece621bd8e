import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { privateKeyInEnv } from '../../../../src/engine/rules/kw204-private-key-in-env';
import { assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = privateKeyInEnv;

test('KW204 finds --key env://COSIGN_PRIVATE_KEY and COSIGN_KEY', () => {
  const text = 'cosign sign --key env://COSIGN_PRIVATE_KEY img\n';
  const finding = only(rule, 'a.sh', text);
  assert.equal(covered(text, finding), 'env://COSIGN_PRIVATE_KEY');
  assert.equal(finding.severity, 'warning');
  only(rule, 'a.sh', 'cosign attest --key=env://COSIGN_KEY --predicate p img\n');
});

test('KW204 finds the private key written to disk: echo, printf, here-docs, here-strings, tee, pipelines', () => {
  const cases: [string, string][] = [
    ['a.sh', 'echo "$COSIGN_PRIVATE_KEY" > cosign.key\n'],
    ['a.sh', 'printf \'%s\' "${COSIGN_KEY}" >> /tmp/k\n'],
    ['a.sh', 'cat > cosign.key <<EOF\n$COSIGN_PRIVATE_KEY\nEOF\n'],
    ['a.sh', 'base64 -d <<< "$COSIGN_PRIVATE_KEY" > cosign.key\n'],
    ['a.sh', 'echo "$COSIGN_PRIVATE_KEY" | base64 -d > cosign.key\n'],
    ['a.sh', 'echo "$COSIGN_PRIVATE_KEY" | tee cosign.key\n'],
    ['.github/workflows/r.yml', 'steps:\n  - run: echo "${{ secrets.COSIGN_PRIVATE_KEY }}" > cosign.key\n'],
    ['Makefile', 'key:\n\t@echo "$(COSIGN_PRIVATE_KEY)" > cosign.key\n'],
  ];
  for (const [path, text] of cases) {
    const finding = only(rule, path, text);
    assert.match(finding.message, /writes the private signing key/, path);
    assert.equal(finding.fixes, undefined, 'no automatic fix for writes');
  }
});

test('KW204 negatives: quoted here-docs, other variables, /dev/null, other env:// names', () => {
  const cases = [
    "cat > notes <<'EOF'\n$COSIGN_PRIVATE_KEY is a secret name\nEOF\n",
    'echo "$COSIGN_PUBLIC_KEY" > cosign.pub\n',
    'echo "$COSIGN_PRIVATE_KEY" > /dev/null\n',
    'echo "$COSIGN_PRIVATE_KEY"\n',
    'cosign sign --key env://MY_KEY img\n',
    'cosign sign --key cosign.key img\n',
  ];
  for (const text of cases) assert.deepEqual(scan(rule, 'a.sh', text), [], text);
});

test('KW204 fix: the same keyless migration as KW201', () => {
  assertGoldenFix(
    rule,
    '.gitlab-ci.yml',
    'sign:\n  script:\n    - cosign sign --key env://COSIGN_PRIVATE_KEY "$IMAGE@$DIGEST"\n',
    'sign:\n  script:\n    - cosign sign --yes "$IMAGE@$DIGEST"\n',
    { workspace: GITHUB_FACTS, safety: 'review', title: /^Sign keyless/ },
  );
});

test('KW204 through COSIGN_KEY=env://…: found at the value, fixed by dropping the prefix', () => {
  const text = 'COSIGN_KEY=env://COSIGN_PRIVATE_KEY cosign sign --yes img\n';
  assert.equal(covered(text, only(rule, 'a.sh', text)), 'env://COSIGN_PRIVATE_KEY');
  assertGoldenFix(
    rule,
    'a.sh',
    text,
    "# Keyless signing: cosign gets a short-lived Fulcio certificate for the CI job's OIDC identity (GitHub: id-token: write; GitLab: id_tokens SIGSTORE_ID_TOKEN aud sigstore).\ncosign sign --yes img\n",
  );
});
