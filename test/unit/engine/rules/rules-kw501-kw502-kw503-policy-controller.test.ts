import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { policyKeyAuthority } from '../../../../src/engine/rules/kw501-policy-key-authority';
import { policyKeylessWithoutIdentity } from '../../../../src/engine/rules/kw502-policy-keyless-without-identity';
import { policyIgnoreSct } from '../../../../src/engine/rules/kw503-policy-ignore-sct';
import { assertCommentsKept, assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const path = 'deploy/policy.yaml';
const head =
  'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: prod # images we run\nspec:\n  images:\n    - glob: "ghcr.io/acme/**"\n  authorities:\n';

test('KW501: key authorities are warnings (KMS information), with a keyless fix using the inferred identity', () => {
  const before = `${head}    - key:\n        data: |\n          -----BEGIN PUBLIC KEY-----\n          MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n          -----END PUBLIC KEY-----\n`;
  const finding = only(policyKeyAuthority, path, before);
  assert.equal(covered(before, finding), 'key');
  assert.equal(finding.severity, 'warning');
  const after = `${head}    - keyless:\n        url: https://fulcio.sigstore.dev\n        identities:\n          - issuer: "https://token.actions.githubusercontent.com"\n            subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"\n      ctlog:\n        url: https://rekor.sigstore.dev\n`;
  const fix = assertGoldenFix(policyKeyAuthority, path, before, after, { workspace: GITHUB_FACTS, safety: 'review' });
  assert.match(fix.title, /^Trust the keyless signer identity/);
  assertCommentsKept(before, after);
  // The result is a complete keyless authority: KW502 has nothing to say about it.
  assert.deepEqual(scan(policyKeylessWithoutIdentity, path, after), []);
  assert.equal(only(policyKeyAuthority, path, `${head}    - key:\n        kms: awskms:///alias/k\n`).severity, 'information');
});

test('KW501 without workspace facts: placeholders, said so in the title; existing ctlog kept', () => {
  const before = `${head}    - key:\n        secretRef:\n          name: cosign-pub\n      ctlog:\n        url: https://rekor.example\n`;
  const fix = only(policyKeyAuthority, path, before).fixes?.[0];
  assert.ok(fix);
  assert.match(fix.title, /placeholders/);
  assert.match(fix.edits[0]?.newText ?? '', /subject: "<https:\/\/github\.com\/OWNER\/REPO\//);
  assert.doesNotMatch(fix.edits[0]?.newText ?? '', /ctlog/);
});

test('KW502: no identities (with fix), missing subject or issuer, match-all and unanchored regexps', () => {
  const noIds = `${head}    - keyless:\n        url: https://fulcio.sigstore.dev\n`;
  assert.equal(covered(noIds, only(policyKeylessWithoutIdentity, path, noIds)), 'keyless');
  assertGoldenFix(
    policyKeylessWithoutIdentity,
    path,
    noIds,
    `${head}    - keyless:\n        url: https://fulcio.sigstore.dev\n        identities:\n          - issuer: "https://token.actions.githubusercontent.com"\n            subject: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"\n`,
    { workspace: GITHUB_FACTS },
  );
  const loose = `${head}    - keyless:\n        identities:\n          - issuerRegExp: ".*"\n            subjectRegExp: "https://github.com/acme/.*"\n          - subject: https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main\n`;
  const found = scan(policyKeylessWithoutIdentity, path, loose);
  assert.deepEqual(
    found.map((f) => [covered(loose, f), f.severity]),
    [
      ['".*"', 'error'],
      ['"https://github.com/acme/.*"', 'error'],
      ['subject: https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main', 'error'],
    ],
  );
});

test('KW502 negatives: exact identities and anchored regexps; Kyverno and other YAML untouched', () => {
  const exact = `${head}    - keyless:\n        identities:\n          - issuer: https://token.actions.githubusercontent.com\n            subject: https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main\n          - issuer: https://token.actions.githubusercontent.com\n            subjectRegExp: '^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/tags/v[0-9]+$'\n`;
  assert.deepEqual(scan(policyKeylessWithoutIdentity, path, exact), []);
  assert.deepEqual(scan(policyKeylessWithoutIdentity, path, 'kind: ConfigMap\ndata:\n  keyless: x\n'), []);
});

test('KW503: insecureIgnoreSCT true is removed (or set to false when it is the only entry)', () => {
  const before = `${head}    - keyless:\n        url: https://fulcio.sigstore.dev\n        insecureIgnoreSCT: true # lab CA\n        identities:\n          - issuer: https://gitlab.com\n            subject: https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main\n`;
  const finding = only(policyIgnoreSct, path, before);
  assert.equal(finding.severity, 'warning');
  assertGoldenFix(policyIgnoreSct, path, before, before.replace('        insecureIgnoreSCT: true # lab CA\n', ''), { safety: 'safe' });
  assertGoldenFix(
    policyIgnoreSct,
    path,
    `${head}    - keyless:\n        insecureIgnoreSCT: "true"\n`,
    `${head}    - keyless:\n        insecureIgnoreSCT: false\n`,
  );
  assert.deepEqual(scan(policyIgnoreSct, path, `${head}    - keyless:\n        insecureIgnoreSCT: false\n`), []);
});
