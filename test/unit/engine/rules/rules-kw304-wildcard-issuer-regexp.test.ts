import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { wildcardIssuerRegexp } from '../../../../src/engine/rules/kw304-wildcard-issuer-regexp';
import { assertGoldenFix, covered, GITLAB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = wildcardIssuerRegexp;
const ID = '--certificate-identity=https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main';

test('KW304 finds match-all and unanchored issuer regexps', () => {
  for (const [re, severity] of [
    ['.*', 'error'],
    ['token.actions.githubusercontent.com', 'error'],
    ['^https://token\\.actions\\.githubusercontent\\.com', 'error'],
    ['^https://.*\\.example\\.com$', 'warning'],
  ] as const) {
    const text = `cosign verify ${ID} --certificate-oidc-issuer-regexp '${re}' img\n`;
    const finding = only(rule, 'v.sh', text);
    assert.equal(finding.severity, severity, re);
    assert.equal(covered(text, finding), `--certificate-oidc-issuer-regexp '${re}'`);
  }
  only(rule, '.github/workflows/v.yml', 'env:\n  COSIGN_CERTIFICATE_OIDC_ISSUER_REGEXP: ".*"\n');
});

test('KW304 negatives: exact issuers and anchored alternatives', () => {
  for (const text of [
    `cosign verify ${ID} --certificate-oidc-issuer https://token.actions.githubusercontent.com img\n`,
    `cosign verify ${ID} --certificate-oidc-issuer-regexp '^https://(gitlab\\.com|token\\.actions\\.githubusercontent\\.com)$' img\n`,
  ]) {
    assert.deepEqual(scan(rule, 'v.sh', text), [], text);
  }
});

test("KW304 fix pins the issuer the regexp names, else the workspace CI's", () => {
  assertGoldenFix(
    rule,
    'v.sh',
    `cosign verify ${ID} --certificate-oidc-issuer-regexp="token.actions.githubusercontent.com" img\n`,
    `cosign verify ${ID} --certificate-oidc-issuer=https://token.actions.githubusercontent.com img\n`,
    { safety: 'review' },
  );
  assertGoldenFix(
    rule,
    'v.sh',
    `cosign verify ${ID} --certificate-oidc-issuer-regexp '.*' img\n`,
    `cosign verify ${ID} --certificate-oidc-issuer=https://gitlab.com img\n`,
    { workspace: GITLAB_FACTS },
  );
  const fix = assertGoldenFix(
    rule,
    'v.sh',
    `cosign verify ${ID} --certificate-oidc-issuer-regexp '.*' img\n`,
    `cosign verify ${ID} --certificate-oidc-issuer='<https://token.actions.githubusercontent.com>' img\n`,
  );
  assert.match(fix.title, /placeholder/);
});

test('KW304: each top-level alternative is judged on its own anchors', () => {
  for (const [re, message] of [
    ['^https://token\\.actions\\.githubusercontent\\.com$|.*', /alternative `\.\*`, it matches every issuer/],
    ['^https://gitlab\\.com$|token\\.actions\\.githubusercontent\\.com', /alternative `token\\\.actions\\\.githubusercontent\\\.com`, it is not anchored/],
    ['^(?:https://gitlab\\.com|https://.*)$', /alternative `https:\/\/\.\*`, it contains a wildcard/],
  ] as const) {
    const finding = only(rule, 'v.sh', `cosign verify ${ID} --certificate-oidc-issuer-regexp '${re}' img\n`);
    assert.match(finding.message, message, re);
  }
  assert.deepEqual(
    scan(
      rule,
      'v.sh',
      `cosign verify ${ID} --certificate-oidc-issuer-regexp '^https://gitlab\\.com$|^https://token\\.actions\\.githubusercontent\\.com$' img\n`,
    ),
    [],
  );
  const long = only(rule, 'v.sh', `cosign verify ${ID} --certificate-oidc-issuer-regexp '^${'['.repeat(10_000)}$' img\n`);
  assert.equal(long.severity, 'error');
  assert.match(long.message, /cannot be checked: .* cannot be shown to pin one issuer/);
});
