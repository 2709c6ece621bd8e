import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { insecureRegistry } from '../../../../src/engine/rules/kw307-insecure-registry';
import { assertGoldenFix, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = insecureRegistry;

test('KW307 finds --allow-insecure-registry and --allow-http-registry on any subcommand', () => {
  assert.match(only(rule, 'a.sh', 'cosign sign --allow-insecure-registry localhost:5000/app\n').message, /TLS certificate verification/);
  assert.match(only(rule, 'a.sh', 'cosign copy --allow-http-registry a b\n').message, /plain HTTP/);
  assert.equal(only(rule, 'a.sh', 'COSIGN_ALLOW_INSECURE_REGISTRY=true cosign verify x\n').severity, 'warning');
  assert.equal(scan(rule, 'a.sh', 'cosign verify --allow-insecure-registry --allow-http-registry x\n').length, 2);
});

test('KW307 negatives', () => {
  for (const text of ['cosign verify x\n', 'cosign verify --allow-insecure-registry=false x\n', 'docker run --allow-insecure-registry x\n'])
    assert.deepEqual(scan(rule, 'a.sh', text), [], text);
});

test('KW307 fix removes the flag', () => {
  assertGoldenFix(
    rule,
    'a.sh',
    'cosign sign --yes --allow-insecure-registry localhost:5000/app@sha256:abc\n',
    'cosign sign --yes localhost:5000/app@sha256:abc\n',
    { safety: 'safe' },
  );
  assertGoldenFix(rule, '.github/workflows/t.yml', "steps:\n  - run: 'cosign copy --allow-http-registry a b'\n", "steps:\n  - run: 'cosign copy a b'\n");
});
