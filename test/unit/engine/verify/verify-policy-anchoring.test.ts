/**
 * Regexp policies are anchored as a whole, not only on the surface: `^https://github\.com/acme/app/.*$|acme-evil.*$`
 * starts with `^` and ends with `$`, yet its second alternative is unanchored and matched any identity
 * containing `acme-evil` (`https://github.com/acme-evil/…`). The verifier compiles every identity and
 * issuer regexp as `^(?:…)$`; the CLI and the editor's saved policies reach it through the same function.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildRequest } from '../../../../src/cli/verify-command';
import { verifyBundle, type VerifyPolicy } from '../../../../src/engine/verify';
import { compilePolicy, describePolicy, matches } from '../../../../src/engine/verify/policy';
import { parsePolicyEntries, toVerifyPolicy } from '../../../../src/vscode/verify/policy-match';
import { GITHUB_ISSUER, makeWorld, messageBundle, TEST_IDENTITY, trustedRoot } from '../../../helpers/sigstore-fixtures';

const LEGIT = TEST_IDENTITY;
const EVIL = 'https://github.com/acme-evil/app/.github/workflows/release.yml@refs/tags/v1.0.0';
const SPLIT_IDENTITY = '^https://github\\.com/acme/app/.*$|acme-evil.*$';
const ISSUER_RE = '^https://token\\.actions\\.githubusercontent\\.com$';

const world = makeWorld();
const root = trustedRoot(world);
const artifact = Buffer.from('release artifact v1.0.0\n');
const signedBy = (identity: string): string => messageBundle(world, { artifact, leaf: { identity } }).json;

function regexpPolicy(identityRegExp: string, issuerRegExp = ISSUER_RE): { identity: RegExp; issuer: RegExp } {
  const compiled = compilePolicy({ identityRegExp, issuerRegExp });
  assert.equal(compiled.kind, 'regexp');
  return compiled as { identity: RegExp; issuer: RegExp };
}

test('policy matching: an unanchored alternative no longer matches an acme-evil identity', () => {
  const policy = regexpPolicy(SPLIT_IDENTITY);
  assert.equal(matches(policy.identity, LEGIT), true);
  assert.equal(matches(policy.identity, EVIL), false);
  assert.equal(matches(policy.identity, 'acme-evil'), true, 'the alternative still matches a whole identity equal to it');
  for (const [re, identity] of [
    ['^x$|.*|^y$', EVIL],
    ['^a$|evil|^b$', EVIL],
    ['^https://github\\.com/acme/app/.*$|^https://github\\.com/acme-evil|x$', EVIL],
  ] as const) {
    assert.equal(matches(regexpPolicy(re).identity, identity), re === '^x$|.*|^y$', re);
  }
  const issuer = regexpPolicy('^x$', `${ISSUER_RE}|accounts|^y$`).issuer;
  assert.equal(matches(issuer, GITHUB_ISSUER), true);
  assert.equal(matches(issuer, 'https://accounts.google.com'), false);
  assert.match(
    describePolicy(compilePolicy({ identityRegExp: SPLIT_IDENTITY, issuerRegExp: ISSUER_RE })),
    /^identity matching \^https:\\\/\\\/github\\\.com\\\/acme\\\/app\\\/\.\*\$\|acme-evil\.\*\$ issued by/,
    'the pattern is shown as written',
  );
});

test('a pattern cannot close the wrapper group to escape it', () => {
  assert.throws(() => compilePolicy({ identityRegExp: '^a)|(evil$', issuerRegExp: ISSUER_RE }), /identity regular expression is invalid/);
  assert.throws(() => compilePolicy({ identityRegExp: '^x$', issuerRegExp: '^a)|(?:accounts$' }), /issuer regular expression is invalid/);
});

test("verifier: a bundle signed by acme-evil fails a split-anchored identity regexp; acme's own passes", () => {
  const verify = (bundle: string, policy: VerifyPolicy) => verifyBundle({ bundle, artifact: { bytes: artifact }, trustedRoot: root, policy });
  const policy = { identityRegExp: SPLIT_IDENTITY, issuerRegExp: ISSUER_RE };
  assert.equal(verify(signedBy(LEGIT), policy).status, 'verified');
  const evil = verify(signedBy(EVIL), policy);
  assert.equal(evil.status, 'failed');
  assert.equal(evil.failure?.code, 'IDENTITY_MISMATCH');
  assert.match(evil.failure?.reason ?? '', /not by the expected pattern \^https:/);
});

test('CLI and editor policies reach the same whole-match compilation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-anchor-'));
  try {
    writeFileSync(join(dir, 'evil.sigstore.json'), signedBy(EVIL));
    writeFileSync(join(dir, 'root.json'), root);
    writeFileSync(join(dir, 'a.txt'), artifact);
    const request = buildRequest(
      {
        bundle: 'evil.sigstore.json',
        identity: undefined,
        issuer: undefined,
        identityRegExp: SPLIT_IDENTITY,
        issuerRegExp: ISSUER_RE,
        key: undefined,
        trustedRoot: 'root.json',
        staging: false,
        positionals: ['a.txt'],
      },
      dir,
    );
    assert.equal(verifyBundle(request).failure?.code, 'IDENTITY_MISMATCH', 'keyward verify --certificate-identity-regexp');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // keyward.verify.policies: a regexp entry, and a mixed entry (exact issuer escaped into a regexp).
  const { entries } = parsePolicyEntries([
    { artifacts: '**', identityRegExp: SPLIT_IDENTITY, issuerRegExp: ISSUER_RE },
    { artifacts: '**', identityRegExp: SPLIT_IDENTITY, issuer: GITHUB_ISSUER },
  ]);
  assert.equal(entries.length, 2);
  for (const entry of entries) {
    const result = verifyBundle({ bundle: signedBy(EVIL), artifact: { bytes: artifact }, trustedRoot: root, policy: toVerifyPolicy(entry) });
    assert.equal(result.failure?.code, 'IDENTITY_MISMATCH', JSON.stringify(entry));
  }
});
