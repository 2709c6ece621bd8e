import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { puttyPrivateKey } from '../../../../src/engine/rules/kw109-putty-private-key';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { hasTool, leakedWindow, puttyKey, run, withTempDir, type PuttyOptions } from '../../../helpers/nonpem-keys';
import { assertLinearWork, fill } from '../../../helpers/work-count';

function scan(path: string, text: string): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [puttyPrivateKey] });
}

test('KW109: PuTTY keys of every format, algorithm and protection, from the header to the MAC line', () => {
  const cases: (PuttyOptions & { expect: RegExp })[] = [
    { version: 3, algorithm: 'ed25519', encrypted: false, expect: /format 3 \(Ed25519, not encrypted, public key SHA256:/ },
    { version: 2, algorithm: 'rsa', encrypted: false, expect: /format 2 \(RSA 2048-bit, not encrypted, public key SHA256:/ },
    { version: 3, algorithm: 'ecdsa', encrypted: true, expect: /format 3 \(ECDSA P-256, password-encrypted, public key SHA256:/ },
    { version: 2, algorithm: 'ed25519', encrypted: true, expect: /format 2 \(Ed25519, password-encrypted/ },
  ];
  for (const options of cases) {
    const key = puttyKey(options);
    const text = `# deploy key\n${key.text}`;
    const [finding, ...rest] = scan('deploy.ppk', text);
    assert.ok(finding, JSON.stringify(options));
    assert.equal(rest.length, 0);
    assert.equal(finding.ruleId, 'KW109');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.startPosition, { line: key.headerLine + 1, character: 0 });
    const macLine = key.text.split('\n')[key.macLine] ?? '';
    assert.deepEqual(finding.endPosition, { line: key.macLine + 1, character: macLine.length });
    assert.match(finding.message, options.expect);
    assert.ok(!finding.message.includes('MAC does not match'));
    assert.match(finding.message, /log in and sign as you/);
    assert.equal(finding.key?.encrypted, options.encrypted);
    assert.equal(finding.key?.publicKeyFingerprint, key.fingerprint);
    assert.equal(finding.identity, key.fingerprint);
    assert.equal(leakedWindow(finding.message, key.privateBase64), undefined);
  }
});

test('KW109: CRLF line endings, indentation in YAML, and several keys in one file', () => {
  const a = puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false });
  const b = puttyKey({ version: 2, algorithm: 'ed25519', encrypted: false });
  const crlf = a.text.replace(/\n/g, '\r\n');
  const [inCrlf] = scan('a.ppk', crlf);
  assert.ok(inCrlf);
  assert.equal(crlf.slice(inCrlf.range.end, inCrlf.range.end + 2), '\r\n');

  const yaml = `keys:\n  deploy: |\n${a.text.trimEnd().replace(/^/gm, '    ')}\n`;
  const [inYaml] = scan('values.yaml', yaml);
  assert.ok(inYaml);
  assert.deepEqual(inYaml.startPosition, { line: 2, character: 4 });

  assert.equal(scan('keys.txt', `${a.text}\n${b.text}`).length, 2);
});

test('KW109: a tampered unencrypted key is still reported, and says its MAC does not match', () => {
  const key = puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false });
  const [finding] = scan('k.ppk', key.text.replace(/Comment: .*/, 'Comment: edited'));
  assert.match(finding?.message ?? '', /MAC does not match/);
});

test('KW109: headers without a valid body, public keys and docs produce nothing', () => {
  const key = puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false });
  const lines = key.text.split('\n');
  assert.deepEqual(scan('README.md', 'A .ppk file starts with `PuTTY-User-Key-File-3: ssh-ed25519`.\n'), []);
  assert.deepEqual(
    scan(
      'README.md',
      'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: example\nPublic-Lines: 2\n...\n...\nPrivate-Lines: 1\n...\nPrivate-MAC: ...\n',
    ),
    [],
  );
  // Line counts that do not match the body.
  assert.deepEqual(scan('k.ppk', key.text.replace(/Public-Lines: \d+/, 'Public-Lines: 9')), []);
  // Truncated before the MAC.
  assert.deepEqual(scan('k.ppk', lines.slice(0, -2).join('\n')), []);
  // The header names another algorithm than the public blob.
  assert.deepEqual(scan('k.ppk', key.text.replace('PuTTY-User-Key-File-3: ssh-ed25519', 'PuTTY-User-Key-File-3: ssh-rsa')), []);
  // The public key alone (as `puttygen -O public-openssh` writes it).
  const publicLine = lines.slice(4, 6).join('');
  assert.deepEqual(scan('k.pub', `ssh-ed25519 ${publicLine} comment\n`), []);
});

test('KW109: linear work on adversarial input', () => {
  const header = 'PuTTY-User-Key-File-3: ssh-ed25519\n';
  const body = `Encryption: none\nComment: x\nPublic-Lines: 256\n${'AAAA\n'.repeat(200)}`;
  const inputs = [
    (size: number) => fill(header, size),
    (size: number) => fill(`${header}${body}`, size),
    (size: number) => `PuTTY-User-Key-File-3: ${'a'.repeat(size)}\u00e9`,
    (size: number) => `${' '.repeat(size)}x`,
  ];
  for (const input of inputs) assertLinearWork(`input starting ${JSON.stringify(input(20).slice(0, 20))}`, input, (text) => scan('big.ppk', text));
});

test('KW109: keys written by the real puttygen, fingerprints as puttygen prints them', { skip: !hasTool('puttygen') && 'puttygen not installed' }, () => {
  withTempDir((dir) => {
    run('puttygen', ['-t', 'ed25519', '-o', 'a.ppk', '--new-passphrase', '/dev/null'], { cwd: dir });
    run('puttygen', ['-t', 'rsa', '-b', '2048', '-o', 'b.ppk', '--ppk-param', 'version=2', '--new-passphrase', '/dev/null'], { cwd: dir });
    for (const file of ['a.ppk', 'b.ppk']) {
      const [finding] = scan(file, readFileSync(join(dir, file), 'utf8'));
      assert.ok(finding, file);
      assert.ok(!finding.message.includes('MAC does not match'), 'the MAC verifies');
      const printed = /SHA256:[A-Za-z0-9+/]+/.exec(run('puttygen', ['-l', '-E', 'sha256', file], { cwd: dir }))?.[0];
      assert.equal(finding.key?.publicKeyFingerprint, printed);
    }
  });
});
