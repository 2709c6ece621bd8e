import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cosignPrivateKey } from '../../../../src/engine/rules/kw103-cosign-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { asJsonString, asKubernetesSecret, generateCosignKey, generateEncryptedPkcs8 } from '../../../helpers/keys';

function scan(text: string, path = 'cosign.key'): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [cosignPrivateKey] });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, 'exactly one finding');
  return findings[0] as Finding;
}

test('KW103: cosign keys under the current and the legacy label, one error each', () => {
  for (const legacyLabel of [false, true]) {
    const generated = generateCosignKey({ legacyLabel });
    const finding = only(scan(generated.text));
    assert.equal(finding.ruleId, 'KW103');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.startPosition.line, 0);
    assert.equal(finding.endPosition.line, generated.text.trimEnd().split('\n').length - 1);
    assert.equal(finding.key?.encrypted, true);
    assert.match(finding.message, /^cosign \/ Sigstore private key \(cosign envelope encrypted with scrypt \+ nacl\/secretbox\)\./);
    assert.match(finding.message, /guess its password offline/);
    assert.match(finding.message, /keyless signing: `cosign sign --yes IMAGE@DIGEST` in a job with an OIDC identity/);
    assert.match(finding.identity, /^sha256:[0-9a-f]{64}$/);
  }
});

test('KW103: a cosign key in a Kubernetes Secret (cosign generate-key-pair k8s://) and in a JSON string', () => {
  const generated = generateCosignKey();
  const secret = only(scan(asKubernetesSecret('signing-secrets', 'cosign.key', generated.text), 'chains.yaml'));
  assert.equal(secret.carrier, 'base64');
  assert.match(secret.message, /base64-encoded in a Kubernetes Secret value/);
  assert.equal(only(scan(`{"COSIGN_PRIVATE_KEY": ${asJsonString(generated.text)}}`, 'secrets.json')).carrier, 'escaped-string');
});

test('KW103: a placeholder cosign key and other encrypted keys are not KW103', () => {
  const placeholder = '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n<contents of cosign.key>\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n';
  assert.deepEqual(scan(`${placeholder}\n${generateEncryptedPkcs8().text}`), []);
});
