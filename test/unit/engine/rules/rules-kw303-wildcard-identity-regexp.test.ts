import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { wildcardIdentityRegexp } from '../../../../src/engine/rules/kw303-wildcard-identity-regexp';
import { assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

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

test('KW303: a top-level alternative that is unanchored or a wildcard makes the whole regexp one (each `|` branch has its own anchors)', () => {
  const cases: [string, string, RegExp][] = [
    ['^https://github\\.com/acme/app/.*$|acme-evil.*$', 'error', /alternative `acme-evil\.\*\$`, it has no `\^`/],
    ['^x$|.*|^y$', 'error', /alternative `\.\*`, it matches every identity/],
    ['^a$|evil', 'error', /alternative `evil`, it has no `\^`/],
    ['^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main$|^https://github\\.com/.+/app/x$', 'error', /owner part is a wildcard/],
    [
      '^(?:https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main|https://github\\.com/[^/]+/app/x@refs/heads/main)$',
      'error',
      /owner part is a wildcard/,
    ],
    ['^a$|', 'error', /empty alternative, it matches every identity/],
  ];
  for (const [re, severity, message] of cases) {
    const finding = only(rule, 'verify.sh', `cosign verify --certificate-identity-regexp '${re}' ${ISSUER} img\n`);
    assert.equal(finding.severity, severity, re);
    assert.match(finding.message, message, re);
  }
  // Alternatives that each pin a workflow stay clean, inside a group or not.
  const pinned = ['main', 'release'].map((branch) => `https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/${branch}`);
  for (const re of [`^(?:${pinned.join('|')})$`, pinned.map((p) => `^${p}$`).join('|')]) {
    assert.deepEqual(scan(rule, 'verify.sh', `cosign verify --certificate-identity-regexp '${re}' ${ISSUER} img\n`), [], re);
  }
});

test('KW303: a regexp too long to analyse is reported as unchecked, not passed (320 KB of `[` once took 37 s)', () => {
  const finding = only(rule, 'verify.sh', `cosign verify --certificate-identity-regexp '^${'['.repeat(320_000)}$' ${ISSUER} img\n`);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /regexp `\^\[{20}.*` cannot be checked: it is 320002 characters long, more than the 4096 Keyward analyses/);
});
