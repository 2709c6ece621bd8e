import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { appcodeVerifyWithoutIdentity as kw801 } from '../../../../src/engine/rules/kw801-appcode-verify-without-identity';
import { appcodeWildcardIdentityRegexp as kw802 } from '../../../../src/engine/rules/kw802-appcode-wildcard-identity-regexp';
import { appcodeTlogVerificationDisabled as kw803 } from '../../../../src/engine/rules/kw803-appcode-tlog-verification-disabled';
import { appcodeSctVerificationDisabled as kw804 } from '../../../../src/engine/rules/kw804-appcode-sct-verification-disabled';
import { assertGoldenFix, covered, fixOf, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

/** sigstore-js (`sigstore`, `@sigstore/verify`) in application code. */

const IMPORT = "import { verify } from 'sigstore';\n";
const ID = "certificateIdentityURI: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main'";
const ISSUER = "certificateIssuer: 'https://token.actions.githubusercontent.com'";

test('KW801 sigstore verify() without identity or issuer, in every import form', () => {
  const cases: [string, string, string][] = [
    ['a.ts', `${IMPORT}await verify(bundle, data);\n`, 'verify(bundle, data)'],
    ['a.ts', `${IMPORT}await verify(bundle);\n`, 'verify(bundle)'],
    [
      'a.mjs',
      "import * as sigstore from 'sigstore';\nawait sigstore.verify(bundle, Buffer.from(x), { tlogThreshold: 1 });\n",
      'sigstore.verify(bundle, Buffer.from(x), { tlogThreshold: 1 })',
    ],
    [
      'a.js',
      "const sigstore = require('sigstore');\nsigstore.verify(b, d, { certificateIssuer: 'https://token.actions.githubusercontent.com' });\n",
      "sigstore.verify(b, d, { certificateIssuer: 'https://token.actions.githubusercontent.com' })",
    ],
    [
      'a.cjs',
      'const { verify: check } = require("sigstore");\ncheck(b, { certificateIdentityEmail: \'me@acme.dev\' });\n',
      "check(b, { certificateIdentityEmail: 'me@acme.dev' })",
    ],
    ['a.ts', "import { createVerifier } from 'sigstore';\nconst v = await createVerifier({ tlogThreshold: 1 });\n", 'createVerifier({ tlogThreshold: 1 })'],
    ['a.ts', `${IMPORT}await verify(bundle, ok ? a : b);\n`, 'verify(bundle, ok ? a : b)'],
    [
      'a.ts',
      `${IMPORT}await verify(bundle, data, { certificateIdentityURI: '', ${ISSUER} });\n`,
      `verify(bundle, data, { certificateIdentityURI: '', ${ISSUER} })`,
    ],
  ];
  for (const [path, text, expected] of cases) {
    const finding = only(kw801, path, text);
    assert.equal(covered(text, finding), expected, text);
    assert.equal(finding.severity, 'error');
  }
});

test('KW801 sigstore verify(): options built in a variable earlier, calls spanning lines', () => {
  const text = `${IMPORT}export async function check(bundle: Bundle, data: Buffer) {\n  const options: VerifyOptions = {\n    ${ISSUER},\n  };\n  await verify(\n    bundle,\n    data,\n    options,\n  );\n}\n`;
  assert.match(only(kw801, 'v.ts', text).message, /no `certificateIdentityURI`/);
  const pinned = `${IMPORT}async function check(bundle, data) {\n  const opts = { ${ID}, ${ISSUER} };\n  await verify(bundle, data, opts);\n}\n`;
  assert.deepEqual(scan(kw801, 'v.ts', pinned), []);
});

test('KW801 sigstore negatives: pinned, unknown options, comments, strings, other libraries', () => {
  const negatives = [
    `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER} });\n`,
    `${IMPORT}await verify(bundle, { certificateIdentityEmail: 'me@acme.dev', ${ISSUER} });\n`,
    `${IMPORT}export const check = (b, opts) => verify(b, opts);\n`, // a parameter: could be options
    `${IMPORT}await verify(bundle, data, { ...base, ${ISSUER} });\n`, // the spread may hold the identity
    `${IMPORT}// await verify(bundle, data);\n/* verify(bundle) */\nconst doc = 'verify(bundle, data)';\nconst t = \`verify(\${bundle})\`;\n`,
    "import { verify } from 'jsonwebtoken';\nverify(token, secret);\n",
    "// import { verify } from 'sigstore';\nverify(token, secret);\n",
    "import { verify } from 'sigstore';\nconst r = /verify(bundle)/;\nobj.verify(bundle);\n",
    // declarations named like the import are not calls
    "import { verify } from 'sigstore';\nclass C {\n  async verify(bundle: Bundle, data?: Buffer): Promise<void> {}\n  check(b) { return 1; }\n}\nfunction verify(b) {}\nconst o = { verify(b) { return b; } };\n",
  ];
  for (const text of negatives) {
    for (const rule of [kw801, kw802, kw803, kw804]) assert.deepEqual(scan(rule, 'a.ts', text), [], `${rule.meta.id}: ${text}`);
  }
  assert.deepEqual(scan(kw801, 'README.md', `${IMPORT}verify(bundle)\n`), [], 'only source files');
});

test('KW801 fix: require the inferred identity and issuer (review, pins identity), in the options layout', () => {
  const fix = assertGoldenFix(kw801, 'a.ts', `${IMPORT}await verify(bundle, data);\n`, `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER} });\n`, {
    workspace: GITHUB_FACTS,
    safety: 'review',
  });
  assert.equal(fix.pinsIdentity, true);
  assert.equal(fix.needsInput, undefined);
  assertGoldenFix(
    kw801,
    'a.ts',
    `${IMPORT}await verify(bundle, data, { tlogThreshold: 1 });\n`,
    `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER}, tlogThreshold: 1 });\n`,
    { workspace: GITHUB_FACTS },
  );
  assertGoldenFix(kw801, 'a.ts', `${IMPORT}await verify(bundle, data, {});\n`, `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER} });\n`, {
    workspace: GITHUB_FACTS,
  });
  const multi = `${IMPORT}const options = {\n  ${ISSUER},\n};\nawait verify(bundle, data, options);\n`;
  assertGoldenFix(kw801, 'a.ts', multi, `${IMPORT}const options = {\n  ${ID},\n  ${ISSUER},\n};\nawait verify(bundle, data, options);\n`, {
    workspace: GITHUB_FACTS,
  });
  const placeholder = fixOf(only(kw801, 'a.ts', `${IMPORT}await verify(bundle);\n`));
  assert.equal(placeholder.needsInput, true);
  assert.match(placeholder.title, /fill in the placeholders/);
  assert.match(
    placeholder.edits[0]!.newText,
    /certificateIdentityURI: '<https:\/\/github\.com\/OWNER\/REPO\/\.github\/workflows\/FILE\.yml@refs\/heads\/main>'/,
  );
});

test('KW803/KW804 sigstore and @sigstore/verify thresholds of 0, removed safely', () => {
  const text = `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER}, tlogThreshold: 0, ctLogThreshold: 0 });\n`;
  assert.equal(covered(text, only(kw803, 'a.ts', text)), 'tlogThreshold: 0');
  assert.equal(only(kw803, 'a.ts', text).severity, 'error');
  assert.equal(covered(text, only(kw804, 'a.ts', text)), 'ctLogThreshold: 0');
  assert.equal(only(kw804, 'a.ts', text).severity, 'warning');
  assertGoldenFix(
    kw803,
    'a.ts',
    `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER}, tlogThreshold: 0 });\n`,
    `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER} });\n`,
    { safety: 'safe' },
  );
  assertGoldenFix(
    kw803,
    'a.ts',
    `${IMPORT}await verify(bundle, data, { tlogThreshold: 0, ${ID}, ${ISSUER} });\n`,
    `${IMPORT}await verify(bundle, data, { ${ID}, ${ISSUER} });\n`,
  );
  const lines = `${IMPORT}const opts = {\n  ${ID},\n  tlogThreshold: 0, // no Rekor here\n  ${ISSUER},\n};\nawait verify(b, d, opts);\n`;
  assertGoldenFix(kw803, 'a.ts', lines, `${IMPORT}const opts = {\n  ${ID},\n  ${ISSUER},\n};\nawait verify(b, d, opts);\n`);
  const low = "import { Verifier } from '@sigstore/verify';\nconst verifier = new Verifier(trustMaterial, {\n  tlogThreshold: 0,\n  ctlogThreshold: 0,\n});\n";
  assertGoldenFix(
    kw804,
    'a.ts',
    low,
    "import { Verifier } from '@sigstore/verify';\nconst verifier = new Verifier(trustMaterial, {\n  tlogThreshold: 0,\n});\n",
  );
  assert.equal(covered(low, only(kw803, 'a.ts', low)), 'tlogThreshold: 0');
  assert.deepEqual(
    scan(kw803, 'a.ts', `${IMPORT}const x = { tlogThreshold: 0 }; // not verify options\nawait verify(b, d, { ${ID}, ${ISSUER}, tlogThreshold: 1 });\n`),
    [],
  );
});

test('KW801/KW802 @sigstore/verify Verifier#verify policies', () => {
  const head = "import { Verifier, toSignedEntity } from '@sigstore/verify';\nconst verifier = new Verifier(trustMaterial);\n";
  const issuerOnly = `${head}verifier.verify(entity, {\n  extensions: { issuer: 'https://token.actions.githubusercontent.com' },\n});\n`;
  assert.match(only(kw801, 'v.ts', issuerOnly).message, /no `subjectAlternativeName`/);
  assert.match(only(kw801, 'v.ts', `${head}const signer = verifier.verify(entity);\n`).message, /without a policy/);
  const sanOnly = `${head}verifier.verify(entity, { subjectAlternativeName: 'https://github.com/acme/app/.github/workflows/r.yml@refs/heads/main' });\n`;
  assert.equal(only(kw801, 'v.ts', sanOnly).severity, 'warning');
  const pinned = `${head}const policy = { subjectAlternativeName: /^https:\\/\\/github\\.com\\/acme\\/app\\/\\.github\\/workflows\\/r\\.yml@refs\\/tags\\/v.*$/, extensions: { issuer: ISSUER } };\nverifier.verify(entity, policy);\n`;
  for (const rule of [kw801, kw802]) assert.deepEqual(scan(rule, 'v.ts', pinned), [], rule.meta.id);
  const loose = `${head}verifier.verify(entity, { subjectAlternativeName: /github\\.com\\/acme\\//, extensions: { issuer: ISSUER } });\n`;
  const finding = only(kw802, 'v.ts', loose);
  assert.equal(covered(loose, finding), '/github\\.com\\/acme\\//');
  assert.match(finding.message, /RegExp#test/);
  assert.equal(only(kw802, 'v.ts', `${head}verifier.verify(entity, { subjectAlternativeName: /.*/, extensions: { issuer: ISSUER } });\n`).severity, 'error');
  // crypto.verify in the same file is not a Verifier
  assert.deepEqual(scan(kw801, 'v.ts', `${head}crypto.verify(null, data, key, sig);\n`), []);
});

test('hostile inputs: unterminated strings, templates, comments and brackets stay linear and report nothing wrong', () => {
  const deep = `${IMPORT}${'('.repeat(50_000)}verify(bundle)${']'.repeat(50_000)}\n`;
  assert.equal(scan(kw801, 'a.ts', deep).length, 1);
  const templates = `${IMPORT}const s = \`${'${`'.repeat(20_000)}\`;\nverify(b)\n`;
  assert.deepEqual(scan(kw801, 'a.ts', templates), [], 'inside an unterminated template nothing is code');
  assert.deepEqual(scan(kw801, 'a.ts', `${IMPORT}/* verify(bundle)\n`), []);
  assert.deepEqual(scan(kw801, 'a.ts', `${IMPORT}const s = 'verify(bundle)\n`), [], 'an unterminated string ends at its line');
});
