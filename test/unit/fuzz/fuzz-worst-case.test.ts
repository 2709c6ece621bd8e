/**
 * Worst-case inputs for the regex-heavy entry points that had none yet (the PEM finders, the shell
 * lexer and the shell extractors have theirs in pem-performance, shell-lexer and shell-extract): the
 * non-PEM key finders, the cosign rules end to end, and the bundle reader. The work is counted
 * (test/helpers/work-count.ts): on 4n bytes it stays within 4.5 times the work on n. The same inputs
 * at 1 MB against a CPU-time budget, and the JSON span parser (it reads by index, which the count does
 * not see), are in bench/hostile-keys.mjs.
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
import { verifyBundle } from '../../../src/engine/verify';
import { assertLinearWork, fill } from '../../helpers/work-count';

const keyFinders: Record<string, (text: string) => unknown> = {
  age: findAgeIdentities,
  'minisign/signify': findMinisignSignifyKeys,
  putty: findPuttyKeys,
  'base64 keystores': findBase64Keystores,
  jwk: (text) => findJwkPrivateKeys(text, undefined),
};

const keyInputs: Record<string, (size: number) => string> = {
  'AGE-SECRET-KEY prefixes': (size) => fill('AGE-SECRET-KEY-1', size),
  'one endless bech32 identity': (size) => `AGE-SECRET-KEY-1${'Q'.repeat(size)}`,
  'untrusted comment lines': (size) => fill('untrusted comment: minisign secret key\n', size),
  'endless base64 line after a comment': (size) => `untrusted comment: x\n${fill('RWRTY0Iy', size)}`,
  'PuTTY headers without bodies': (size) => fill('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n', size),
  'PuTTY line count that lies': (size) => `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: x\nPublic-Lines: 99999999\n${fill('AAAA\n', size)}`,
  // Split in the source so that Keyward's self-scan does not take this line for a PKCS#12 keystore.
  'MII base64 runs': (size) => fill(['MIIKeAIBAzCCCj4GCSqGSIb3', 'DQEHAaCCCi8EggorMIIKJzCCBg'].join(''), size),
  'keystore-like values with spaces': (size) => fill('store: MIIK MIIK MIIK\n', size),
  'JWK members without end': (size) => `{"kty":"EC","d":"${'A'.repeat(size)}`,
  'many JWK-ish objects': (size) => fill('{"kty":"RSA","d":"x","n":"y"},', size),
  'deeply nested JSON': (size) => `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`,
  'nested objects': (size) => fill('{"a":', size),
  'quotes and escapes': (size) => `"${fill('\\"', size)}"`,
};

for (const [inputName, input] of Object.entries(keyInputs)) {
  test(`worst case, key finders: ${inputName}`, () => {
    for (const [finderName, find] of Object.entries(keyFinders)) assertLinearWork(`${finderName} on ${inputName}`, input, find);
  });
}

test('worst case, key rules through scanFile on key-named paths', () => {
  const keyRules = RULES.filter((rule) => rule.meta.kind === 'key');
  for (const [inputName, input] of Object.entries(keyInputs)) {
    for (const path of ['key.txt', 'id_ed25519.ppk', 'secret.json', 'age.key']) {
      assertLinearWork(`${path}: ${inputName}`, input, (text) => scanFile({ path, text, committed: true }, { rules: keyRules }), 16 * 1024);
    }
  }
});

const CONFIG_RULES = RULES.filter((rule) => rule.meta.kind !== 'key');
const scanConfig = (path: string) => (text: string) => scanFile({ path, text, committed: true }, { rules: CONFIG_RULES });

test('worst case, cosign rules end to end (command model, identity regexps, bindings)', () => {
  const inputs: [string, (size: number) => string][] = [
    ['x.sh', (size) => `cosign verify --certificate-identity-regexp '${fill('.*(a|a)*', size)}' --certificate-oidc-issuer-regexp '.*' img\n`],
    ['x.sh', (size) => `cosign verify --certificate-identity-regexp '^${fill('[a-z]+\\.', size)}$' img\n`],
    ['.github/workflows/x.yml', (size) => `jobs:\n  a:\n    steps:\n      - run: cosign sign --identity-token ${fill('eyJ', size)} img\n`],
    ['x.sh', (size) => `cosign verify ${fill('"$(', size)} img\n`],
    ['x.sh', (size) => `COSIGN_PASSWORD="${fill('\\"', size)}" cosign sign img\n`],
  ];
  for (const [path, input] of inputs) assertLinearWork(`${path}: ${input(40).slice(0, 40)}…`, input, scanConfig(path));
});

/**
 * Inputs where every few bytes are a finding: cost is per finding (object, fingerprint, fix edits).
 * Before the fixes in shell/edits.ts, shell/env-bindings.ts and suppress.ts, each finding rescanned its
 * whole command or line: 256 KB of flags or assignments took 20 s and more of CPU, 1 MB minutes.
 */
test('finding-dense inputs stay linear: thousands of flags, assignments and commands', () => {
  const inputs: [string, (size: number) => string][] = [
    ['x.sh', (size) => `cosign sign ${fill('--tlog-upload=false ', size)}img\n`],
    ['x.sh', (size) => fill('COSIGN_PASSWORD=x COSIGN_EXPERIMENTAL=1 ', size)],
    ['x.sh', (size) => `export ${fill('COSIGN_PASSWORD=x ', size)}\n`],
    ['x.sh', (size) => fill('cosign sign --key cosign.key --tlog-upload=false img\n', size)],
    ['.github/workflows/x.yml', (size) => `env:\n${fill('  COSIGN_PASSWORD: literal\n', size)}`],
    ['.env', (size) => fill('SIGSTORE_ID_TOKEN=eyJhbGciOiJSUzI1NiJ9.eyJ.x\n', size)],
    ['Makefile', (size) => `sign:\n${fill('\tcosign verify --certificate-identity-regexp=".*" $(IMG)\n', size)}`],
  ];
  for (const [path, input] of inputs) assertLinearWork(`${path}: ${input(40).slice(0, 40)}…`, input, scanConfig(path), 16 * 1024);
});

test('worst case, the bundle reader: deep nesting, long strings, many entries', () => {
  const options = { artifact: { digest: `sha256:${'0'.repeat(64)}` }, policy: { identity: 'x', issuer: 'y' } } as const;
  const bundles: ((size: number) => string)[] = [
    (size) => `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`,
    (size) => `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"signature":"${'A'.repeat(size)}"}}`,
    (size) => `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"tlogEntries":[${fill('{"logIndex":"1"},', size)}{}]}}`,
    (size) => `{"mediaType":"${fill('\\u0000', size)}"}`,
  ];
  for (const bundle of bundles) {
    assertLinearWork(`bundle ${bundle(30).slice(0, 30)}…`, bundle, (text) => assert.equal(verifyBundle({ ...options, bundle: text }).status, 'failed'));
  }
});
