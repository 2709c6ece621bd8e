/**
 * Issue 15: keys inside base64 that decodes to JSON. Docker `config.json` `auth` values
 * (`base64("_json_key:" + service-account JSON)`) and Kubernetes `.dockerconfigjson` Secret values (the
 * whole config.json, base64-encoded, its `auth` base64 again) carry a PEM key with `\n` or `\\n` escapes
 * at any byte offset. Keys are generated at test time; findings never quote them.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { base64Fragments, EMBEDDED_PEM_ANCHORS, findEmbeddedBase64PemTokens } from '../../../../src/engine/keys/base64-carrier';
import { findPemBlocks } from '../../../../src/engine/keys/pem';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFileBytes } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { assertNoSecretLeak, generatePemKey } from '../../../helpers/keys';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function serviceAccount(privateKey: string, padding = ''): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: `demo${padding}`,
    private_key_id: 'abc123',
    private_key: privateKey,
    client_email: 'ci@demo.iam.gserviceaccount.com',
  });
}

function dockerConfig(auth: string, extra: Record<string, string> = {}): string {
  return JSON.stringify({ auths: { 'gcr.io': { auth, ...extra } } }, null, 2);
}

function dockerConfigSecret(config: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: registry\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(config)}\n`;
}

function scan(text: string, path: string): Finding[] {
  return scanFileBytes({ path, bytes: Buffer.from(text), complete: true, committed: true }, { rules: RULES }).findings;
}

function keyFinding(findings: Finding[]): Finding {
  const keys = findings.filter((f) => f.ruleId.startsWith('KW10'));
  assert.equal(keys.length, 1, `one key finding, got ${findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
  return keys[0] as Finding;
}

describe('keys in base64 that decodes to JSON', () => {
  test('the fragments match base64 of -----BEGIN at every byte offset, one and two levels deep', () => {
    for (let offset = 0; offset < 6; offset++) {
      const once = b64(`${'x'.repeat(offset)}{"k":"-----BEGIN PRIVATE KEY-----\\n"}`);
      assert.ok(
        base64Fragments('-----BEGIN').some((f) => once.includes(f)),
        `offset ${offset}`,
      );
      for (let outer = 0; outer < 3; outer++) {
        const twice = b64(`${'y'.repeat(outer)}"auth":"${once}"`);
        assert.ok(
          EMBEDDED_PEM_ANCHORS.some((f) => twice.includes(f)),
          `offset ${offset}/${outer}`,
        );
      }
    }
  });

  test('Docker config.json: a _json_key auth value holding a service-account key is reported (KW101), at every alignment', () => {
    for (let padding = 0; padding < 3; padding++) {
      const generated = generatePemKey('rsa-pkcs8');
      const auth = b64(`_json_key:${serviceAccount(generated.text, 'x'.repeat(padding))}`);
      const config = dockerConfig(auth);
      const finding = keyFinding(scan(config, '.docker/config.json'));
      assert.equal(finding.ruleId, 'KW101');
      assert.equal(finding.carrier, 'base64');
      assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
      assert.equal(config.slice(finding.range.start, finding.range.end), auth, 'the finding covers the auth value');
      assertNoSecretLeak(finding.message, generated.text);
    }
  });

  test('Kubernetes .dockerconfigjson: the key two base64 levels down (auth inside the encoded config.json) is reported', () => {
    const generated = generatePemKey('ec-pkcs8');
    const config = dockerConfig(b64(`_json_key:${serviceAccount(generated.text)}`));
    const finding = keyFinding(scan(dockerConfigSecret(config), 'k8s/registry-secret.yaml'));
    assert.equal(finding.ruleId, 'KW101');
    assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
    assert.match(finding.message, /base64-encoded in a Kubernetes Secret value/);
  });

  test('Kubernetes .dockerconfigjson: a doubly escaped (\\\\n) key in the password field is reported', () => {
    const generated = generatePemKey('rsa-pkcs1');
    const config = dockerConfig(b64('_json_key:x'), { username: '_json_key', password: serviceAccount(generated.text) });
    assert.ok(config.includes('\\\\n'), 'the key sits in a JSON string inside a JSON string');
    const finding = keyFinding(scan(dockerConfigSecret(config), 'secret.yaml'));
    assert.equal(finding.key?.publicKeyFingerprint, generated.fingerprint);
  });

  test('negative: plain user:password auths, placeholder keys and public keys in nested base64 produce no key finding', () => {
    const plain = dockerConfig(b64('robot$ci:not-a-key'));
    assert.deepEqual(findEmbeddedBase64PemTokens(plain), []);
    assert.deepEqual(
      scan(dockerConfigSecret(plain), 'secret.yaml').filter((f) => f.ruleId.startsWith('KW10')),
      [],
    );
    const placeholder = dockerConfig(b64(`_json_key:${serviceAccount('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n')}`));
    assert.deepEqual(
      scan(dockerConfigSecret(placeholder), 'secret.yaml').filter((f) => f.ruleId.startsWith('KW10')),
      [],
    );
    const publicOnly = dockerConfig(b64(`_json_key:${JSON.stringify({ key: generatePemKey('ec-pkcs8').publicPem })}`));
    assert.equal(findPemBlocks(publicOnly).filter((block) => block.kind === 'private-key').length, 0);
  });

  test('hostile: a megabyte of base64 full of fragments costs one bounded pass and finds nothing', () => {
    const fragments = EMBEDDED_PEM_ANCHORS.join('');
    const text = `data: ${fragments.repeat(Math.ceil((1024 * 1024) / fragments.length))}\n`;
    assert.deepEqual(findEmbeddedBase64PemTokens(text), []);
  });
});
