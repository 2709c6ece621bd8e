import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
import { tlogUploadDisabled } from '../../../../src/engine/rules/kw205-tlog-upload-disabled';
import { verifyWithoutIdentity } from '../../../../src/engine/rules/kw302-verify-without-identity';
import { wildcardIdentityRegexp } from '../../../../src/engine/rules/kw303-wildcard-identity-regexp';
import { tlogVerificationDisabled } from '../../../../src/engine/rules/kw305-tlog-verification-disabled';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

/** cosign run as a container: the image's entrypoint is cosign, `args:` are its arguments (no shell). */

const job = (image: string, args: string, extra = ''): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: verify\nspec:\n  template:\n    spec:\n      containers:\n        - name: cosign\n          image: ${image}\n${extra}          args: ${args}\n`;

test('Kubernetes Job with the cosign image and args: KW302, KW303, KW305 on the argv', () => {
  const bare = job('gcr.io/projectsigstore/cosign:v2.2.4', '["verify", "ghcr.io/acme/app@sha256:abc"]');
  const finding = only(verifyWithoutIdentity, 'deploy/verify-job.yaml', bare);
  assert.equal(finding.severity, 'error');
  assert.ok(covered(bare, finding).startsWith('gcr.io/projectsigstore/cosign:v2.2.4'));
  const loose = job(
    'ghcr.io/sigstore/cosign/cosign@sha256:0123abcd',
    '\n            - verify\n            - --certificate-identity-regexp=.*\n            - --certificate-oidc-issuer=https://token.actions.githubusercontent.com\n            - --insecure-ignore-tlog\n            - ghcr.io/acme/app\n',
  );
  assert.equal(covered(loose, only(wildcardIdentityRegexp, 'deploy/job.yaml', loose)), '--certificate-identity-regexp=.*');
  assert.equal(covered(loose, only(tlogVerificationDisabled, 'deploy/job.yaml', loose)), '--insecure-ignore-tlog');
  // No fix edits a YAML argv (the rules' fixes rewrite shell text).
  assert.equal(only(tlogVerificationDisabled, 'deploy/job.yaml', loose).fixes, undefined);
});

test('Tekton step with the cosign image: KW201 and KW205 on its args', () => {
  const task =
    'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: sign\nspec:\n  steps:\n    - name: sign\n      image: gcr.io/projectsigstore/cosign:v2.2.4\n      args: ["sign", "--key", "k8s://tekton/signing-secrets", "--tlog-upload=false", "$(params.image)"]\n';
  assert.equal(only(keyBasedSigning, 'tekton/sign.yaml', task).ruleId, 'KW201');
  assert.equal(covered(task, only(tlogUploadDisabled, 'tekton/sign.yaml', task)), '"--tlog-upload=false"');
});

test('cosign containers negatives: other images, a command that is not cosign, no args, exact identities', () => {
  const args = '["verify", "ghcr.io/acme/app"]';
  for (const image of ['ghcr.io/acme/cosign-wrapper:1', 'alpine:3', 'ghcr.io/acme/cosigned']) {
    assert.deepEqual(scan(verifyWithoutIdentity, 'deploy/job.yaml', job(image, args)), [], image);
  }
  // An explicit command replaces the entrypoint: this runs `echo`, not cosign.
  assert.deepEqual(scan(verifyWithoutIdentity, 'deploy/job.yaml', job('gcr.io/projectsigstore/cosign:v2', args, '          command: ["echo"]\n')), []);
  const exact = job(
    'gcr.io/projectsigstore/cosign:v2',
    '["verify", "--certificate-identity=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", "--certificate-oidc-issuer=https://token.actions.githubusercontent.com", "ghcr.io/acme/app"]',
  );
  assert.deepEqual(scan(verifyWithoutIdentity, 'deploy/job.yaml', exact), []);
  assert.deepEqual(scan(verifyWithoutIdentity, 'deploy/job.yaml', 'kind: Pod\nspec:\n  containers:\n    - image: gcr.io/projectsigstore/cosign:v2\n'), []);
});
