/**
 * KW104 on keys that are not armoured (issue 15): binary OpenPGP keyrings (GnuPG 1 `secring.gpg`,
 * `gpg --export-secret-keys` without `--armor`) and gpg-agent `private-keys-v1.d/<keygrip>.key` files,
 * canonical S-expressions and the extended key format. Every key is built at test time.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pgpPrivateKey } from '../../../../src/engine/rules/kw104-pgp-private-key';
import { RULES } from '../../../../src/engine/rules/registry';
import type { Rule } from '../../../../src/engine/rules/rule';
import { scanFile, scanFileBytes } from '../../../../src/engine/scan/scanner';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import type { Finding } from '../../../../src/engine/types';
import { generateAgentKey, generateBinaryKeyring } from '../../../helpers/gpg-keys';
import { assertNoSecretLeak } from '../../../helpers/keys';

function scanBytes(bytes: Buffer, path: string, rules: readonly Rule[] = [pgpPrivateKey]): Finding[] {
  return scanFileBytes({ path, bytes, complete: true, committed: true }, { rules }).findings;
}

/** Deterministic pseudo-random bytes: SHA-256 in counter mode over a label. */
function seededBytes(label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(createHash('sha256').update(`${label}/${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, `exactly one finding, got ${findings.map((f) => `${f.ruleId} ${f.message}`).join(' | ')}`);
  return findings[0] as Finding;
}

function assertNoLeak(finding: Finding, bytes: Buffer): void {
  assertNoSecretLeak(finding.message, bytes.toString('hex'));
  assertNoSecretLeak(finding.message, bytes.toString('base64'));
  assert.ok(!finding.message.includes(bytes.subarray(20, 36).toString('latin1')));
}

describe('KW104: binary OpenPGP secret keys', () => {
  test('an unprotected secret key export (old packet headers) is an error with its v4 fingerprint', () => {
    const keyring = generateBinaryKeyring([{ primary: 'plain' }]);
    const finding = only(scanBytes(keyring.bytes, 'release/signing-key.gpg', RULES));
    assert.equal(finding.ruleId, 'KW104');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.carrier, 'binary');
    assert.equal(finding.key?.encrypted, false);
    assert.match(
      finding.message,
      new RegExp(`^OpenPGP private key, binary \\(OpenPGP v4, RSA 1024-bit, not passphrase-protected, fingerprint ${keyring.fingerprints[0]}\\)`),
    );
    assertNoLeak(finding, keyring.bytes);
  });

  test('S2K-protected keys and new-format packet headers; the name does not matter', () => {
    const keyring = generateBinaryKeyring([{ primary: 'protected', subkey: 'protected' }], { packetFormat: 'new' });
    const finding = only(scanBytes(keyring.bytes, 'backup/blob.bin'));
    assert.equal(finding.key?.encrypted, true);
    assert.match(finding.message, new RegExp(`passphrase-protected, fingerprint ${keyring.fingerprints[0]}\\).*once they guess its passphrase`));
  });

  test('a GnuPG 1 secring.gpg with several keys: one finding, the unprotected key shown, the count given', () => {
    const keyring = generateBinaryKeyring([{ primary: 'protected' }, { primary: 'plain', subkey: 'plain' }, { primary: 'protected' }]);
    const finding = only(scanBytes(keyring.bytes, '.gnupg/secring.gpg'));
    assert.equal(finding.key?.encrypted, false);
    assert.match(finding.message, new RegExp(`fingerprint ${keyring.fingerprints[1]}; 3 secret keys in this binary keyring`));
    assert.equal(finding.identity, keyring.fingerprints[1]);
  });

  test('--export-secret-subkeys: a stub primary (GNU dummy S2K) with a real secret subkey is reported under the primary fingerprint', () => {
    const keyring = generateBinaryKeyring([{ primary: 'stub', subkey: 'plain' }]);
    const finding = only(scanBytes(keyring.bytes, 'subkeys.gpg'));
    assert.equal(finding.key?.encrypted, false);
    assert.equal(finding.identity, keyring.fingerprints[0]);
  });

  test('negative: public keyrings, stub-only exports, damaged secret keys and random bytes produce nothing', () => {
    const keyring = generateBinaryKeyring([{ primary: 'plain', subkey: 'plain' }]);
    assert.deepEqual(scanBytes(keyring.publicBytes, 'pubring.gpg', RULES), []);
    assert.deepEqual(scanBytes(generateBinaryKeyring([{ primary: 'stub', subkey: 'stub' }]).bytes, 'card-stubs.gpg'), []);
    const badChecksum = Buffer.from(keyring.bytes);
    const packetEnd = 3 + badChecksum.readUInt16BE(1);
    badChecksum[packetEnd - 1] = (badChecksum[packetEnd - 1] ?? 0) ^ 0xff;
    assert.deepEqual(scanBytes(badChecksum, 'secring.gpg'), [], 'an unprotected key whose checksum fails is not a key');
    // The shapes noise used to take: a v4 key "protected" by a bare cipher id (PGP 2 wrote only v3 keys), and an
    // iterated S2K naming no hash algorithm.
    const x25519 = (secretPart: number[]): Buffer => {
      const body = Buffer.concat([Buffer.from([4, 0x5f, 0, 0, 0, 25]), seededBytes('x25519', 32), Buffer.from(secretPart), seededBytes('sealed', 60)]);
      return Buffer.concat([Buffer.from([0x95, body.length >> 8, body.length & 0xff]), body]);
    };
    assert.deepEqual(scanBytes(x25519([7]), 'legacy.gpg'), [], 'a v4 key with a bare cipher id is noise');
    assert.deepEqual(scanBytes(x25519([254, 9, 3, 0x77]), 'hash.gpg'), [], 'an S2K with hash id 0x77 is noise');
    assert.equal(only(scanBytes(x25519([254, 9, 3, 8]), 's2k.gpg')).ruleId, 'KW104', 'the same packet with SHA-256 is a protected key');
    // Seeded noise behind a v4 secret-key header: 2,000 buffers (a v4 key with PGP 2's bare-cipher protection,
    // once accepted, made about one in 1,700 read as a key; this test then failed now and then).
    for (let i = 0; i < 2000; i++) {
      const noise = Buffer.concat([Buffer.from([0x95, 0x01, 0x00, 0x04]), seededBytes(`noise-${i}`, 400)]);
      assert.deepEqual(scanBytes(noise, 'noise.gpg'), [], `noise-${i}`);
    }
  });

  test('bounded: a keyring cut by the head cap still reports the keys before the cut', () => {
    const keyring = generateBinaryKeyring([{ primary: 'plain' }, { primary: 'plain' }]);
    const cut = keyring.bytes.subarray(0, keyring.bytes.length - 10);
    assert.equal(only(scanBytes(Buffer.from(cut), 'secring.gpg')).identity, keyring.fingerprints[0]);
  });
});

describe('KW104: gpg-agent private-keys-v1.d key files', () => {
  const grip = (keygrip: string): string => `home/.gnupg/private-keys-v1.d/${keygrip}.key`;

  test('canonical S-expression, unprotected RSA: error, keygrip computed from the modulus', () => {
    const agent = generateAgentKey({ algorithm: 'rsa' });
    const finding = only(scanBytes(agent.bytes, 'keys/agent.key', RULES));
    assert.equal(finding.ruleId, 'KW104');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.key?.encrypted, false);
    assert.equal(finding.identity, agent.keygrip);
    assert.match(
      finding.message,
      new RegExp(
        `^OpenPGP private key in a gpg-agent key file \\(RSA 1024-bit, not passphrase-protected, gpg-agent key file \\(S-expression\\), keygrip ${agent.keygrip}\\)`,
      ),
    );
    assertNoLeak(finding, agent.bytes);
  });

  test('canonical S-expression, protected (openpgp-s2k3-sha1-aes-cbc) Ed25519: keygrip from the file name', () => {
    const agent = generateAgentKey({ algorithm: 'ed25519', protected: true });
    const finding = only(scanBytes(agent.bytes, grip(agent.keygrip)));
    assert.equal(finding.key?.encrypted, true);
    assert.match(finding.message, /Ed25519, passphrase-protected, gpg-agent key file \(S-expression\) protected with openpgp-s2k3-sha1-aes-cbc, keygrip /);
    assert.equal(finding.identity, agent.keygrip);
  });

  test('extended key format (Key: (private-key …) and (protected-private-key …)), also from editor text', () => {
    for (const isProtected of [false, true]) {
      for (const algorithm of ['rsa', 'ed25519'] as const) {
        const agent = generateAgentKey({ algorithm, protected: isProtected, form: 'extended' });
        const finding = only(scanBytes(agent.bytes, grip(agent.keygrip), RULES));
        assert.equal(finding.key?.encrypted, isProtected);
        assert.equal(finding.identity, agent.keygrip);
        assert.equal(finding.startPosition.line, 1, 'the Key: line');
        assertNoLeak(finding, agent.bytes);
        const fromEditor = only(scanFile({ path: grip(agent.keygrip), text: agent.bytes.toString('utf8'), committed: true }, { rules: [pgpPrivateKey] }));
        assert.equal(fromEditor.identity, agent.keygrip);
      }
    }
  });

  test('negative: shadowed (smartcard stub) keys, placeholders in docs and broken expressions produce nothing', () => {
    const shadowed = generateAgentKey({ shadowed: true });
    assert.deepEqual(scanBytes(shadowed.bytes, grip(shadowed.keygrip), RULES), []);
    assert.deepEqual(scanBytes(generateAgentKey({ shadowed: true, form: 'extended' }).bytes, 'x.key'), []);
    const docs = 'The file looks like:\n\nKey: (private-key (rsa (n #00C1...#)(e #010001#)(d #...#)))\n\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n...\n';
    assert.deepEqual(scanBytes(Buffer.from(docs), 'docs/gnupg.md', RULES), []);
    const agent = generateAgentKey({ algorithm: 'rsa' });
    assert.deepEqual(scanBytes(agent.bytes.subarray(0, agent.bytes.length - 40), 'cut.key'), [], 'a truncated expression');
    const unclosed = Buffer.from(`Key: (private-key (rsa (n #${'AB'.repeat(200)}`);
    assert.deepEqual(scanBytes(unclosed, 'unclosed.key'), []);
  });

  test('hostile: deep nesting and huge item counts are refused without blowing the stack', () => {
    const deep = Buffer.from(`${'('.repeat(100000)}11:private-key${')'.repeat(100000)}`);
    assert.deepEqual(scanBytes(deep, 'deep.key'), []);
    const wide = Buffer.from(`(11:private-key(3:rsa${'(1:n1:a)'.repeat(20000)}))`);
    assert.deepEqual(scanBytes(wide, 'wide.key'), []);
  });
});

test('workspace scan: secring.gpg and a canonical agent key file are reported, not skipped as binary', async () => {
  const root = mkdtempSync(join(tmpdir(), 'keyward-gpg-'));
  try {
    const keyring = generateBinaryKeyring([{ primary: 'plain' }]);
    const agent = generateAgentKey({ algorithm: 'rsa' });
    mkdirSync(join(root, 'gnupg', 'private-keys-v1.d'), { recursive: true });
    writeFileSync(join(root, 'gnupg', 'secring.gpg'), keyring.bytes);
    writeFileSync(join(root, 'gnupg', 'private-keys-v1.d', `${agent.keygrip}.key`), agent.bytes);
    writeFileSync(join(root, 'gnupg', 'pubring.gpg'), keyring.publicBytes);
    const result = await scanWorkspace({ root, trusted: false });
    const kw104 = result.findings.filter((f) => f.ruleId === 'KW104').map((f) => [f.path, f.identity]);
    assert.deepEqual(kw104.sort(), [
      ['gnupg/private-keys-v1.d/' + agent.keygrip + '.key', agent.keygrip],
      ['gnupg/secring.gpg', keyring.fingerprints[0]],
    ]);
    assert.deepEqual(
      result.skipped.map((s) => s.path),
      ['gnupg/pubring.gpg'],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
