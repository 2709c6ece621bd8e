import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { wildcardIdentityRegexp } from '../../src/engine/rules/kw303-wildcard-identity-regexp';
import { assertGoldenFix, covered, GITHUB_FACTS, only, scan } from './cosign-rule-harness';

const rule = wildcardIdentityRegexp;
const ISSUER = '--certificate-oidc-issuer=https://token.actions.githubusercontent.com';

test('KW303 grades identity regexps by how much they let through', () => {
  const cases: [string, string][] = [
    [`cosign verify --certificate-identity-regexp '.*' ${ISSUER} img\n`, 'error'],
    [`cosign verify --certificate-identity-regexp="https://github.com/.+/.+/.github/workflows/.+@.+" ${ISSUER} img\n`, 'error'],
    [`cosign verify --certificate-identity-regexp '^https://github\\.com/.+/app$' ${ISSUER} img\n`, 'error'],
    [`cosign verify --certificate-identity-regexp '^https://github\\.com/acme' ${ISSUER} img\n`, 'warning'],
    [`cosign verify --certificate-identity-regexp '^https://github\\.com/acme/.*$' ${ISSUER} img\n`, 'warning'],
    [`cosign verify --certificate-identity-regexp '^https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main$' ${ISSUER} img\n`, 'information'],
  ];
  for (const [text, severity] of cases) {
    const finding = only(rule, 'verify.sh', text);
    assert.equal(finding.severity, severity, text);
    assert.match(covered(text, finding), /^--certificate-identity-regexp/);
  }
  const env = only(rule, 'a.sh', 'export COSIGN_CERTIFICATE_IDENTITY_REGEXP=".*"\n');
  assert.equal(env.severity, 'error');
});

test('KW303 negatives: exact identities, anchored single-workflow regexps, release-tag patterns', () => {
  for (const text of [
    `cosign verify --certificate-identity=https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main ${ISSUER} img\n`,
    `cosign verify --certificate-identity-regexp '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+$' ${ISSUER} img\n`,
    'cosign verify --certificate-identity-regexp "$IDENTITY_RE" img\n',
  ]) {
    assert.deepEqual(scan(rule, 'verify.sh', text), [], text);
  }
});

test('KW303 fix: a regexp that names one identity is anchored and escaped (safe)', () => {
  assertGoldenFix(
    rule,
    'verify.sh',
    `cosign verify --certificate-identity-regexp "https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main" ${ISSUER} img\n`,
    `cosign verify --certificate-identity-regexp='^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main$' ${ISSUER} img\n`,
    { safety: 'safe' },
  );
});

test('KW303 fix: wildcards become the exact inferred identity (review)', () => {
  assertGoldenFix(
    rule,
    '.github/workflows/verify.yml',
    `jobs:\n  v:\n    steps:\n      - run: |\n          cosign verify \\\n            --certificate-identity-regexp 'https://github.com/acme/.*' \\\n            ${ISSUER} "$IMG"\n`,
    `jobs:\n  v:\n    steps:\n      - run: |\n          cosign verify \\\n            --certificate-identity=https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main \\\n            ${ISSUER} "$IMG"\n`,
    { workspace: GITHUB_FACTS, safety: 'review' },
  );
});
