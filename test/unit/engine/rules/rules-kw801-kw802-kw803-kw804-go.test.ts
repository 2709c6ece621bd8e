import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { appcodeVerifyWithoutIdentity as kw801 } from '../../../../src/engine/rules/kw801-appcode-verify-without-identity';
import { appcodeWildcardIdentityRegexp as kw802 } from '../../../../src/engine/rules/kw802-appcode-wildcard-identity-regexp';
import { appcodeTlogVerificationDisabled as kw803 } from '../../../../src/engine/rules/kw803-appcode-tlog-verification-disabled';
import { appcodeSctVerificationDisabled as kw804 } from '../../../../src/engine/rules/kw804-appcode-sct-verification-disabled';
import { assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

/** sigstore-go (`sigstore-go/pkg/verify`) and cosign's Go API (`cosign.CheckOpts`) in application code. */

const SG = 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/sigstore/sigstore-go/pkg/verify"\n)\n\n';
const CO = 'package main\n\nimport (\n\t"github.com/sigstore/cosign/v2/pkg/cosign"\n)\n\n';
const ALL = [kw801, kw802, kw803, kw804];

test('KW801/KW803 sigstore-go unsafe options, calls spanning lines', () => {
  const text = `${SG}func check() {\n\tpolicy := verify.NewPolicy(\n\t\tverify.WithArtifact(f),\n\t\tverify.WithoutIdentitiesUnsafe(),\n\t)\n\tv, _ := verify.NewVerifier(tm,\n\t\tverify.WithoutAnyObserverTimestampsUnsafe())\n}\n`;
  assert.equal(covered(text, only(kw801, 'main.go', text)), 'verify.WithoutIdentitiesUnsafe()');
  assert.equal(covered(text, only(kw803, 'main.go', text)), 'verify.WithoutAnyObserverTimestampsUnsafe()');
  const aliased = 'package main\nimport sgv "github.com/sigstore/sigstore-go/pkg/verify"\nvar p = sgv.WithoutIdentitiesUnsafe()\n';
  assert.equal(only(kw801, 'x.go', aliased).severity, 'error');
});

test('KW803/KW804 sigstore-go thresholds of 0: Require 1 (safe)', () => {
  assertGoldenFix(
    kw803,
    'v.go',
    `${SG}var v, _ = verify.NewVerifier(tm, verify.WithTransparencyLog(0), verify.WithSignedCertificateTimestamps(1))\n`,
    `${SG}var v, _ = verify.NewVerifier(tm, verify.WithTransparencyLog(1), verify.WithSignedCertificateTimestamps(1))\n`,
    { safety: 'safe' },
  );
  assertGoldenFix(
    kw804,
    'v.go',
    `${SG}var v, _ = verify.NewVerifier(tm, verify.WithTransparencyLog(1), verify.WithSignedCertificateTimestamps(0))\n`,
    `${SG}var v, _ = verify.NewVerifier(tm, verify.WithTransparencyLog(1), verify.WithSignedCertificateTimestamps(1))\n`,
    { safety: 'safe' },
  );
  assertGoldenFix(kw803, 'v.go', `${SG}var o = verify.WithObserverTimestamps( 0 )\n`, `${SG}var o = verify.WithObserverTimestamps( 1 )\n`);
  assert.deepEqual(scan(kw803, 'v.go', `${SG}var v, _ = verify.NewVerifier(tm, verify.WithTransparencyLog(n), verify.WithTransparencyLog(10))\n`), []);
});

test('KW801/KW802 sigstore-go certificate identities: empty or loose regexps', () => {
  const empty = `${SG}id, err := verify.NewShortCertificateIdentity("https://token.actions.githubusercontent.com", "", "", "")\n`;
  assert.equal(covered(empty, only(kw801, 'v.go', empty)), '"", ""');
  const anySan = `${SG}id, err := verify.NewShortCertificateIdentity("https://token.actions.githubusercontent.com", "", "", ".*")\n`;
  assert.equal(covered(anySan, only(kw802, 'v.go', anySan)), '".*"');
  assert.equal(only(kw802, 'v.go', anySan).severity, 'error');
  const unanchored = `${SG}m, _ := verify.NewSANMatcher("", \`https://github\\.com/acme/\`)\n`;
  assert.match(only(kw802, 'v.go', unanchored).message, /no `\^`/);
  const issuer = `${SG}m, _ := verify.NewIssuerMatcher("", "token.actions.githubusercontent.com")\n`;
  assert.match(only(kw802, 'v.go', issuer).message, /issuer regexp/);
  const pinned = [
    `${SG}id, _ := verify.NewShortCertificateIdentity("https://token.actions.githubusercontent.com", "", "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", "")\n`,
    `${SG}id, _ := verify.NewShortCertificateIdentity("https://token.actions.githubusercontent.com", "", "", \`^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9.]+$\`)\n`,
    `${SG}id, _ := verify.NewShortCertificateIdentity(issuer, "", san, "")\n`, // values from elsewhere: not judged
  ];
  for (const text of pinned) for (const rule of ALL) assert.deepEqual(scan(rule, 'v.go', text), [], `${rule.meta.id}: ${text}`);
});

test('KW801/KW802/KW803/KW804 cosign.CheckOpts', () => {
  const opts = `${CO}func check(ctx context.Context) error {\n\tco := &cosign.CheckOpts{\n\t\tRekorClient: rc,\n\t\tIgnoreTlog:  true,\n\t\tIgnoreSCT:   true,\n\t\tIdentities: []cosign.Identity{{\n\t\t\tIssuer:        "https://token.actions.githubusercontent.com",\n\t\t\tSubjectRegExp: ".*",\n\t\t}},\n\t}\n\t_, _, err := cosign.VerifyImageSignatures(ctx, ref, co)\n\treturn err\n}\n`;
  assert.equal(covered(opts, only(kw803, 'v.go', opts)), 'IgnoreTlog:  true');
  assert.equal(covered(opts, only(kw804, 'v.go', opts)), 'IgnoreSCT:   true');
  assert.equal(covered(opts, only(kw802, 'v.go', opts)), '".*"');
  assert.deepEqual(scan(kw801, 'v.go', opts), []);
  assertGoldenFix(
    kw803,
    'v.go',
    `${CO}var co = &cosign.CheckOpts{\n\tIgnoreTlog: true,\n\tSigVerifier: v,\n}\n`,
    `${CO}var co = &cosign.CheckOpts{\n\tSigVerifier: v,\n}\n`,
    { safety: 'safe' },
  );
  assertGoldenFix(kw804, 'v.go', `${CO}f(&cosign.CheckOpts{SigVerifier: v, IgnoreSCT: true})\n`, `${CO}f(&cosign.CheckOpts{SigVerifier: v})\n`, {
    safety: 'safe',
  });
  const none = `${CO}_, _, err := cosign.VerifyImageSignatures(ctx, ref, &cosign.CheckOpts{RekorClient: rc})\n`;
  assert.equal(covered(none, only(kw801, 'v.go', none)), 'cosign.CheckOpts{RekorClient: rc}');
  assert.match(only(kw801, 'v.go', `${CO}co := &cosign.CheckOpts{Identities: []cosign.Identity{}}\n`).message, /empty `Identities`/);
  assert.match(
    only(kw801, 'v.go', `${CO}co := &cosign.CheckOpts{Identities: []cosign.Identity{{Issuer: "https://token.actions.githubusercontent.com"}}}\n`).message,
    /without `Subject`/,
  );
  const aliased = 'package main\nimport c "github.com/sigstore/cosign/pkg/cosign"\nvar o = c.CheckOpts{IgnoreTlog: true, SigVerifier: v}\n';
  assert.equal(only(kw803, 'x.go', aliased).severity, 'error');
});

test('cosign.CheckOpts negatives: key-based, identities set later or elsewhere, comments and strings', () => {
  const negatives = [
    `${CO}co := &cosign.CheckOpts{SigVerifier: verifier}\n`,
    `${CO}co := &cosign.CheckOpts{RekorClient: rc}\nco.Identities = ids\n`,
    `${CO}func opts() *cosign.CheckOpts {\n\treturn &cosign.CheckOpts{RekorClient: rc}\n}\n`,
    `${CO}co := &cosign.CheckOpts{Identities: []cosign.Identity{{Issuer: "https://token.actions.githubusercontent.com", Subject: "https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main"}}, IgnoreTlog: false}\n`,
    `${CO}// co := &cosign.CheckOpts{IgnoreTlog: true}\n/* cosign.CheckOpts{IgnoreSCT: true} */\nvar s = "cosign.CheckOpts{IgnoreTlog: true}"\nvar r = \`verify.WithoutIdentitiesUnsafe()\`\n`,
    'package main\n// "github.com/sigstore/cosign/v2/pkg/cosign" is not imported here\nvar o = cosign.CheckOpts{IgnoreTlog: true}\n',
  ];
  for (const text of negatives) for (const rule of ALL) assert.deepEqual(scan(rule, 'v.go', text), [], `${rule.meta.id}: ${text}`);
});

test('Go hostile inputs: unterminated raw strings and comments, deep literals', () => {
  assert.deepEqual(scan(kw801, 'v.go', `${SG}var s = \`\nverify.WithoutIdentitiesUnsafe()\n`), []);
  assert.deepEqual(scan(kw801, 'v.go', `${SG}/*\nverify.WithoutIdentitiesUnsafe()\n`), []);
  const deep = `${CO}var o = cosign.CheckOpts{IgnoreTlog: true, SigVerifier: v, X: ${'{'.repeat(40_000)}${'}'.repeat(40_000)}}\n`;
  assert.equal(scan(kw803, 'v.go', deep).length, 1);
});
