import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { policyStaticPass } from '../../../../src/engine/rules/kw504-policy-static-pass';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

const path = 'deploy/policy.yaml';
const head =
  'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: prod\nspec:\n  images:\n    - glob: "ghcr.io/acme/**"\n  authorities:\n';
const keyless =
  '    - keyless:\n        identities:\n          - issuer: https://token.actions.githubusercontent.com\n            subject: https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main\n';

test('KW504: a static pass authority is an error, next to a keyless one too; no fix', () => {
  const text = `${head}${keyless}    - static:\n        action: pass # break-glass?\n`;
  const finding = only(policyStaticPass, path, text);
  assert.equal(finding.severity, 'error');
  assert.equal(covered(text, finding), 'static:\n        action: pass');
  assert.match(finding.message, /without a signature/);
  assert.equal(finding.fixes, undefined);
  // Quoted and capitalised values are still `pass`; flow maps too.
  assert.equal(scan(policyStaticPass, path, `${head}    - static: { action: "Pass" }\n`).length, 1);
});

test('KW504 negatives: static fail, keyless only, other kinds, a ConfigMap that quotes the text', () => {
  assert.deepEqual(scan(policyStaticPass, path, `${head}    - static:\n        action: fail\n`), []);
  assert.deepEqual(scan(policyStaticPass, path, `${head}${keyless}`), []);
  assert.deepEqual(
    scan(policyStaticPass, path, 'kind: ConfigMap\ndata:\n  note: ClusterImagePolicy\n  authorities: |\n    - static:\n        action: pass\n'),
    [],
  );
  assert.deepEqual(scan(policyStaticPass, path, `${head}    - static: pass\n`), []);
});

test('KW504: a deliberate break-glass policy is suppressed inline with a reason', () => {
  const text = `${head}    # keyward-ignore KW504 reason: break-glass policy for kube-system images, reviewed by security\n    - static:\n        action: pass\n`;
  const result = scanFile({ path, text, committed: true }, { rules: [policyStaticPass] });
  assert.deepEqual(result, []);
  assert.equal(scan(policyStaticPass, path, text.replace(/ *# keyward-ignore.*\n/, '')).length, 1);
});
