import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Finding } from '../../../../src/engine/types';
import {
  asJsonString,
  asKubernetesSecret,
  asYamlBlock,
  assertNoSecretLeak,
  generateCertificate,
  generateCosignKey,
  generateEncryptedPkcs8,
  generateLegacyEncryptedPem,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  generateSsh2EncryptedKey,
  ssh2PublicKey,
  surroundWithMarker,
  uniqueMarker,
  type GeneratedKey,
} from '../../../helpers/keys';

const PEM_RULE_IDS = ['KW100', 'KW101', 'KW102', 'KW103', 'KW104'];
const PEM_RULES = RULES.filter((rule) => PEM_RULE_IDS.includes(rule.meta.id));

function scan(path: string, text: string): Finding[] {
  return scanFile({ path, text, committed: true }, { rules: PEM_RULES });
}

/** One of every format, each expected to be reported exactly once, by this rule. */
function everyFormat(): [string, GeneratedKey, string][] {
  return [
    ['rsa-pkcs1.pem', generatePemKey('rsa-pkcs1'), 'KW101'],
    ['rsa-pkcs8.pem', generatePemKey('rsa-pkcs8'), 'KW101'],
    ['ec-sec1.pem', generatePemKey('ec-sec1'), 'KW101'],
    ['ed25519.pem', generatePemKey('ed25519-pkcs8'), 'KW101'],
    ['dsa.pem', generatePemKey('dsa-traditional'), 'KW101'],
    ['id_ed25519', generateOpenSshKey(), 'KW101'],
    ['id_ecdsa', generateOpenSshKey({ type: 'ecdsa' }), 'KW101'],
    ['encrypted.pem', generateEncryptedPkcs8(), 'KW102'],
    ['legacy.pem', generateLegacyEncryptedPem('rsa'), 'KW102'],
    ['id_encrypted', generateOpenSshKey({ encrypted: true }), 'KW102'],
    ['ssh2.key', generateSsh2EncryptedKey(), 'KW102'],
    ['cosign.key', generateCosignKey(), 'KW103'],
    ['cosign-legacy.key', generateCosignKey({ legacyLabel: true }), 'KW103'],
    ['private.asc', generatePgpKey({ bits: 1024 }), 'KW104'],
  ];
}

describe('PEM key rules together (KW100–KW104)', () => {
  const formats = everyFormat();

  test('each key format is reported exactly once, by exactly one rule, on its BEGIN…END lines', () => {
    for (const [path, key, ruleId] of formats) {
      const text = `first line\nsecond line\n${key.text}last line\n`;
      const findings = scan(path, text);
      assert.deepEqual(
        findings.map((finding) => finding.ruleId),
        [ruleId],
        path,
      );
      const [finding] = findings as [Finding];
      assert.equal(finding.startPosition.line, 2, path);
      assert.equal(finding.endPosition.line, 2 + key.text.trimEnd().split('\n').length - 1, path);
    }
  });

  test('one file holding every format in every carrier: one finding per key', () => {
    const pieces: string[] = [];
    const expected: string[] = [];
    formats.forEach(([, key, ruleId], i) => {
      const carrier = i % 4;
      if (carrier === 0) pieces.push(key.text);
      else if (carrier === 1) pieces.push(`{"key${i}": ${asJsonString(key.text)}}`);
      else if (carrier === 2) pieces.push(asYamlBlock(`key${i}`, key.text));
      else pieces.push(asKubernetesSecret(`s${i}`, 'tls.key', key.text));
      expected.push(ruleId);
    });
    const findings = scan('everything.txt', pieces.join('\n'));
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      expected,
    );
  });

  test('masking: no finding (message, identity, key info) contains 16 characters of any key body, in any carrier', () => {
    for (const [path, key] of formats) {
      const marker = uniqueMarker();
      const carriers = [
        surroundWithMarker(key.text, marker),
        `{"private_key": ${asJsonString(key.text)}}`,
        asKubernetesSecret('x', 'k', key.text),
        `KEY="${key.text.trimEnd()}"\n`,
      ];
      for (const text of carriers) {
        const findings = scan(path, text);
        assert.equal(findings.length, 1, path);
        const output = JSON.stringify(findings);
        assertNoSecretLeak(output, key.text);
        assert.ok(!output.includes(marker), 'findings do not quote the surrounding lines');
      }
    }
  });

  test('masking: a damaged (KW100) key is not quoted either', () => {
    const key = generatePemKey('rsa-pkcs8');
    const damaged = key.text.replace(/^MII./m, 'MIIA');
    const findings = scan('damaged.pem', damaged);
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      ['KW100'],
    );
    assertNoSecretLeak(JSON.stringify(findings), damaged);
  });

  test('public keys, certificates, PGP public blocks, SSH2 and OpenSSH public keys produce nothing', () => {
    const pem = generatePemKey('ec-pkcs8');
    const ssh = generateOpenSshKey();
    const text = [
      pem.publicPem,
      generateCertificate(pem.privateKey),
      generatePgpKey({ bits: 1024 }).publicText,
      ssh2PublicKey(ssh.publicBlob),
      ssh.authorizedKey,
      asKubernetesSecret('tls', 'tls.crt', generateCertificate()),
    ].join('\n');
    assert.deepEqual(scan('public.txt', text), []);
  });

  test('a Kubernetes TLS Secret reports the key, not the certificate next to it', () => {
    const key = generatePemKey('ec-sec1');
    const text = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from(generateCertificate(key.privateKey)).toString('base64')}\n  tls.key: ${Buffer.from(key.text).toString('base64')}\n`;
    const findings = scan('tls.yaml', text);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.startPosition.line]),
      [['KW101', 5]],
    );
  });

  test('placeholders and documentation that only names headers produce nothing at all', () => {
    const text = [
      '# Signing',
      'Create `cosign.key` (it starts with `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----`) and never commit it.',
      '```',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA...',
      '...',
      '-----END RSA PRIVATE KEY-----',
      '```',
      'PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n<your key here>\\n-----END PRIVATE KEY-----"',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'REDACTED',
      '-----END OPENSSH PRIVATE KEY-----',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----',
      '',
      'xxx',
      '-----END PGP PRIVATE KEY BLOCK-----',
    ].join('\n');
    assert.deepEqual(scan('README.md', text), []);
  });

  test("this project's own detector sources, rule files and key tests produce nothing", () => {
    const files = [
      ...readdirSync('src/engine/keys').map((name) => `src/engine/keys/${name}`),
      ...readdirSync('src/engine/rules').map((name) => `src/engine/rules/${name}`),
      'test/helpers/keys.ts',
      ...readdirSync('test/unit/engine/keys')
        .filter((name) => name.startsWith('pem'))
        .map((name) => `test/unit/engine/keys/${name}`),
      ...readdirSync('test/unit/engine/rules')
        .filter((name) => /^rules-kw10[0-4]/.test(name))
        .map((name) => `test/unit/engine/rules/${name}`),
    ].filter((path) => path.endsWith('.ts'));
    assert.ok(files.length > 15);
    for (const path of files) assert.deepEqual(scan(path, readFileSync(path, 'utf8')), [], path);
  });

  test('every PEM rule has a summary, docs citing T5 and the keyless advice, and the key fixes', () => {
    for (const rule of PEM_RULES) {
      assert.deepEqual(rule.meta.threats, ['T5']);
      assert.equal(rule.meta.kind, 'key');
      assert.match(
        rule.meta.docs,
        /T5, exposed signing keys\*\*: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository/,
      );
      assert.deepEqual(
        rule.meta.fixes.map((fix) => fix.kind),
        ['add-to-gitignore', 'stop-tracking', 'rotation-guide'],
      );
    }
  });
});
