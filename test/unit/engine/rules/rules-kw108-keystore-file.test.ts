import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keystoreFile } from '../../../../src/engine/rules/kw108-keystore-file';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { decodeFile } from '../../../../src/engine/text/decode';
import type { Finding } from '../../../../src/engine/types';
import { certifiedKey, hasTool, jksBytes, leakedWindow, pkcs12Bytes, run, spkiFingerprintOf, withTempDir } from '../../../helpers/nonpem-keys';
import { assertLinearWork, fill } from '../../../helpers/work-count';

/** Scans file bytes the way discovery does: text when the NUL sniff says text, and the head bytes either way. */
function scanBytes(path: string, bytes: Buffer): Finding[] {
  const decoded = decodeFile(bytes);
  return scanFile({ path, text: decoded.kind === 'text' ? decoded.text : undefined, head: bytes, committed: true }, { rules: [keystoreFile] });
}

test('KW108: a PKCS#12 with a key bag is an error at the start of the file, under any name', () => {
  const { bytes } = pkcs12Bytes({ withKey: true, encryptedCertificates: true, password: 'correct horse battery' });
  for (const path of ['release/signing.p12', 'signing.pfx', 'build/artifact.bin']) {
    const [finding, ...rest] = scanBytes(path, bytes);
    assert.ok(finding, path);
    assert.equal(rest.length, 0);
    assert.equal(finding.ruleId, 'KW108');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.carrier, 'binary');
    assert.deepEqual(finding.range, { start: 0, end: 0 });
    assert.deepEqual(finding.startPosition, { line: 0, character: 0 });
    assert.equal(finding.key?.format, 'PKCS#12');
    assert.equal(finding.key?.encrypted, true);
    assert.match(finding.message, /PKCS#12 keystore with 1 private key entry \(password-encrypted\)/);
    assert.match(finding.message, /attack its password offline/);
    assert.match(finding.identity, /^sha256:[0-9a-f]{64}$/);
  }
});

test('KW108: a PKCS#12 that opens with a well-known default password says so without naming it, and is read through', () => {
  for (const password of ['changeit', '']) {
    const p12 = pkcs12Bytes({ withKey: true, encryptedCertificates: true, password });
    const [finding] = scanBytes('keystore.p12', p12.bytes);
    assert.ok(finding);
    assert.equal(finding.key?.encrypted, false);
    assert.match(finding.message, /protected only by a well-known default password/);
    if (password !== '') assert.ok(!finding.message.includes(password));
    // The certificate inside the encrypted contents gives the key's fingerprint.
    assert.equal(finding.key?.publicKeyFingerprint, p12.fingerprint);
    assert.equal(finding.identity, p12.fingerprint);
  }
});

test('KW108: PKCS#12 truststores, placeholder .p12 files and other DER produce nothing', () => {
  // Certificates only, in the clear or behind a default password: public data.
  assert.deepEqual(scanBytes('truststore.p12', pkcs12Bytes({ withKey: false, encryptedCertificates: false, password: 'x' }).bytes), []);
  assert.deepEqual(scanBytes('truststore.p12', pkcs12Bytes({ withKey: false, encryptedCertificates: true, password: 'changeit' }).bytes), []);
  assert.deepEqual(scanBytes('keystore.p12', Buffer.from('placeholder: generate with `make keystore`\n')), []);
  assert.deepEqual(scanBytes('empty.pfx', Buffer.alloc(0)), []);
  // A certificate (DER SEQUENCE, but no version 3 PFX structure).
  assert.deepEqual(scanBytes('cert.der', certifiedKey().certificate), []);
  // Encrypted contents behind an unknown password cannot be ruled out: reported as "encrypted contents".
  const [hidden] = scanBytes('maybe.p12', pkcs12Bytes({ withKey: false, encryptedCertificates: true, password: 'x-unknown-x' }).bytes);
  assert.match(hidden?.message ?? '', /encrypted contents/);
});

test('KW108: JKS and JCEKS key stores by magic bytes, with the key entry fingerprint; truststores are public', () => {
  const key = certifiedKey();
  const jks = jksBytes(
    [
      { kind: 'certificate', certificate: certifiedKey().certificate },
      { kind: 'key', certificate: key.certificate },
    ],
    'n0t-a-default',
  );
  const [finding] = scanBytes('app.jks', jks);
  assert.ok(finding);
  assert.equal(finding.key?.format, 'JKS');
  assert.equal(finding.key?.algorithm, 'ec');
  assert.equal(finding.key?.curve, 'P-256');
  assert.equal(finding.key?.publicKeyFingerprint, key.fingerprint);
  assert.equal(finding.identity, key.fingerprint);
  assert.match(finding.message, /Java keystore \(JKS\) with 1 private key entry \(ECDSA P-256, password-encrypted, public key SHA256:/);

  const [byDefault] = scanBytes('unnamed', jksBytes([{ kind: 'key' }], 'changeit'));
  assert.match(byDefault?.message ?? '', /well-known default password/);

  const [jceks] = scanBytes('secrets.jceks', jksBytes([{ kind: 'key' }], 'x', 'JCEKS'));
  assert.equal(jceks?.key?.format, 'JCEKS');

  assert.deepEqual(scanBytes('truststore.jks', jksBytes([{ kind: 'certificate', certificate: key.certificate }], 'changeit')), []);
  assert.deepEqual(scanBytes('keystore.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 9, 0, 0, 0, 1])), []);
});

test('KW108: base64-encoded key stores in YAML and wrapped .b64 files', () => {
  const p12 = pkcs12Bytes({ withKey: true, encryptedCertificates: true, password: 'hunter2hunter2' }).bytes;
  const oneLine = p12.toString('base64');
  const yaml = `apiVersion: v1\nkind: Secret\ndata:\n  keystore.p12: ${oneLine}\n`;
  const [inYaml] = scanBytes('secret.yaml', Buffer.from(yaml));
  assert.ok(inYaml);
  assert.equal(inYaml.carrier, 'base64');
  assert.deepEqual(inYaml.range, { start: yaml.indexOf(oneLine), end: yaml.indexOf(oneLine) + oneLine.length });
  assert.match(inYaml.message, /base64-encoded/);
  assert.equal(leakedWindow(inYaml.message, oneLine), undefined);

  const wrapped = `${oneLine.replace(/(.{76})/g, '$1\n')}\n`;
  const [inFile] = scanBytes('signing.p12.b64', Buffer.from(wrapped));
  assert.ok(inFile);
  const lines = wrapped.trimEnd().split('\n');
  assert.deepEqual(inFile.startPosition, { line: 0, character: 0 });
  assert.deepEqual(inFile.endPosition, { line: lines.length - 1, character: (lines.at(-1) ?? '').length });

  const jks = jksBytes([{ kind: 'key' }], 'x').toString('base64');
  assert.equal(scanBytes('values.yaml', Buffer.from(`keystore: ${jks}\n`))[0]?.key?.format, 'JKS');

  // A base64 certificate (also starts with MI…) is not a keystore.
  assert.deepEqual(scanBytes('ca.yaml', Buffer.from(`ca.crt: ${certifiedKey().certificate.toString('base64')}\n`)), []);
});

test('KW108: linear work on adversarial input', () => {
  const inputs = [
    (size: number) => `MI${'A'.repeat(size)}`,
    (size: number) => fill(`${'MIIBAgEDMIIB'.padEnd(76, 'A')}\n`, size),
    (size: number) => fill(`${'/u3+7QAAAAIAAAAB'.padEnd(64, 'A')}\n`, size),
    (size: number) => fill('MI ', size),
  ];
  for (const input of inputs) {
    assertLinearWork(`input starting ${JSON.stringify(input(20).slice(0, 20))}`, input, (text) => scanBytes('big.yaml', Buffer.from(text)));
  }
});

test('KW108: stores written by the real openssl and keytool', { skip: !hasTool('openssl') && 'openssl not installed' }, () => {
  withTempDir((dir) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    run('openssl', ['req', '-x509', '-new', '-key', 'key.pem', '-subj', '/CN=keyward-test', '-days', '1', '-out', 'cert.pem'], { cwd: dir });
    run('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'a.p12', '-passout', 'pass:Wh4tever-Unguessable'], { cwd: dir });
    run('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'b.p12', '-passout', 'pass:changeit'], { cwd: dir });
    run('openssl', ['pkcs12', '-export', '-nokeys', '-in', 'cert.pem', '-out', 'trust.p12', '-passout', 'pass:x', '-certpbe', 'NONE'], { cwd: dir });
    run('openssl', ['pkcs12', '-export', '-nokeys', '-in', 'cert.pem', '-out', 'trust-changeit.p12', '-passout', 'pass:changeit'], { cwd: dir });
    const [a] = scanBytes('a.p12', readFileSync(join(dir, 'a.p12')));
    assert.match(a?.message ?? '', /1 private key entry \(password-encrypted\)/);
    const [b] = scanBytes('b.p12', readFileSync(join(dir, 'b.p12')));
    assert.match(b?.message ?? '', /well-known default password/);
    assert.equal(b?.key?.publicKeyFingerprint, spkiFingerprintOf(privateKey));
    assert.deepEqual(scanBytes('trust.p12', readFileSync(join(dir, 'trust.p12'))), []);
    assert.deepEqual(scanBytes('trust-changeit.p12', readFileSync(join(dir, 'trust-changeit.p12'))), []);
    if (hasTool('keytool')) {
      run(
        'keytool',
        [
          '-genkeypair',
          '-alias',
          'k',
          '-keyalg',
          'EC',
          '-dname',
          'CN=t',
          '-keystore',
          'k.jks',
          '-storetype',
          'JKS',
          '-storepass',
          'changeit',
          '-keypass',
          'changeit',
        ],
        { cwd: dir },
      );
      const [jks] = scanBytes('k.jks', readFileSync(join(dir, 'k.jks')));
      assert.equal(jks?.key?.format, 'JKS');
      assert.match(jks?.message ?? '', /well-known default password/);
    }
  });
});
