import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { chainsKeySigner } from '../../../../src/engine/rules/kw604-chains-key-signer';
import { chainsTransparencyDisabled } from '../../../../src/engine/rules/kw605-chains-transparency-disabled';
import { assertCommentsKept, assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const path = 'config/chains.yaml';
const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chains-config\n  namespace: tekton-chains\ndata:\n';

test('KW604: x509 signer (explicit or default) without Fulcio; fix enables Fulcio', () => {
  const before = `${head}  artifacts.oci.signer: x509 # cosign.key in signing-secrets\n  artifacts.oci.storage: oci\n`;
  const finding = only(chainsKeySigner, path, before);
  assert.equal(covered(before, finding), 'artifacts.oci.signer: x509');
  assert.equal(finding.severity, 'warning');
  const after = `${before}  signers.x509.fulcio.enabled: "true"\n`;
  assertGoldenFix(chainsKeySigner, path, before, after, { safety: 'review' });
  assertCommentsKept(before, after);
  const defaulted = `${head}  artifacts.oci.storage: oci\n`;
  assert.equal(covered(defaulted, only(chainsKeySigner, path, defaulted)), 'chains-config');
  assertGoldenFix(chainsKeySigner, path, `${head}  signers.x509.fulcio.enabled: "false"\n`, `${head}  signers.x509.fulcio.enabled: "true"\n`);
});

test('KW604 negatives: Fulcio enabled, non-x509 signers everywhere, other ConfigMaps', () => {
  assert.deepEqual(scan(chainsKeySigner, path, `${head}  signers.x509.fulcio.enabled: "true"\n`), []);
  assert.deepEqual(
    scan(chainsKeySigner, path, `${head}  artifacts.oci.signer: kms\n  artifacts.taskrun.signer: kms\n  artifacts.pipelinerun.signer: none\n`),
    [],
  );
  assert.deepEqual(scan(chainsKeySigner, path, 'kind: ConfigMap\nmetadata:\n  name: other # not chains-config\ndata: {}\n'), []);
});

test('KW605: transparency unset or false; fix sets it to true', () => {
  const unset = `${head}  signers.x509.fulcio.enabled: "true"\n`;
  assert.equal(covered(unset, only(chainsTransparencyDisabled, path, unset)), 'chains-config');
  assertGoldenFix(chainsTransparencyDisabled, path, unset, `${unset}  transparency.enabled: "true"\n`, { safety: 'safe' });
  assertGoldenFix(chainsTransparencyDisabled, path, `${head}  transparency.enabled: "false" # off\n`, `${head}  transparency.enabled: "true" # off\n`);
  assert.deepEqual(scan(chainsTransparencyDisabled, path, `${head}  transparency.enabled: manual\n`), []);
});
