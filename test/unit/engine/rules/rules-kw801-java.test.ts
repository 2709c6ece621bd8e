import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { appcodeVerifyWithoutIdentity as kw801 } from '../../../../src/engine/rules/kw801-appcode-verify-without-identity';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

/** sigstore-java (`dev.sigstore`) in application code: verification options without certificate matchers. */

const HEAD =
  'package acme;\n\nimport dev.sigstore.KeylessVerifier;\nimport dev.sigstore.VerificationOptions;\nimport dev.sigstore.VerificationOptions.CertificateMatcher;\n\n';

test('KW801 sigstore-java options without matchers, matchers without SAN or issuer', () => {
  const empty = `${HEAD}class V {\n  void v() {\n    verifier.verify(artifact, bundle, VerificationOptions.empty());\n  }\n}\n`;
  assert.equal(covered(empty, only(kw801, 'V.java', empty)), 'VerificationOptions.empty()');
  const bare = `${HEAD}var options = VerificationOptions.builder()\n    .build();\n`;
  assert.match(only(kw801, 'V.java', bare).message, /without a certificate matcher/);
  const issuerOnly = `${HEAD}var options = VerificationOptions.builder().addCertificateMatchers(\n  CertificateMatcher.fulcio()\n    .issuer(StringMatcher.string("https://token.actions.githubusercontent.com"))\n    .build()).build();\n`;
  const finding = only(kw801, 'V.java', issuerOnly);
  assert.match(finding.message, /without `subjectAlternativeName`/);
  assert.equal(finding.severity, 'error');
  const sanOnly = `${HEAD}var m = CertificateMatcher.fulcio().subjectAlternativeName(StringMatcher.string("me@acme.dev")).build();\n`;
  assert.equal(only(kw801, 'V.java', sanOnly).severity, 'warning');
  const qualified = 'class V { Object o = dev.sigstore.VerificationOptions.empty(); }\n';
  assert.equal(scan(kw801, 'V.java', qualified).length, 1);
});

test('KW801 sigstore-java negatives: pinned matchers, builders finished elsewhere, comments, strings, other packages', () => {
  const negatives = [
    `${HEAD}var options = VerificationOptions.builder().addCertificateMatchers(\n  CertificateMatcher.fulcio()\n    .subjectAlternativeName(StringMatcher.string("me@acme.dev"))\n    .issuer(StringMatcher.string("https://accounts.google.com"))\n    .build()).build();\n`,
    `${HEAD}var builder = VerificationOptions.builder();\nbuilder.addCertificateMatchers(m);\nvar o = builder.build();\n`,
    `${HEAD}// VerificationOptions.empty()\nString s = "VerificationOptions.empty()";\nString t = """\n  VerificationOptions.builder().build()\n  """;\n`,
    `${HEAD}var o = com.other.VerificationOptions.empty();\n`,
    'package acme;\nclass V { Object o = VerificationOptions.empty(); }\n', // no dev.sigstore import: another library
  ];
  for (const text of negatives) assert.deepEqual(scan(kw801, 'V.java', text), [], text);
});
