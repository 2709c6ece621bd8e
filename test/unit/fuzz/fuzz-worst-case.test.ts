/**
 * 1 MB worst-case inputs for the regex-heavy entry points that had none yet (the PEM finders, the
 * shell lexer and the shell extractors have theirs in pem-performance, shell-lexer and shell-extract):
 * the non-PEM key finders, the JSON span parser, the cosign rules end to end, and the bundle reader.
 * Catastrophic backtracking takes seconds to minutes here; linear code takes milliseconds. The CPU-time
 * bound is loose on purpose: it only has to catch the former.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { findAgeIdentities } from '../../../src/engine/keys/age';
import { findJwkPrivateKeys } from '../../../src/engine/keys/jwk';
import { findBase64Keystores } from '../../../src/engine/keys/keystore';
import { findMinisignSignifyKeys } from '../../../src/engine/keys/minisign';
import { findPuttyKeys } from '../../../src/engine/keys/putty';
import { RULES } from '../../../src/engine/rules/registry';
import { scanFile } from '../../../src/engine/scan/scanner';
import { parseJsonAt } from '../../../src/engine/text/json-spans';
import { verifyBundle } from '../../../src/engine/verify';

const MB = 1 << 20;
const LIMIT_MS = 3000;

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function cpuBound(label: string, run: () => unknown): void {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < LIMIT_MS, `${label}: ${Math.round(ms)} ms of CPU for 1 MB`);
}

const keyFinders: Record<string, (text: string) => unknown> = {
  age: findAgeIdentities,
  'minisign/signify': findMinisignSignifyKeys,
  putty: findPuttyKeys,
  'base64 keystores': findBase64Keystores,
  jwk: (text) => findJwkPrivateKeys(text, undefined),
};

const keyInputs: Record<string, string> = {
  'AGE-SECRET-KEY prefixes': fill('AGE-SECRET-KEY-1'),
  'one endless bech32 identity': `AGE-SECRET-KEY-1${fill('Q', MB - 20)}`,
  'untrusted comment lines': fill('untrusted comment: minisign secret key\n'),
  'endless base64 line after a comment': `untrusted comment: x\n${fill('RWRTY0Iy', MB - 30)}`,
  'PuTTY headers without bodies': fill('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n'),
  'PuTTY line count that lies': `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: x\nPublic-Lines: 99999999\n${fill('AAAA\n', MB / 2)}`,
  // Split in the source so that Keyward's self-scan does not take this line for a PKCS#12 keystore.
  'MII base64 runs': fill(['MIIKeAIBAzCCCj4GCSqGSIb3', 'DQEHAaCCCi8EggorMIIKJzCCBg'].join('')),
  'keystore-like values with spaces': fill('store: MIIK MIIK MIIK\n'),
  'JWK members without end': `{"kty":"EC","d":"${fill('A', MB - 40)}`,
  'many JWK-ish objects': fill('{"kty":"RSA","d":"x","n":"y"},'),
  'deeply nested JSON': `${fill('[', MB / 2)}${fill(']', MB / 2)}`,
  'nested objects': fill('{"a":'),
  'quotes and escapes': `"${fill('\\"', MB - 2)}"`,
};

for (const [inputName, text] of Object.entries(keyInputs)) {
  test(`1 MB worst case, key finders: ${inputName}`, () => {
    for (const [finderName, find] of Object.entries(keyFinders)) cpuBound(`${finderName} on ${inputName}`, () => find(text));
    cpuBound(`parseJsonAt on ${inputName}`, () => parseJsonAt(text, 0));
  });
}

test('1 MB worst case, key rules through scanFile on key-named paths', () => {
  const keyRules = RULES.filter((rule) => rule.meta.kind === 'key');
  for (const [inputName, text] of Object.entries(keyInputs)) {
    for (const path of ['key.txt', 'id_ed25519.ppk', 'secret.json', 'age.key']) {
      cpuBound(`${path}: ${inputName}`, () => scanFile({ path, text, committed: true }, { rules: keyRules }));
    }
  }
});

const CONFIG_RULES = RULES.filter((rule) => rule.meta.kind !== 'key');

test('1 MB worst case, cosign rules end to end (command model, identity regexps, bindings)', () => {
  const inputs: [string, string][] = [
    ['x.sh', `cosign verify --certificate-identity-regexp '${fill('.*(a|a)*', MB - 100)}' --certificate-oidc-issuer-regexp '.*' img\n`],
    ['x.sh', `cosign verify --certificate-identity-regexp '^${fill('[a-z]+\\.', MB - 100)}$' img\n`],
    ['.github/workflows/x.yml', `jobs:\n  a:\n    steps:\n      - run: cosign sign --identity-token ${fill('eyJ', MB - 100)} img\n`],
    ['x.sh', `cosign verify ${fill('"$(', MB - 100)} img\n`],
    ['x.sh', `COSIGN_PASSWORD="${fill('\\"', MB - 100)}" cosign sign img\n`],
  ];
  for (const [path, text] of inputs) cpuBound(`${path}: ${text.slice(0, 40)}…`, () => scanFile({ path, text, committed: true }, { rules: CONFIG_RULES }));
});

/**
 * Inputs where every few bytes are a finding: cost is per finding (object, fingerprint, fix edits), so
 * these use 256 KB (10,000+ findings). Before the fixes in shell/edits.ts, shell/env-bindings.ts and
 * suppress.ts, each finding rescanned its whole command or line: 256 KB of flags or assignments took
 * 20 s and more of CPU, 1 MB minutes.
 */
test('finding-dense 256 KB inputs stay linear: thousands of flags, assignments and commands', () => {
  const size = MB / 4;
  const inputs: [string, string][] = [
    ['x.sh', `cosign sign ${fill('--tlog-upload=false ', size)}img\n`],
    ['x.sh', fill('COSIGN_PASSWORD=x COSIGN_EXPERIMENTAL=1 ', size)],
    ['x.sh', `export ${fill('COSIGN_PASSWORD=x ', size)}\n`],
    ['x.sh', fill('cosign sign --key cosign.key --tlog-upload=false img\n', size)],
    ['.github/workflows/x.yml', `env:\n${fill('  COSIGN_PASSWORD: literal\n', size)}`],
    ['.env', fill('SIGSTORE_ID_TOKEN=eyJhbGciOiJSUzI1NiJ9.eyJ.x\n', size)],
    ['Makefile', `sign:\n${fill('\tcosign verify --certificate-identity-regexp=".*" $(IMG)\n', size)}`],
  ];
  for (const [path, text] of inputs) cpuBound(`${path}: ${text.slice(0, 40)}…`, () => scanFile({ path, text, committed: true }, { rules: CONFIG_RULES }));
});

test('1 MB worst case, the bundle reader: deep nesting, long strings, many entries', () => {
  const options = { artifact: { digest: `sha256:${'0'.repeat(64)}` }, policy: { identity: 'x', issuer: 'y' } } as const;
  const bundles = [
    `${fill('[', MB / 2)}${fill(']', MB / 2)}`,
    `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"signature":"${fill('A', MB - 200)}"}}`,
    `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"tlogEntries":[${fill('{"logIndex":"1"},', MB - 200)}{}]}}`,
    `{"mediaType":"${fill('\\u0000', MB - 20)}"}`,
  ];
  for (const bundle of bundles) cpuBound(`bundle ${bundle.slice(0, 30)}…`, () => assert.equal(verifyBundle({ ...options, bundle }).status, 'failed'));
});
