import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { publicKeyFingerprintOfPem, publicKeyFingerprintOfSpki } from '../../../../src/engine/keys/fingerprint';
import { findPemBlocks, type KeyVerdict } from '../../../../src/engine/keys/pem';
import { crc24 } from '../../../../src/engine/keys/pgp';
import type { KeyInfo } from '../../../../src/engine/types';
import {
  armor,
  generateCertificate,
  generateCosignKey,
  generateEncryptedPkcs8,
  generateLegacyEncryptedPem,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  generateSsh2EncryptedKey,
  pemBody,
  pgpArmor,
  type PemKeyKind,
} from '../../../helpers/keys';

function verdictOf(text: string): KeyVerdict {
  const blocks = findPemBlocks(text).filter((block) => block.kind === 'private-key');
  assert.equal(blocks.length, 1, 'exactly one private-key block');
  return (blocks[0] as (typeof blocks)[number]).verdict();
}

function keyOf(text: string): KeyInfo {
  const verdict = verdictOf(text);
  assert.equal(verdict.kind, 'key', verdict.kind === 'invalid' ? verdict.reason : verdict.kind);
  return (verdict as Extract<KeyVerdict, { kind: 'key' }>).key;
}

function reasonOf(text: string): string {
  const verdict = verdictOf(text);
  assert.equal(verdict.kind, 'invalid');
  return (verdict as Extract<KeyVerdict, { kind: 'invalid' }>).reason;
}

/** Replaces the body of an armoured key (keeping markers and headers) with `body`. */
function withBody(text: string, body: string): string {
  const lines = text.trimEnd().split('\n');
  const kept = lines.filter((line) => !/^[A-Za-z0-9+/]+=*$/.test(line));
  return [...kept.slice(0, -1), body, kept[kept.length - 1]].join('\n') + '\n';
}

describe('verdicts: OpenSSL-family keys (node:crypto)', () => {
  const cases: [PemKeyKind, Partial<KeyInfo>][] = [
    ['rsa-pkcs1', { format: 'PKCS#1', algorithm: 'rsa', bits: 2048 }],
    ['rsa-pkcs8', { format: 'PKCS#8', algorithm: 'rsa', bits: 2048 }],
    ['ec-sec1', { format: 'SEC1', algorithm: 'ec', curve: 'P-256' }],
    ['ec-pkcs8', { format: 'PKCS#8', algorithm: 'ec', curve: 'P-256' }],
    ['ed25519-pkcs8', { format: 'PKCS#8', algorithm: 'ed25519' }],
    ['dsa-pkcs8', { format: 'PKCS#8', algorithm: 'dsa', bits: 1024 }],
    ['dsa-traditional', { format: 'OpenSSL traditional DSA', algorithm: 'dsa', bits: 1024 }],
  ];
  for (const [kind, expected] of cases) {
    test(`${kind}: a key with type, size and the public half's fingerprint`, () => {
      const generated = generatePemKey(kind);
      const key = keyOf(generated.text);
      assert.deepEqual({ ...key }, { ...expected, encrypted: false, publicKeyFingerprint: generated.fingerprint });
    });
  }

  test('P-384 and RSA-3072 sizes are read from the key', () => {
    assert.equal(keyOf(generatePemKey('ec-sec1', { curve: 'P-384' }).text).curve, 'P-384');
    assert.equal(keyOf(generatePemKey('rsa-pkcs1', { bits: 3072 }).text).bits, 3072);
  });

  test('the fingerprint equals that of the exported public key PEM (cosign.pub) and of a certificate for it', () => {
    const generated = generatePemKey('ec-pkcs8');
    const fingerprint = keyOf(generated.text).publicKeyFingerprint;
    assert.match(fingerprint ?? '', /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.equal(publicKeyFingerprintOfPem(generated.publicPem), fingerprint);
    assert.equal(publicKeyFingerprintOfSpki(createPublicKey(generated.publicPem).export({ type: 'spki', format: 'der' })), fingerprint);
    assert.equal(publicKeyFingerprintOfPem(generateCertificate(generated.privateKey)), fingerprint);
    assert.equal(publicKeyFingerprintOfPem('-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n'), undefined);
  });

  test('encrypted PKCS#8 is a structurally checked encrypted key, never opened', () => {
    for (const kind of ['rsa', 'ec'] as const) {
      assert.deepEqual({ ...keyOf(generateEncryptedPkcs8(kind).text) }, { format: 'PKCS#8 encrypted with PBES2', encrypted: true });
    }
  });

  test('legacy Proc-Type: 4,ENCRYPTED PEM is an encrypted key with the cipher and algorithm', () => {
    assert.deepEqual({ ...keyOf(generateLegacyEncryptedPem('rsa').text) }, { format: 'PEM encrypted with AES-256-CBC', algorithm: 'rsa', encrypted: true });
    assert.equal(keyOf(generateLegacyEncryptedPem('ec').text).algorithm, 'ec');
  });

  test('a legacy encrypted PEM without DEK-Info, or with a body that is not whole cipher blocks, is invalid', () => {
    const text = generateLegacyEncryptedPem('rsa').text;
    assert.match(reasonOf(text.replace(/DEK-Info: .*\n/, '')), /DEK-Info/);
    const body = pemBody(text);
    assert.match(reasonOf(withBody(text, body.slice(0, body.length - 8))), /cipher blocks/);
  });

  test('an unencrypted PKCS#8 key under a non-standard label is still opened', () => {
    const generated = generatePemKey('ed25519-pkcs8');
    const text = generated.text.replace(/PRIVATE KEY/g, 'ED25519 PRIVATE KEY');
    assert.equal(keyOf(text).publicKeyFingerprint, generated.fingerprint);
  });
});

describe('verdicts: OpenSSH', () => {
  for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
    test(`${type}: algorithm, size and the ssh-keygen fingerprint of the public blob`, () => {
      const generated = generateOpenSshKey({ type });
      const key = keyOf(generated.text);
      assert.equal(key.format, 'OpenSSH');
      assert.equal(key.encrypted, false);
      assert.equal(key.publicKeyFingerprint, generated.fingerprint);
      assert.equal(key.algorithm, { ed25519: 'ed25519', ecdsa: 'ec', rsa: 'rsa' }[type]);
      if (type === 'rsa') assert.equal(key.bits, 2048);
      if (type === 'ecdsa') assert.equal(key.curve, 'P-256');
    });
  }

  test('encrypted (aes256-ctr + bcrypt): encrypted, and the fingerprint is still known', () => {
    const generated = generateOpenSshKey({ encrypted: true });
    const key = keyOf(generated.text);
    assert.equal(key.encrypted, true);
    assert.equal(key.format, 'OpenSSH encrypted with aes256-ctr (bcrypt KDF)');
    assert.equal(key.publicKeyFingerprint, generated.fingerprint);
  });

  const sshKeygen = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' });
  test('fingerprints equal what ssh-keygen -lf prints (when ssh-keygen is installed)', { skip: sshKeygen.error ? 'ssh-keygen not installed' : false }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-ssh-'));
    try {
      for (const options of [{ type: 'ed25519' as const }, { type: 'rsa' as const }, { type: 'ecdsa' as const, encrypted: true }]) {
        const generated = generateOpenSshKey(options);
        const file = join(dir, 'id_test');
        writeFileSync(file, generated.text, { mode: 0o600 });
        const listed = spawnSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' });
        assert.equal(listed.status, 0, 'ssh-keygen accepts the generated key');
        assert.equal(listed.stdout.split(' ')[1], keyOf(generated.text).publicKeyFingerprint);
        rmSync(file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('truncation, bad magic and mismatched check integers are invalid with a reason', () => {
    const generated = generateOpenSshKey();
    const body = pemBody(generated.text);
    assert.match(reasonOf(withBody(generated.text, body.slice(0, 120))), /OpenSSH/);
    const bytes = Buffer.from(body, 'base64');
    const badMagic = Buffer.from(bytes);
    badMagic[3] = 0x41;
    assert.match(reasonOf(withBody(generated.text, badMagic.toString('base64'))), /magic/);
    // The private section starts after the public blob: flip the first check integer.
    const checkOffset = bytes.indexOf(generated.publicBlob) + generated.publicBlob.length + 4;
    const badCheck = Buffer.from(bytes);
    badCheck[checkOffset] = (badCheck[checkOffset] ?? 0) ^ 0xff;
    assert.match(reasonOf(withBody(generated.text, badCheck.toString('base64'))), /check integers/);
  });
});

describe('verdicts: cosign, OpenPGP, SSH2', () => {
  test('cosign envelopes under both labels are encrypted keys', () => {
    for (const legacyLabel of [false, true]) {
      assert.deepEqual(
        { ...keyOf(generateCosignKey({ legacyLabel }).text) },
        { format: 'cosign envelope encrypted with scrypt + nacl/secretbox', encrypted: true },
      );
    }
  });

  test('a cosign body that is not the envelope, or lacks the ciphertext, is invalid', () => {
    const text = generateCosignKey().text;
    const envelope = JSON.parse(Buffer.from(pemBody(text), 'base64').toString('utf8')) as Record<string, unknown>;
    delete envelope['ciphertext'];
    assert.match(reasonOf(armor('ENCRYPTED SIGSTORE PRIVATE KEY', Buffer.from(JSON.stringify(envelope)))), /ciphertext/);
    assert.match(reasonOf(armor('ENCRYPTED SIGSTORE PRIVATE KEY', randomBytes(200))), /JSON envelope/);
  });

  test('OpenPGP: version, algorithm, size, protection and the gpg fingerprint; old and new packet formats', () => {
    for (const packetFormat of ['old', 'new'] as const) {
      const generated = generatePgpKey({ packetFormat, bits: 1024 });
      assert.deepEqual(
        { ...keyOf(generated.text) },
        { format: 'OpenPGP v4', algorithm: 'rsa', bits: 1024, encrypted: false, publicKeyFingerprint: generated.fingerprint },
      );
    }
    assert.equal(keyOf(generatePgpKey({ encrypted: true, bits: 1024 }).text).encrypted, true);
    assert.equal(keyOf(generatePgpKey({ checksum: false, bits: 1024 }).text).algorithm, 'rsa');
  });

  test('OpenPGP: a wrong CRC-24, a public-key first packet or a truncated packet is invalid', () => {
    const generated = generatePgpKey({ bits: 1024 });
    const data = Buffer.from(pemBody(generated.text), 'base64');
    assert.match(reasonOf(generated.text.replace(/^=(.{4})$/m, (_line, crc: string) => `=${crc === 'AAAA' ? 'AAAB' : 'AAAA'}`)), /checksum/);
    const publicFirst = Buffer.from(data);
    publicFirst[0] = 0x99; // old format, tag 6
    assert.match(reasonOf(pgpArmor('PGP PRIVATE KEY BLOCK', publicFirst)), /public key/);
    assert.match(reasonOf(pgpArmor('PGP PRIVATE KEY BLOCK', data.subarray(0, 300))), /truncated/);
  });

  test('crc24 matches the RFC 4880 definition (empty input is the initial value)', () => {
    assert.equal(crc24(new Uint8Array()), 0xb704ce);
    assert.equal(crc24(Buffer.from('123456789')), 0x21cf02);
  });

  test('SSH2 commercial keys: encrypted unless the cipher is none', () => {
    assert.deepEqual({ ...keyOf(generateSsh2EncryptedKey().text) }, { format: 'SSH2 (commercial SSH) encrypted with 3des-cbc', encrypted: true });
    assert.equal(keyOf(generateSsh2EncryptedKey({ cipher: 'none' }).text).encrypted, false);
  });

  test('SSH2 headers continued with a trailing backslash stay headers', () => {
    const text = generateSsh2EncryptedKey().text.replace('Comment: "keyward test key"', 'Comment: "keyward test key with a long\\\n comment that continues"');
    const blocks = findPemBlocks(text);
    assert.equal(blocks[0]?.headers.get('Comment'), '"keyward test key with a long comment that continues"');
    assert.equal(keyOf(text).encrypted, true);
  });
});

describe('verdicts: placeholders and damaged keys', () => {
  const label = 'RSA PRIVATE KEY';
  const placeholders = [
    '',
    '...',
    '…',
    '<your key here>',
    'xxx',
    'REDACTED',
    'MIIEpAIBAAKCAQEA...',
    'MIIEpAIBAAKCAQEAx4',
    '${SIGNING_KEY}',
    '{{ .Values.signingKey }}',
    'A'.repeat(1600),
    'YOURPRIVATEKEYGOESHEREYOURPRIVATEKEYGOESHEREYOURPRIVATEKEYGOESHERE',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n...\n... (truncated) ...',
    'Paste the contents of your key file here, including the BEGIN and END lines.',
  ];
  for (const body of placeholders) {
    test(`placeholder body ${JSON.stringify(body.length > 40 ? `${body.slice(0, 37)}...` : body)}`, () => {
      assert.equal(verdictOf(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`).kind, 'placeholder');
    });
  }

  test('a truncated real key is invalid (not a placeholder) with a reason that quotes nothing', () => {
    const generated = generatePemKey('rsa-pkcs8');
    const body = pemBody(generated.text);
    const reason = reasonOf(withBody(generated.text, body.slice(0, 640)));
    assert.match(reason, /truncated or corrupted/);
    assert.ok(!reason.includes(body.slice(0, 16)));
  });

  test('a damaged real key whose base64 happens to spell a placeholder word is still invalid (reported), as is such a public key', () => {
    const generated = generatePemKey('rsa-pkcs8');
    const body = pemBody(generated.text);
    const spelled = `${body.slice(0, 300)}your${body.slice(304, 900)}`;
    assert.equal(verdictOf(withBody(generated.text, spelled)).kind, 'invalid');
    const publicBody = pemBody(generated.publicPem!);
    const publicSpelled = `${publicBody.slice(0, 100)}todo${publicBody.slice(104)}`;
    const blocks = findPemBlocks(withBody(generated.publicPem!, publicSpelled));
    assert.deepEqual(
      blocks.map((block) => [block.kind, block.verdict().kind]),
      [['public-key', 'invalid']],
    );
  });

  test('a key whose DER header was damaged is invalid', () => {
    const generated = generatePemKey('ec-sec1');
    const body = pemBody(generated.text);
    assert.equal(verdictOf(withBody(generated.text, `MIIB${body.slice(4)}`)).kind, 'invalid');
  });

  test('public keys, certificates and PGP public blocks are never private keys', () => {
    const generated = generatePemKey('rsa-pkcs1');
    const rsaPublic = String(createPublicKey(generated.privateKey).export({ type: 'pkcs1', format: 'pem' }));
    const text = [generated.publicPem, rsaPublic, generateCertificate(), generatePgpKey({ bits: 1024 }).publicText].join('\n');
    const blocks = findPemBlocks(text);
    assert.deepEqual(
      blocks.map((block) => block.kind),
      ['public-key', 'public-key', 'certificate', 'public-key'],
    );
    assert.ok(blocks.every((block) => block.family === undefined && block.verdict().kind === 'invalid'));
  });
});
