/**
 * Property-based tests for every key parser: random input and mutated real keys (generated here, at
 * test time) never make a detector throw, never make a rule fail inside `scanFile`, and only produce
 * findings whose ranges lie inside the text and whose messages carry no key material.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { findAgeIdentities, bech32Decode } from '../../../src/engine/keys/age';
import { findArmorBlocks } from '../../../src/engine/keys/armor';
import { findBase64PemTokens } from '../../../src/engine/keys/base64-carrier';
import { readDer, derChildren, derOid } from '../../../src/engine/keys/der';
import { findJwkPrivateKeys } from '../../../src/engine/keys/jwk';
import { findBase64Keystores, inspectKeystore } from '../../../src/engine/keys/keystore';
import { findMinisignSignifyKeys, parseMinisign, parseSignify } from '../../../src/engine/keys/minisign';
import { findPemBlocks } from '../../../src/engine/keys/pem';
import { readPkcs12 } from '../../../src/engine/keys/pkcs12';
import { findPuttyKeys, sshPublicKeyDetails } from '../../../src/engine/keys/putty';
import { judge } from '../../../src/engine/keys/verdict';
import { parseJsonAt, objectsIn } from '../../../src/engine/text/json-spans';
import { scanFile } from '../../../src/engine/scan/scanner';
import type { Logger } from '../../../src/engine/types';
import { anyBytes, anyText, checkProperty, errorName, fc, mutated, mutatedBytes, mutatedOneOf } from '../../helpers/fuzz';
import {
  asJsonString,
  asKubernetesSecret,
  asYamlBlock,
  generateCertificate,
  generateCosignKey,
  generateEncryptedPkcs8,
  generateLegacyEncryptedPem,
  generateOpenSshKey,
  generatePemKey,
  generatePgpKey,
  generateSsh2EncryptedKey,
} from '../../helpers/keys';
import { ageKey, jksBytes, jwkKey, leakedWindow, minisignKey, pkcs12Bytes, puttyKey, signifyKey } from '../../helpers/nonpem-keys';

// Generated once per run; every one is secret material for the leak assertions below.
const armoured = [
  generatePemKey('rsa-pkcs1', { bits: 1024 }).text,
  generatePemKey('ec-sec1').text,
  generatePemKey('ed25519-pkcs8').text,
  generatePemKey('dsa-traditional').text,
  generateEncryptedPkcs8().text,
  generateLegacyEncryptedPem('ec').text,
  generateOpenSshKey({ type: 'ed25519' }).text,
  generateOpenSshKey({ type: 'ecdsa', encrypted: true }).text,
  generateSsh2EncryptedKey().text,
  generateCosignKey().text,
  generatePgpKey({ bits: 1024 }).text,
];
const minisign = minisignKey({ encrypted: false });
const signify = signifyKey({ encrypted: false });
const age = ageKey();
const jwk = JSON.stringify({ keys: [jwkKey('ec-p256').jwk, jwkKey('ed25519').jwk] }, null, 2);
const putty = puttyKey({ version: 3, algorithm: 'ed25519', encrypted: false });
const nonArmoured = [minisign.text, signify.text, age.file, jwk, putty.text];
const carriers = [
  asYamlBlock('signing_key', armoured[1] ?? ''),
  `{"private_key": "${asJsonString(armoured[2] ?? '')}"}`,
  asKubernetesSecret('cosign', 'cosign.key', armoured[9] ?? ''),
  `const KEY = \`${armoured[6] ?? ''}\`;\n`,
  `SIGNING_KEY="${armoured[0] ?? ''}"\n`,
];
const seeds = [...armoured, ...nonArmoured, ...carriers, generateCertificate()];
const secrets = [...armoured, minisign.base64, age.identity, jwk, putty.privateBase64];

/** The paths rules treat differently: plain, key-named, YAML, JSON, .env, source, markdown. */
const paths = ['notes.txt', 'cosign.key', 'deploy/values.yaml', 'svc-account.json', '.env', 'src/main.ts', 'README.md', 'id_ed25519', 'key.ppk'];

/** A logger that fails the property when a rule throws (scanFile catches and logs it). */
function strictLogger(): Logger & { readonly errors: string[] } {
  const errors: string[] = [];
  return { errors, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
}

function scanChecked(path: string, text: string): void {
  const logger = strictLogger();
  let findings;
  try {
    findings = scanFile({ path, text, committed: true }, { logger });
  } catch (error) {
    throw new Error(`scanFile threw ${errorName(error)} on ${path}`);
  }
  assert.deepEqual(logger.errors, [], `a rule failed on ${path}`);
  for (const finding of findings) {
    assert.ok(
      finding.range.start >= 0 && finding.range.start <= finding.range.end && finding.range.end <= text.length,
      `${finding.ruleId} range out of bounds`,
    );
    const shown = JSON.stringify({ message: finding.message, fixes: finding.fixes?.map((fix) => fix.title) });
    for (const secret of secrets) assert.equal(leakedWindow(shown, secret.replace(/\s+/g, ''), 24), undefined, `${finding.ruleId} message quotes key material`);
  }
}

test('fuzz: scanFile with every rule never throws and no rule fails on random text', () => {
  checkProperty(fc.property(fc.constantFrom(...paths), anyText, (path, text) => scanChecked(path, text)));
});

test('fuzz: scanFile on mutated real keys in every carrier: no rule fails, ranges in bounds, no key material in messages', () => {
  checkProperty(
    fc.property(fc.constantFrom(...paths), mutatedOneOf(seeds), (path, text) => scanChecked(path, text)),
    400,
  );
});

test('fuzz: PEM / armour / base64-carrier finders and verdicts never throw', () => {
  checkProperty(
    fc.property(fc.oneof(anyText, mutatedOneOf([...armoured, ...carriers])), (text) => {
      for (const block of findPemBlocks(text)) assert.ok(block.range.start >= 0 && block.range.end <= text.length);
      for (const block of findArmorBlocks(text)) judge(block);
      findBase64PemTokens(text);
    }),
    400,
  );
});

test('fuzz: verdicts on armour blocks with mutated bodies, headers and checksums', () => {
  const blocks = armoured.flatMap((text) => findArmorBlocks(text));
  assert.equal(blocks.length, armoured.length, 'every generated key is one armour block');
  for (const block of blocks) assert.equal(judge(block).kind, 'key', `the unmutated ${block.label} validates (the seeds are real keys)`);
  const mutatedBlock = fc.constantFrom(...blocks).chain((block) =>
    fc.record({
      label: fc.oneof(fc.constant(block.label), fc.constantFrom(...blocks.map((b) => b.label))),
      body: mutated(block.body),
      headers: fc.dictionary(
        fc.constantFrom('Proc-Type', 'DEK-Info', 'Version', 'Comment'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.constant('4,ENCRYPTED'), fc.constant('AES-256-CBC,00')),
      ),
      checksum: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    }),
  );
  checkProperty(
    fc.property(mutatedBlock, ({ label, body, headers, checksum }) => {
      const verdict = judge({ label, body, headers: new Map(Object.entries(headers)), ...(checksum === undefined ? {} : { checksum }) });
      assert.ok(['key', 'placeholder', 'invalid'].includes(verdict.kind));
      if (verdict.kind === 'invalid') for (const secret of secrets) assert.equal(leakedWindow(verdict.reason, secret.replace(/\s+/g, ''), 24), undefined);
    }),
    400,
  );
});

test('fuzz: JWK finder never throws, with or without the parsed document', () => {
  checkProperty(
    fc.property(fc.oneof(anyText, mutated(jwk), fc.json({ maxDepth: 6 })), (text) => {
      let whole: unknown;
      try {
        whole = JSON.parse(text);
      } catch {
        whole = undefined;
      }
      findJwkPrivateKeys(text, whole);
      findJwkPrivateKeys(text, undefined);
      const node = parseJsonAt(text, 0);
      if (node) for (const object of objectsIn(node)) assert.equal(object.kind, 'object');
    }),
    400,
  );
});

test('fuzz: PuTTY, minisign / signify and age finders never throw', () => {
  checkProperty(
    fc.property(fc.oneof(anyText, mutatedOneOf(nonArmoured)), (text) => {
      findPuttyKeys(text);
      findMinisignSignifyKeys(text);
      findAgeIdentities(text);
      bech32Decode(text.trim());
    }),
    400,
  );
  const minisignBytes = Buffer.from(minisign.base64, 'base64');
  const signifyBytes = Buffer.from(signify.base64, 'base64');
  checkProperty(
    fc.property(fc.oneof(anyBytes, mutatedBytes(minisignBytes), mutatedBytes(signifyBytes)), (bytes) => {
      parseMinisign(bytes);
      parseSignify(bytes);
      sshPublicKeyDetails(bytes);
    }),
  );
});

test('fuzz: DER, PKCS#12 and Java keystore readers never throw on random or corrupted bytes', () => {
  const p12 = pkcs12Bytes({ withKey: true, encryptedCertificates: true, password: 'changeit' }).bytes;
  const jks = jksBytes([{ kind: 'key' }], 'changeit');
  checkProperty(
    fc.property(fc.oneof(anyBytes, mutatedBytes(p12), mutatedBytes(jks)), (bytes) => {
      for (const hint of [undefined, 'PKCS#12', 'JKS'] as const) inspectKeystore(bytes, hint);
      readPkcs12(bytes, ['', 'changeit']);
      const root = readDer(bytes, 0);
      if (root) {
        for (const child of derChildren(bytes, root) ?? []) derOid(bytes, child);
      }
    }),
    100,
  );
  checkProperty(
    fc.property(fc.oneof(anyText, mutated(`store: ${p12.toString('base64')}\n`)), (text) => {
      findBase64Keystores(text);
    }),
    100,
  );
});

test('fuzz: keystore files by name (binary input) through scanFile: no rule fails', () => {
  const p12 = pkcs12Bytes({ withKey: true, encryptedCertificates: false, password: 'changeit' }).bytes;
  checkProperty(
    fc.property(fc.constantFrom('release.p12', 'app.jks', 'store.keystore', 'x.pfx'), fc.oneof(anyBytes, mutatedBytes(p12)), (path, bytes) => {
      const logger = strictLogger();
      scanFile({ path, text: undefined, head: bytes, committed: true }, { logger });
      assert.deepEqual(logger.errors, [], `a rule failed on ${path}`);
    }),
    100,
  );
});
