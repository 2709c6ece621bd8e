import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { kyvernoKeyAttestor } from '../../../../src/engine/rules/kw510-kyverno-key-attestor';
import { kyvernoKeylessWithoutIdentity } from '../../../../src/engine/rules/kw511-kyverno-keyless-without-identity';
import { kyvernoIgnoreTlog } from '../../../../src/engine/rules/kw512-kyverno-ignore-tlog';
import { kyvernoIgnoreSct } from '../../../../src/engine/rules/kw513-kyverno-ignore-sct';
import { assertCommentsKept, assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const path = 'policies/verify.yaml';
const head = [
  'apiVersion: kyverno.io/v1',
  'kind: ClusterPolicy',
  'metadata:',
  '  name: verify-images',
  'spec:',
  '  rules:',
  '    - name: check # signed images only',
  '      verifyImages:',
  '        - imageReferences: ["ghcr.io/acme/*"]',
  '          attestors:',
  '            - entries:',
  '',
].join('\n');

test('KW510: keys entries are warnings (KMS information); fix turns them into a keyless attestor', () => {
  const before = `${head}                - keys:\n                    publicKeys: |-\n                      -----BEGIN PUBLIC KEY-----\n                      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n                      -----END PUBLIC KEY-----\n`;
  const finding = only(kyvernoKeyAttestor, path, before);
  assert.equal(covered(before, finding), 'keys');
  assert.equal(finding.severity, 'warning');
  const after = `${head}                - keyless:\n                    subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"\n                    issuer: "https://token.actions.githubusercontent.com"\n                    rekor:\n                      url: https://rekor.sigstore.dev\n`;
  assertGoldenFix(kyvernoKeyAttestor, path, before, after, { workspace: GITHUB_FACTS, safety: 'review' });
  assertCommentsKept(before, after);
  assert.deepEqual(scan(kyvernoKeylessWithoutIdentity, path, after), []);
  assert.equal(
    only(kyvernoKeyAttestor, path, `${head}                - keys:\n                    kms: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k\n`)
      .severity,
    'information',
  );
});

test('KW511: wildcard subjects, missing issuer or subject, loose regexps', () => {
  const text = `${head}                - keyless:\n                    subject: "https://github.com/acme/*"\n                - keyless:\n                    issuer: https://token.actions.githubusercontent.com\n                    subjectRegExp: ".*"\n`;
  const found = scan(kyvernoKeylessWithoutIdentity, path, text);
  assert.deepEqual(
    found.map((f) => [covered(text, f), f.severity]),
    [
      ['keyless', 'error'],
      ['"https://github.com/acme/*"', 'error'],
      ['".*"', 'error'],
    ],
  );
  assert.match(found[0]?.message ?? '', /issuer/);
  assert.deepEqual(
    scan(
      kyvernoKeylessWithoutIdentity,
      path,
      `${head}                - keyless:\n                    subject: https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main\n                    issuer: https://token.actions.githubusercontent.com\n`,
    ),
    [],
  );
});

test('KW512/KW513: disabled tlog and SCT checks, removed or switched off', () => {
  const before = `${head}                - keyless:\n                    subject: s\n                    issuer: i\n                    rekor:\n                      url: https://rekor.sigstore.dev\n                      ignoreTlog: true # air-gapped?\n                    ctlog:\n                      ignoreSCT: true\n`;
  assert.equal(only(kyvernoIgnoreTlog, path, before).severity, 'error');
  assert.equal(only(kyvernoIgnoreSct, path, before).severity, 'warning');
  assertGoldenFix(kyvernoIgnoreTlog, path, before, before.replace('                      ignoreTlog: true # air-gapped?\n', ''), { safety: 'safe' });
  assertGoldenFix(kyvernoIgnoreSct, path, before, before.replace('ignoreSCT: true', 'ignoreSCT: false'));
  assert.deepEqual(scan(kyvernoIgnoreTlog, path, before.replace('ignoreTlog: true', 'ignoreTlog: false')), []);
});

test('Kyverno rules ignore other kinds and files without verifyImages', () => {
  const other = 'kind: ConfigMap\ndata:\n  rekor: |\n    ignoreTlog: true\n';
  for (const rule of [kyvernoKeyAttestor, kyvernoKeylessWithoutIdentity, kyvernoIgnoreTlog, kyvernoIgnoreSct]) {
    assert.deepEqual(scan(rule, path, other), []);
    assert.deepEqual(scan(rule, path, `apiVersion: v1\nkind: Secret\nmetadata: {name: verifyImages}\nrekor:\n  ignoreTlog: true\n`), []);
  }
});
