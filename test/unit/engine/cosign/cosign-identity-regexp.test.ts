import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  analyzeIdentityRegexp,
  analyzeIssuerRegexp,
  anchoredIdentityRegexp,
  escapeLiteralDots,
  escapeRegexp,
  issuerNamedBy,
  MAX_ANALYSED_REGEXP,
} from '../../../../src/engine/cosign/identity-regexp';

test('identity regexps: match-all and unanchored are errors', () => {
  for (const re of ['.*', '.+', '^.*$', '(.*)', '', '^$', '.*.*']) assert.equal(analyzeIdentityRegexp(re)?.problem, 'match-all', re);
  assert.equal(analyzeIdentityRegexp('https://github.com/.+/.+/.github/workflows/.+@.+')?.problem, 'unanchored');
  assert.equal(analyzeIdentityRegexp('https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main$')?.severity, 'error');
});

test('identity regexps: wildcard host or owner are errors; prefixes and wildcard repos warnings', () => {
  assert.deepEqual(
    ['^https://github\\.com/.+/app/x$', '^https://.*/acme/app$', '^https://github\\.com/[^/]+/app/x@refs/heads/main$'].map(
      (re) => analyzeIdentityRegexp(re)?.problem,
    ),
    ['wildcard-owner', 'wildcard-host', 'wildcard-owner'],
  );
  assert.deepEqual(
    [
      '^https://github\\.com/acme',
      '^https://github\\.com/acme/.*',
      '^https://github\\.com/acme/.*$',
      '^https://github\\.com/acme/app/\\.github/workflows/.*@refs/heads/main$',
    ].map((re) => [analyzeIdentityRegexp(re)?.problem, analyzeIdentityRegexp(re)?.severity]),
    [
      ['prefix', 'warning'],
      ['prefix', 'warning'],
      ['wildcard-repository', 'warning'],
      ['wildcard-path', 'warning'],
    ],
  );
  assert.equal(analyzeIdentityRegexp('^.*@example\\.com$')?.problem, 'wildcard-user');
});

test('identity regexps that pin one workflow are fine, wildcard refs included; bare dots are information', () => {
  assert.equal(analyzeIdentityRegexp('^https://github\\.com/acme/app/\\.github/workflows/release\\.ya?ml@refs/tags/v[0-9]+\\.[0-9]+\\.[0-9]+$'), undefined);
  assert.equal(analyzeIdentityRegexp('^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/.*$'), undefined);
  assert.equal(analyzeIdentityRegexp('(?i)^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main$'), undefined);
  assert.equal(analyzeIdentityRegexp('^https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main$')?.severity, 'information');
  assert.equal(analyzeIdentityRegexp('^release@acme\\.com$'), undefined);
});

test('issuer regexps: anchored exact issuers pass; match-all and unanchored are errors', () => {
  assert.equal(analyzeIssuerRegexp('^https://token\\.actions\\.githubusercontent\\.com$'), undefined);
  assert.equal(analyzeIssuerRegexp('.*')?.problem, 'match-all');
  assert.equal(analyzeIssuerRegexp('https://token\\.actions\\.githubusercontent\\.com')?.problem, 'unanchored');
  assert.equal(analyzeIssuerRegexp('^https://token\\.actions\\.githubusercontent\\.com')?.severity, 'error');
  assert.equal(analyzeIssuerRegexp('^https://(gitlab\\.com|token\\.actions\\.githubusercontent\\.com)$'), undefined);
  assert.equal(analyzeIssuerRegexp('^https://.*\\.example\\.com$')?.severity, 'warning');
  assert.equal(analyzeIssuerRegexp('^https://gitlab.com$')?.severity, 'information');
});

test('mechanical tightening: anchors and escapes a regexp that names one identity', () => {
  assert.equal(
    anchoredIdentityRegexp('https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main'),
    '^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/main$',
  );
  assert.equal(
    anchoredIdentityRegexp('(?i)^https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main$'),
    '(?i)^https://gitlab\\.com/acme/app//\\.gitlab-ci\\.yml@refs/heads/main$',
  );
  assert.equal(
    anchoredIdentityRegexp('https://github.com/acme/app/.github/workflows/r.yml@refs/tags/v.*'),
    '^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/tags/v.*$',
  );
  assert.equal(anchoredIdentityRegexp('^https://github.com/acme'), undefined, 'a prefix is not one identity');
  assert.equal(anchoredIdentityRegexp('https://github.com/.+/app@refs/heads/main'), undefined, 'wildcards need a person');
  assert.equal(anchoredIdentityRegexp('release@acme.com'), '^release@acme\\.com$');
});

test('helpers: dot escaping, literal escaping, issuers named by a regexp', () => {
  assert.equal(escapeLiteralDots('a.b.*[.]\\.c'), 'a\\.b.*[.]\\.c');
  assert.equal(escapeRegexp('https://x.y/a+b'), 'https://x\\.y/a\\+b');
  assert.equal(issuerNamedBy('^https://token\\.actions\\.githubusercontent\\.com$'), 'https://token.actions.githubusercontent.com');
  assert.equal(issuerNamedBy('^https://gitlab\\.com$'), 'https://gitlab.com');
  assert.equal(issuerNamedBy('.*'), undefined);
});

test('identity and issuer regexps are judged per top-level alternative, groups spanning the whole regexp unwrapped', () => {
  assert.equal(analyzeIdentityRegexp('^https://github\\.com/acme/app/.*$|acme-evil.*$')?.problem, 'unanchored');
  assert.equal(analyzeIdentityRegexp('^x$|.*|^y$')?.problem, 'match-all');
  assert.equal(
    analyzeIdentityRegexp('^(https://github\\.com/acme/app/x\\.yml@refs/heads/main$|evil)')?.problem,
    'prefix',
    "the group's `^` covers `evil`, no `$` does",
  );
  assert.equal(analyzeIdentityRegexp('^https://github\\.com/(.)*/app/x@refs/heads/main$')?.problem, 'wildcard-owner', 'a repeated group of any character');
  assert.equal(analyzeIdentityRegexp('^https://github\\.com/[[:alpha:]]+/app/x@refs/heads/main$')?.problem, 'wildcard-owner', 'a POSIX class');
  assert.equal(
    analyzeIdentityRegexp('^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/(main|release)$'),
    undefined,
    'alternatives inside the ref',
  );
  assert.equal(analyzeIssuerRegexp('^https://gitlab\\.com$|https://token\\.actions\\.githubusercontent\\.com')?.problem, 'unanchored');
  assert.equal(
    anchoredIdentityRegexp('https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main|evil'),
    undefined,
    'no mechanical anchoring of alternatives',
  );
});

test('over-long regexps are an error, not analysed (and not passed)', () => {
  const hostile = `^${'['.repeat(320_000)}$`;
  assert.deepEqual([analyzeIdentityRegexp(hostile)?.problem, analyzeIdentityRegexp(hostile)?.severity], ['too-long', 'error']);
  assert.equal(analyzeIssuerRegexp(hostile)?.problem, 'too-long');
  assert.equal(anchoredIdentityRegexp(`https://github.com/acme/${'a'.repeat(5000)}@refs/heads/main`), undefined);
  const longest = `^https://github\\.com/acme/app/\\.github/workflows/r\\.yml@refs/heads/${'a'.repeat(MAX_ANALYSED_REGEXP - 80)}$`;
  assert.ok(longest.length <= MAX_ANALYSED_REGEXP);
  assert.equal(analyzeIdentityRegexp(longest), undefined, 'up to the limit, the analysis runs');
});
