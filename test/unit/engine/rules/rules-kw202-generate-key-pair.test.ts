import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { generateKeyPair } from '../../../../src/engine/rules/kw202-generate-key-pair';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = generateKeyPair;

test('KW202 finds generate-key-pair without --kms, locally and into CI or cluster secrets', () => {
  const local = 'cosign generate-key-pair\n';
  const finding = only(rule, 'setup.sh', local);
  assert.equal(covered(local, finding), 'cosign generate-key-pair');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /cosign\.key/);
  const github = only(rule, 'setup.sh', 'COSIGN_PASSWORD="$PW" cosign generate-key-pair github://acme/app\n');
  assert.match(github.message, /github:\/\/acme\/app/);
  only(rule, '.gitlab-ci.yml', 'keys:\n  script:\n    - cosign generate-key-pair --output-key-prefix release k8s://ns/name\n');
  only(rule, 'Dockerfile', 'RUN cosign generate-key-pair \\\n  --output-key-prefix ci\n');
});

test('KW202 negatives: KMS-backed key pairs, other subcommands, mentions in echo', () => {
  for (const text of [
    'cosign generate-key-pair --kms gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k\n',
    'COSIGN_KMS=awskms:///alias/x cosign generate-key-pair\n',
    'cosign import-key-pair --key k.pem\n',
    'echo "run cosign generate-key-pair"\n',
  ]) {
    assert.deepEqual(scan(rule, 'setup.sh', text), [], text);
  }
});

test('KW202 in docs is information and offers no fix', () => {
  const finding = only(rule, 'docs/keys.md', '```console\n$ cosign generate-key-pair\nEnter password for private key:\n```\n');
  assert.equal(finding.severity, 'information');
  assert.equal(finding.fixes, undefined);
});
