import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { tlogUploadDisabled } from '../../../../src/engine/rules/kw205-tlog-upload-disabled';
import { assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = tlogUploadDisabled;

test('KW205 finds --tlog-upload=false and COSIGN_TLOG_UPLOAD=false', () => {
  for (const [text, expected] of [
    ['cosign sign --tlog-upload=false --key k img\n', '--tlog-upload=false'],
    ['cosign sign-blob --tlog-upload=0 --bundle b f\n', '--tlog-upload=0'],
    ['COSIGN_TLOG_UPLOAD=false cosign sign img\n', 'COSIGN_TLOG_UPLOAD=false'],
    ['export COSIGN_TLOG_UPLOAD=False\n', 'COSIGN_TLOG_UPLOAD=False'],
  ] as const) {
    const finding = only(rule, 'a.sh', text);
    assert.equal(covered(text, finding), expected);
    assert.equal(finding.severity, 'warning');
  }
  only(rule, '.github/workflows/r.yml', 'env:\n  COSIGN_TLOG_UPLOAD: "false"\n  OTHER: 1\n');
});

test('KW205 negatives: upload on, or a bare `false` word (pflag booleans take no separate value)', () => {
  for (const text of [
    'cosign sign --tlog-upload img\n',
    'cosign sign --tlog-upload=true img\n',
    'cosign sign --tlog-upload false\n',
    'cosign sign --tlog-upload=$UPLOAD img\n',
  ]) {
    assert.deepEqual(scan(rule, 'a.sh', text), [], text);
  }
});

test('KW205 fix removes the flag or the variable (safe, layout kept)', () => {
  assertGoldenFix(rule, 'a.sh', 'cosign sign \\\n  --tlog-upload=false \\\n  --yes img\n', 'cosign sign \\\n  --yes img\n', { safety: 'safe' });
  assertGoldenFix(rule, 'a.sh', 'COSIGN_TLOG_UPLOAD=false cosign sign --yes img\n', 'cosign sign --yes img\n');
  assertGoldenFix(rule, '.github/workflows/r.yml', 'env:\n  COSIGN_TLOG_UPLOAD: "false" # why\n  OTHER: 1\n', 'env:\n  OTHER: 1\n');
});
