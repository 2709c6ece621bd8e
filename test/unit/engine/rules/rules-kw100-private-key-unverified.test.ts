import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { privateKeyUnverified } from '../../../../src/engine/rules/kw100-private-key-unverified';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import { asKubernetesSecret, generateCosignKey, generateOpenSshKey, generatePemKey, generatePgpKey, pemBody } from '../../../helpers/keys';

function scan(text: string, path = 'README.md'): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: [privateKeyUnverified] });
}

/** The key with its body cut to `keep` characters (still long, varied base64: a truncated copy). */
function truncated(keyText: string, keep = 600): string {
  const lines = keyText.trimEnd().split('\n');
  const body = pemBody(keyText).slice(0, keep);
  const head = lines.filter((line) => !/^[A-Za-z0-9+/]+=*$/.test(line));
  return [...head.slice(0, -1), ...(body.match(/.{1,64}/g) ?? []), head[head.length - 1]].join('\n') + '\n';
}

test('KW100: a truncated key is an information finding that says which check failed', () => {
  const text = `Example:\n\n${truncated(generatePemKey('rsa-pkcs1').text)}`;
  const findings = scan(text);
  assert.equal(findings.length, 1);
  const [finding] = findings as [Finding];
  assert.equal(finding.ruleId, 'KW100');
  assert.equal(finding.severity, 'information');
  assert.equal(finding.startPosition.line, 2);
  assert.match(finding.message, /^Private-key block \(RSA PRIVATE KEY\) that does not decode to a key: its DER structure is truncated or corrupted\./);
  assert.match(finding.message, /treat that key as exposed and rotate it/);
  assert.match(finding.identity, /^sha256:[0-9a-f]{64}$/);
  assert.equal(finding.key, undefined);
});

test('KW100: damaged OpenSSH, cosign and PGP keys; base64-carried damage is named too', () => {
  const pgp = generatePgpKey({ bits: 1024 });
  const damaged = [
    truncated(generateOpenSshKey().text, 200),
    truncated(generateCosignKey().text, 300),
    pgp.text.replace(/^=(.{4})$/m, (_line, crc: string) => `=${crc === 'AAAA' ? 'AAAB' : 'AAAA'}`),
  ];
  for (const text of damaged) assert.equal(scan(text).length, 1);
  const inSecret = scan(asKubernetesSecret('x', 'tls.key', truncated(generatePemKey('ec-pkcs8').text, 100)), 'secret.yaml');
  assert.equal(inSecret.length, 1);
  assert.match((inSecret[0] as Finding).message, /base64-encoded in a Kubernetes Secret value/);
});

test('KW100: placeholders produce nothing at all', () => {
  const bodies = ['', '...', '<your key here>', 'xxx', 'REDACTED', 'MIIEowIBAAKCAQEA...\n...\n...', '${{ secrets.SIGNING_KEY }}', 'A'.repeat(900)];
  for (const label of ['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED SIGSTORE PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
    for (const body of bodies)
      assert.deepEqual(scan(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`), [], `${label} ${JSON.stringify(body.slice(0, 20))}`);
  }
});

test('KW100: documentation and detector code that only name the markers produce nothing', () => {
  const docs = [
    'A PEM key starts with `-----BEGIN RSA PRIVATE KEY-----`.',
    'Paste everything from `-----BEGIN OPENSSH PRIVATE KEY-----` to `-----END OPENSSH PRIVATE KEY-----` into the secret.',
    "if (line === '-----BEGIN PRIVATE KEY-----') inKey = true;\nelse if (line === '-----END PRIVATE KEY-----') inKey = false;\n",
    'const LABELS = ["-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----"];',
  ];
  for (const text of docs) assert.deepEqual(scan(text), [], text);
});

test('KW100: valid keys and public keys are not KW100', () => {
  const generated = generatePemKey('ec-sec1');
  assert.deepEqual(scan(`${generated.text}\n${generated.publicPem}`), []);
});
