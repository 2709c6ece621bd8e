import { strict as assert } from 'node:assert';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { armor, generatePemKey, type PemKeyKind } from '../../../helpers/keys';

/** Key findings (KW1xx) of the full rule set on one key file. */
function keyFindings(text: string): Finding[] {
  return scanFile({ path: 'testdata/server.key', text, committed: true }, { rules: RULES }).filter((f) => f.ruleId.startsWith('KW1'));
}

/** The DER of a generated key, with `search` (bytes that occur once) replaced by `replacement` of the same length. */
function edited(der: Buffer, search: Buffer, replacement: Buffer): Buffer {
  const at = der.indexOf(search);
  assert.ok(at >= 0 && der.indexOf(search, at + 1) < 0, 'the edited field occurs exactly once');
  assert.equal(replacement.length, search.length);
  return Buffer.concat([der.subarray(0, at), replacement, der.subarray(at + search.length)]);
}

/** The last byte of a field flipped: same length, different number. */
function flipLast(field: Buffer): Buffer {
  const copy = Buffer.from(field);
  copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x01;
  return copy;
}

function jwkField(key: KeyObject, name: 'n' | 'd' | 'x' | 'y'): Buffer {
  return Buffer.from(String(key.export({ format: 'jwk' })[name]), 'base64url');
}

const FORMS: readonly { kind: PemKeyKind; type: 'pkcs1' | 'pkcs8' | 'sec1'; label: string }[] = [
  { kind: 'rsa-pkcs1', type: 'pkcs1', label: 'RSA PRIVATE KEY' },
  { kind: 'rsa-pkcs8', type: 'pkcs8', label: 'PRIVATE KEY' },
  { kind: 'ec-sec1', type: 'sec1', label: 'EC PRIVATE KEY' },
  { kind: 'ec-pkcs8', type: 'pkcs8', label: 'PRIVATE KEY' },
];

test('keys that decode but cannot sign (RSA n ≠ p·q, d not inverting e, EC point ≠ d·G) are KW100, not KW101', () => {
  for (const form of FORMS) {
    const genuine = generatePemKey(form.kind);
    const der = genuine.privateKey.export({ type: form.type, format: 'der' });
    // Control: the real key is KW101 with its public fingerprint.
    assert.deepEqual(
      keyFindings(genuine.text).map((f) => [f.ruleId, f.key?.publicKeyFingerprint]),
      [['KW101', genuine.fingerprint]],
      form.kind,
    );
    const broken: Buffer[] = [];
    if (form.kind.startsWith('rsa')) {
      broken.push(edited(der, jwkField(genuine.privateKey, 'n'), flipLast(jwkField(genuine.privateKey, 'n'))));
      broken.push(edited(der, jwkField(genuine.privateKey, 'd'), flipLast(jwkField(genuine.privateKey, 'd'))));
    } else {
      // Another key's public point: a valid point of the curve, but not this scalar's.
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const point = (k: KeyObject): Buffer => Buffer.concat([Buffer.from([4]), jwkField(k, 'x'), jwkField(k, 'y')]);
      broken.push(edited(der, point(genuine.privateKey), point(other)));
      // A scalar above the group order (all ones): out of range for P-256.
      const d = jwkField(genuine.privateKey, 'd');
      broken.push(edited(der, d, Buffer.alloc(d.length, 0xff)));
    }
    for (const bytes of broken) {
      const found = keyFindings(armor(form.label, bytes));
      assert.deepEqual(
        found.map((f) => [f.ruleId, f.severity, f.key]),
        [['KW100', 'information', undefined]],
        form.kind,
      );
      assert.match(found[0]?.message ?? '', /does not decode to a key|not a usable key/);
    }
  }
});

test('key consistency: genuine RSA keys of other sizes and EC keys of other curves stay KW101', () => {
  for (const key of [
    generatePemKey('rsa-pkcs1', { bits: 1024 }),
    generatePemKey('rsa-pkcs8', { bits: 3072 }),
    generatePemKey('ec-sec1', { curve: 'P-384' }),
    generatePemKey('ec-sec1', { curve: 'P-521' }),
    generatePemKey('ec-pkcs8', { curve: 'secp256k1' }),
  ]) {
    assert.deepEqual(
      keyFindings(key.text).map((f) => [f.ruleId, f.key?.publicKeyFingerprint]),
      [['KW101', key.fingerprint]],
    );
  }
});

test('Ed25519 PKCS#8 v2 (OneAsymmetricKey with its public key) is a usable key; a wrong public key makes it KW100', () => {
  const pair = generateKeyPairSync('ed25519');
  const seed = pair.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(16);
  const publicKey = (k: KeyObject): Buffer => jwkField(k, 'x');
  const v2 = (pub: Buffer): string =>
    armor('PRIVATE KEY', Buffer.concat([Buffer.from('3051020101300506032b657004220420', 'hex'), seed, Buffer.from('812100', 'hex'), pub]));
  const found = keyFindings(v2(publicKey(pair.privateKey)));
  assert.deepEqual(
    found.map((f) => [f.ruleId, f.key?.format, f.key?.publicKeyFingerprint]),
    [['KW101', 'PKCS#8 v2', spkiOf(pair.publicKey)]],
  );
  const other = generateKeyPairSync('ed25519').privateKey;
  assert.deepEqual(
    keyFindings(v2(publicKey(other))).map((f) => [f.ruleId, f.key]),
    [['KW100', undefined]],
  );
});

test('a key block whose base64 spells a sentence is a placeholder, not a damaged key', () => {
  const sentence = Buffer.from('these are just some fake intermediate CA key bytes, replace them with your own').toString('base64');
  for (const label of ['EC PRIVATE KEY', 'RSA PRIVATE KEY', 'PRIVATE KEY'])
    assert.deepEqual(keyFindings(`-----BEGIN ${label}-----\n${sentence}\n-----END ${label}-----\n`), [], label);
  // Random bytes of the same length are a damaged key: still KW100.
  const random = generatePemKey('ec-sec1').privateKey.export({ type: 'sec1', format: 'der' }).subarray(0, 60).toString('base64');
  assert.deepEqual(
    keyFindings(`-----BEGIN EC PRIVATE KEY-----\n${random}\n-----END EC PRIVATE KEY-----\n`).map((f) => f.ruleId),
    ['KW100'],
  );
});

function spkiOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')
    .replace(/=+$/, '')}`;
}
