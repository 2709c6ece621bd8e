import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { kyvernoKeyAttestor } from '../../../../src/engine/rules/kw510-kyverno-key-attestor';
import { kyvernoKeylessWithoutIdentity } from '../../../../src/engine/rules/kw511-kyverno-keyless-without-identity';
import { kyvernoIgnoreTlog } from '../../../../src/engine/rules/kw512-kyverno-ignore-tlog';
import { kyvernoIgnoreSct } from '../../../../src/engine/rules/kw513-kyverno-ignore-sct';
import { assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

/** Kyverno's CEL-based ImageValidatingPolicy: `spec.attestors[].cosign`. */
const path = 'policies/ivpol.yaml';
const head = (version = 'v1alpha1'): string =>
  [
    `apiVersion: policies.kyverno.io/${version}`,
    'kind: ImageValidatingPolicy',
    'metadata:',
    '  name: check-images',
    'spec:',
    '  matchImageReferences:',
    '    - glob: ghcr.io/acme/*',
    '  attestors:',
    '    - name: cosign',
    '      cosign:',
    '',
  ].join('\n');
const exact =
  '        keyless:\n          identities:\n            - subject: https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main\n              issuer: https://token.actions.githubusercontent.com\n';

test('KW510 (ImageValidatingPolicy): a cosign key attestor is a warning, KMS information; fix writes keyless identities', () => {
  const before = `${head()}        key:\n          data: |\n            -----BEGIN PUBLIC KEY-----\n            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n            -----END PUBLIC KEY-----\n        ctlog:\n          url: https://rekor.sigstore.dev\n`;
  const finding = only(kyvernoKeyAttestor, path, before);
  assert.equal(covered(before, finding), 'key');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /ImageValidatingPolicy `check-images` \(attestor `cosign`\)/);
  const after = `${head()}        keyless:\n          identities:\n            - subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"\n              issuer: "https://token.actions.githubusercontent.com"\n        ctlog:\n          url: https://rekor.sigstore.dev\n`;
  assertGoldenFix(kyvernoKeyAttestor, path, before, after, { workspace: GITHUB_FACTS, safety: 'review' });
  assert.deepEqual(scan(kyvernoKeylessWithoutIdentity, path, after), []);
  assert.equal(
    only(kyvernoKeyAttestor, path, `${head('v1beta1')}        key:\n          kms: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k\n`).severity,
    'information',
  );
});

test('KW511 (ImageValidatingPolicy): no identities, missing subject or issuer, loose regexps', () => {
  const none = `${head()}        keyless:\n          roots: ""\n`;
  assert.equal(covered(none, only(kyvernoKeylessWithoutIdentity, path, none)), 'keyless');
  const loose = `${head()}        keyless:\n          identities:\n            - subjectRegExp: ".*"\n              issuerRegExp: "https://token.actions.githubusercontent.com"\n            - issuer: https://token.actions.githubusercontent.com\n`;
  const found = scan(kyvernoKeylessWithoutIdentity, path, loose);
  assert.deepEqual(
    found.map((f) => [covered(loose, f).split('\n')[0], f.severity]),
    [
      ['".*"', 'error'],
      ['"https://token.actions.githubusercontent.com"', 'error'],
      ['issuer: https://token.actions.githubusercontent.com', 'error'],
    ],
  );
  assert.match(found[2]?.message ?? '', /no subject/);
  assert.deepEqual(scan(kyvernoKeylessWithoutIdentity, path, `${head('v1')}${exact}`), []);
  const anchored = `${head()}        keyless:\n          identities:\n            - subjectRegExp: ^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9]+$\n              issuer: https://token.actions.githubusercontent.com\n`;
  assert.deepEqual(scan(kyvernoKeylessWithoutIdentity, path, anchored), []);
});

test('KW512/KW513 (ImageValidatingPolicy): ctlog.insecureIgnoreTlog / insecureIgnoreSCT, removed by the fix', () => {
  const before = `${head()}${exact}        ctlog:\n          url: https://rekor.sigstore.dev\n          insecureIgnoreTlog: true\n          insecureIgnoreSCT: true\n`;
  const tlog = only(kyvernoIgnoreTlog, path, before);
  assert.equal(covered(before, tlog), 'insecureIgnoreTlog: true');
  assert.equal(tlog.severity, 'error');
  assert.equal(only(kyvernoIgnoreSct, path, before).severity, 'warning');
  assertGoldenFix(kyvernoIgnoreTlog, path, before, before.replace('          insecureIgnoreTlog: true\n', ''), {
    safety: 'safe',
    title: /^Remove insecureIgnoreTlog$/,
  });
  assertGoldenFix(kyvernoIgnoreSct, path, before, before.replace('          insecureIgnoreSCT: true\n', ''), { title: /^Remove insecureIgnoreSCT$/ });
  const off = before.replace(/: true/g, ': false');
  assert.deepEqual(scan(kyvernoIgnoreTlog, path, off), []);
  assert.deepEqual(scan(kyvernoIgnoreSct, path, off), []);
});

test('ImageValidatingPolicy negatives: other API groups, notary attestors, verifyImages spellings do not cross over', () => {
  const rules = [kyvernoKeyAttestor, kyvernoKeylessWithoutIdentity, kyvernoIgnoreTlog, kyvernoIgnoreSct];
  const foreign = `${head()}        key:\n          data: x\n        ctlog:\n          insecureIgnoreTlog: true\n`.replace(
    'policies.kyverno.io/v1alpha1',
    'example.com/v1',
  );
  for (const rule of rules) assert.deepEqual(scan(rule, path, foreign), [], rule.meta.id);
  const notary = `${head()}`.replace('      cosign:\n', '      notary:\n        certs: |\n          x\n');
  for (const rule of rules) assert.deepEqual(scan(rule, path, notary), [], rule.meta.id);
  // `ignoreTlog` (the verifyImages spelling) under an ImageValidatingPolicy ctlog is not what Kyverno reads.
  assert.deepEqual(scan(kyvernoIgnoreTlog, path, `${head()}${exact}        ctlog:\n          ignoreTlog: true\n`), []);
});
