import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { keyBasedSigning } from '../../../../src/engine/rules/kw201-key-based-signing';
import { keyBasedVerification } from '../../../../src/engine/rules/kw301-key-based-verification';
import { scan } from '../../../helpers/cosign-rule-harness';

/** Severity of each KW201 finding, in order. */
function severities(path: string, text: string): string[] {
  return scan(keyBasedSigning, path, text).map((f) => f.severity);
}

test('KW201: a KMS or PKCS#11 key passed through a variable assigned earlier is information, not a long-lived key', () => {
  for (const uri of [
    'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k',
    'awskms:///alias/release',
    'azurekms://vault.vault.azure.net/key',
    'hashivault://release',
    'openbao://transit/release',
    'pkcs11:token=yubi;slot-id=0;object=sig',
  ]) {
    for (const reference of ['"$KEY"', '$KEY', '"${KEY}"']) {
      const script = `#!/bin/sh\nKEY='${uri}'\ncosign sign --key ${reference} ghcr.io/a/b@sha256:00\n`;
      const found = scan(keyBasedSigning, 'sign.sh', script);
      assert.deepEqual(
        found.map((f) => f.severity),
        ['information'],
        `${uri} via ${reference}`,
      );
      assert.match(found[0]?.message ?? '', /set through KEY/);
    }
  }
  // export, a Makefile variable built with functions, a workflow env entry.
  assert.deepEqual(severities('sign.sh', 'export SIGNING_KEY=awskms:///alias/r\ncosign sign-blob --key "$SIGNING_KEY" --bundle a.json a\n'), ['information']);
  assert.deepEqual(
    severities('Makefile', 'COSIGN_KMS_KEY := gcpkms://$(subst a,b,$(CMREL_KEY))\nsign:\n\tcosign sign-blob --yes --key $(COSIGN_KMS_KEY) --bundle x.json x\n'),
    ['information'],
  );
  const workflow =
    'on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    env:\n      KMS_KEY: gcpkms://projects/p/k\n    steps:\n      - run: cosign sign --key "$KMS_KEY" ghcr.io/a/b@sha256:00\n      - run: cosign sign --key ${{ env.KMS_KEY }} ghcr.io/a/b@sha256:00\n';
  assert.deepEqual(severities('.github/workflows/release.yml', workflow), ['information', 'information']);
  // Verification against a KMS key through a variable: KW301 says KMS, not "trusts the public key $KEY".
  const verify = scan(keyBasedVerification, 'verify.sh', 'KEY=gcpkms://projects/p/k\ncosign verify --key "$KEY" ghcr.io/a/b@sha256:00\n');
  assert.match(verify[0]?.message ?? '', /verifies against a KMS key/);
});

test('KW201: a variable that is not (always) a KMS key stays a warning', () => {
  // A file path, a secret, or one of several assignments being a file: a long-lived key.
  assert.deepEqual(severities('sign.sh', 'KEY=cosign.key\ncosign sign --key "$KEY" ghcr.io/a/b@sha256:00\n'), ['warning']);
  assert.deepEqual(severities('sign.sh', 'KEY=gcpkms://p/k\nKEY=cosign.key\ncosign sign --key "$KEY" ghcr.io/a/b@sha256:00\n'), ['warning']);
  // Assigned only AFTER the command in a script: the command cannot see it.
  assert.deepEqual(severities('sign.sh', 'cosign sign --key "$KEY" ghcr.io/a/b@sha256:00\nKEY=gcpkms://p/k\n'), ['warning']);
  // Unknown variable, or a reference with more around it (`$KEY.pem`), is not resolved.
  assert.deepEqual(severities('sign.sh', 'cosign sign --key "$KEY" ghcr.io/a/b@sha256:00\n'), ['warning']);
  assert.deepEqual(severities('sign.sh', 'KEY=gcpkms://p/k\ncosign sign --key "$KEY.pem" ghcr.io/a/b@sha256:00\n'), ['warning']);
  // A Kubernetes secret holds an exportable private key: not a KMS key (a deliberate decision).
  assert.deepEqual(severities('sign.sh', 'KEY=k8s://ns/secret\ncosign sign --key "$KEY" ghcr.io/a/b@sha256:00\n'), ['warning']);
  assert.deepEqual(severities('sign.sh', 'cosign sign --key k8s://ns/secret ghcr.io/a/b@sha256:00\n'), ['warning']);
});

test('KW201: openbao:// is a KMS key written directly', () => {
  assert.deepEqual(severities('sign.sh', 'cosign sign --key openbao://transit/r ghcr.io/a/b@sha256:00\n'), ['information']);
});
