import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bech32Decode, bech32Encode } from '../../../../src/engine/keys/age';
import { ageSecretKey } from '../../../../src/engine/rules/kw106-age-secret-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { ageKey, hasTool, leakedWindow, run, withTempDir } from '../../../helpers/nonpem-keys';
import { assertLinearWork, fill } from '../../../helpers/work-count';

function scan(path: string, text: string): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [ageSecretKey] });
}

test('bech32: BIP-173 test vectors', () => {
  // Valid strings from BIP-173 (checksums computed by the BIP's reference code).
  for (const valid of [
    'A12UEL5L',
    'a12uel5l',
    'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
    'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
  ]) {
    assert.ok(bech32Decode(valid), valid);
  }
  // Invalid: bad checksum, mixed case, no separator, empty hrp.
  for (const invalid of ['A12UEL5M', 'A12uEL5L', 'pzry9x0s0muk', '1pzry9x0s0muk', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx']) {
    assert.equal(bech32Decode(invalid), undefined, invalid);
  }
  // Round trip, and the known BIP-173 encoding of the empty data part.
  assert.equal(bech32Encode('a', new Uint8Array()), 'a12uel5l');
  const bytes = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  assert.deepEqual(bech32Decode(bech32Encode('age', bytes))?.data, bytes);
});

test('age recipient derivation matches the RFC 7748 X25519 test vector', () => {
  // RFC 7748 §6.1 (Alice): a published test vector, not a secret.
  const scalar = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex');
  const expectedPublic = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex');
  const identity = bech32Encode('age-secret-key-', scalar).toUpperCase();
  const [finding] = scan('keys.txt', identity);
  assert.ok(finding);
  assert.ok(finding.message.includes(bech32Encode('age', expectedPublic)), 'the message names the recipient derived from the identity');
});

test('KW106: an age identity file is an error on the identity line, naming its recipient', () => {
  const key = ageKey();
  const [finding, ...rest] = scan('key.txt', key.file);
  assert.ok(finding);
  assert.equal(rest.length, 0);
  assert.equal(finding.ruleId, 'KW106');
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.startPosition, { line: 2, character: 0 });
  assert.deepEqual(finding.endPosition, { line: 2, character: key.identity.length });
  assert.equal(finding.key?.format, 'age');
  assert.equal(finding.key?.algorithm, 'x25519');
  assert.equal(finding.key?.publicKeyFingerprint, key.fingerprint);
  assert.equal(finding.identity, key.fingerprint);
  assert.ok(finding.message.includes(key.recipient), finding.message);
  assert.match(finding.message, /decrypt/);
  // The secret part after the fixed prefix never appears.
  assert.equal(leakedWindow(finding.message, key.identity.slice('AGE-SECRET-KEY-1'.length)), undefined);
  assert.equal(leakedWindow(finding.identity, key.identity.slice('AGE-SECRET-KEY-1'.length)), undefined);
});

test('KW106: identities in .env files, SOPS config, JSON and source strings; untracked files are warnings', () => {
  const a = ageKey();
  const b = ageKey();
  const text = `SOPS_AGE_KEY=${a.identity}\nconst k = "${b.identity}";\n{"key":"${a.identity}"}\n`;
  const findings = scanFile({ path: 'src/config.ts', text, committed: false }, { rules: [ageSecretKey] });
  assert.deepEqual(
    findings.map((f) => [f.startPosition.line, f.startPosition.character, f.severity]),
    [
      [0, 'SOPS_AGE_KEY='.length, 'warning'],
      [1, 'const k = "'.length, 'warning'],
      [2, '{"key":"'.length, 'warning'],
    ],
  );
});

test('KW106: placeholders, wrong checksums, lower case, public recipients and docs produce nothing', () => {
  const key = ageKey();
  assert.deepEqual(scan('README.md', 'Put your identity (AGE-SECRET-KEY-1...) in keys.txt.\n'), []);
  assert.deepEqual(scan('README.md', `AGE-SECRET-KEY-1${'Q'.repeat(58)}\n`), []);
  assert.deepEqual(scan('README.md', 'AGE-SECRET-KEY-1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n'), []);
  // One character changed: the checksum fails.
  const last = key.identity.at(-1) === 'Q' ? 'P' : 'Q';
  assert.deepEqual(scan('keys.txt', `${key.identity.slice(0, -1)}${last}\n`), []);
  // age only accepts upper-case identities.
  assert.deepEqual(scan('keys.txt', `${key.identity.toLowerCase()}\n`), []);
  // Longer than an identity: not one.
  assert.deepEqual(scan('keys.txt', `${key.identity}Q\n`), []);
  assert.deepEqual(scan('.sops.yaml', `creation_rules:\n  - age: ${key.recipient}\n`), []);
});

test('KW106: linear work on adversarial input', () => {
  const key = ageKey();
  const inputs = [
    (size: number) => fill(`AGE-SECRET-KEY-1${'Q'.repeat(57)}!`, size),
    (size: number) => fill('AGE-SECRET-KEY-', size),
    // The right length, a wrong checksum: matched, decoded and dropped, past any findings cap.
    (size: number) => fill(`AGE-SECRET-KEY-1${'Q'.repeat(58)} `, size),
    (size: number) => `AGE-SECRET-KEY-1${'Q'.repeat(size)}`,
    (size: number) => fill(`${key.identity} `, size),
  ];
  for (const input of inputs) {
    assertLinearWork(`input starting ${JSON.stringify(input(20).slice(0, 20))}`, input, (text) => assert.ok(scan('big.txt', text).length <= 256));
  }
});

test('KW106: an identity written by the real age-keygen', { skip: !hasTool('age-keygen') && 'age-keygen not installed' }, () => {
  withTempDir((dir) => {
    run('age-keygen', ['-o', 'key.txt'], { cwd: dir });
    const text = readFileSync(join(dir, 'key.txt'), 'utf8');
    const [finding] = scan('key.txt', text);
    assert.ok(finding);
    const recipient = /# public key: (age1[a-z0-9]+)/.exec(text)?.[1];
    assert.ok(recipient && finding.message.includes(recipient), 'the recipient matches the one age-keygen wrote');
  });
});
