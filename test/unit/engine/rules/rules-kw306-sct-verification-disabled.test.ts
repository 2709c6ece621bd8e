import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { sctVerificationDisabled } from '../../../../src/engine/rules/kw306-sct-verification-disabled';
import { assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = sctVerificationDisabled;

test('KW306 finds --insecure-ignore-sct and COSIGN_INSECURE_IGNORE_SCT', () => {
  const text = 'cosign verify --certificate-identity=x --certificate-oidc-issuer=y --insecure-ignore-sct img\n';
  const finding = only(rule, 'v.sh', text);
  assert.equal(covered(text, finding), '--insecure-ignore-sct');
  assert.equal(finding.severity, 'warning');
  only(rule, 'Dockerfile', 'ENV COSIGN_INSECURE_IGNORE_SCT=true\n');
});

test('KW306 negatives', () => {
  for (const text of ['cosign verify --insecure-ignore-sct=false img\n', 'cosign verify --insecure-ignore-tlog img\n'])
    assert.deepEqual(scan(rule, 'v.sh', text), [], text);
});

test('KW306 fix removes the flag or the variable', () => {
  assertGoldenFix(rule, 'v.sh', 'cosign verify --insecure-ignore-sct \\\n  img\n', 'cosign verify \\\n  img\n', { safety: 'safe' });
  assertGoldenFix(rule, 'Dockerfile', 'FROM x\nENV COSIGN_INSECURE_IGNORE_SCT=true\nRUN cosign verify img\n', 'FROM x\nRUN cosign verify img\n');
});
