import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { appcodeVerifyWithoutIdentity as kw801 } from '../../../../src/engine/rules/kw801-appcode-verify-without-identity';
import { appcodeWildcardIdentityRegexp as kw802 } from '../../../../src/engine/rules/kw802-appcode-wildcard-identity-regexp';
import { appcodeTlogVerificationDisabled as kw803 } from '../../../../src/engine/rules/kw803-appcode-tlog-verification-disabled';
import { appcodeSctVerificationDisabled as kw804 } from '../../../../src/engine/rules/kw804-appcode-sct-verification-disabled';
import { assertGoldenFix, covered, fixOf, only, scan } from '../../../helpers/cosign-rule-harness';

/** sigstore-python (`sigstore.verify.policy`) in application code. */

const IMPORT = 'from sigstore.verify import Verifier, policy\n';
const ID = '"https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"';
const ISSUER = '"https://token.actions.githubusercontent.com"';

test('KW801 sigstore-python UnsafeNoOp, in every import form', () => {
  const cases: [string, string][] = [
    [`${IMPORT}verifier.verify_artifact(data, bundle, policy.UnsafeNoOp())\n`, 'policy.UnsafeNoOp()'],
    ['from sigstore.verify.policy import UnsafeNoOp as Anything\np = Anything()\n', 'Anything()'],
    ['from sigstore.verify.policy import (\n    Identity,\n    UnsafeNoOp,\n)\np = UnsafeNoOp()\n', 'UnsafeNoOp()'],
    ['import sigstore.verify.policy as pol\np = pol.UnsafeNoOp()\n', 'pol.UnsafeNoOp()'],
    ['import sigstore.verify.policy\np = sigstore.verify.policy.UnsafeNoOp()\n', 'sigstore.verify.policy.UnsafeNoOp()'],
  ];
  for (const [text, expected] of cases) assert.equal(covered(text, only(kw801, 'verify.py', text)), expected, text);
});

test("KW801 sigstore-python Identity without issuer; fix adds the issuer of the identity's host", () => {
  const text = `${IMPORT}p = policy.Identity(\n    identity=${ID},\n)\n`;
  assert.match(only(kw801, 'v.py', text).message, /without `issuer`/);
  const fix = assertGoldenFix(
    kw801,
    'v.py',
    `${IMPORT}p = policy.Identity(identity=${ID})\n`,
    `${IMPORT}p = policy.Identity(identity=${ID}, issuer=${ISSUER})\n`,
    { safety: 'review' },
  );
  assert.equal(fix.pinsIdentity, true);
  assert.equal(fix.needsInput, undefined);
  assertGoldenFix(
    kw801,
    'v.py',
    `${IMPORT}p = policy.Identity(\n    identity=${ID},\n)\n`,
    `${IMPORT}p = policy.Identity(\n    identity=${ID}, issuer=${ISSUER},\n)\n`,
  );
  const gitlab = '"https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main"';
  assertGoldenFix(
    kw801,
    'v.py',
    `${IMPORT}p = policy.Identity(identity=${gitlab}, issuer=None)\n`,
    `${IMPORT}p = policy.Identity(identity=${gitlab}, issuer="https://gitlab.com")\n`,
  );
  const email = fixOf(only(kw801, 'v.py', `${IMPORT}p = policy.Identity(identity="me@acme.dev")\n`));
  assert.equal(email.needsInput, true);
  assert.match(email.edits[0]!.newText, /issuer="<OIDC issuer URL>"/);
});

test('KW801 sigstore-python policies built only from extensions', () => {
  const allOf = `${IMPORT}p = policy.AllOf([\n    policy.OIDCIssuer(${ISSUER}),\n    policy.GitHubWorkflowTrigger("push"),  # any repository's push\n])\n`;
  assert.match(only(kw801, 'v.py', allOf).message, /OIDCIssuer, GitHubWorkflowTrigger only/);
  const anyOf = `${IMPORT}p = policy.AnyOf([policy.Identity(identity=${ID}, issuer=${ISSUER}), policy.GitHubWorkflowSHA(sha)])\n`;
  assert.equal(covered(anyOf, only(kw801, 'v.py', anyOf)), 'policy.GitHubWorkflowSHA(sha)');
});

test('sigstore-python negatives: pinned policies, unknown members, comments, strings, other modules', () => {
  const negatives = [
    `${IMPORT}p = policy.Identity(identity=${ID}, issuer=${ISSUER})\n`,
    `${IMPORT}p = policy.Identity(${ID}, ${ISSUER})\n`,
    `${IMPORT}p = policy.Identity(**kwargs)\n`,
    `${IMPORT}p = policy.AllOf([policy.OIDCIssuer(${ISSUER}), policy.GitHubWorkflowRepository("acme/app")])\n`,
    `${IMPORT}p = policy.AllOf([policy.OIDCIssuer(${ISSUER}), extra_policy])\n`,
    `${IMPORT}p = policy.AllOf(policies)\n`,
    `${IMPORT}# p = policy.UnsafeNoOp()\ns = "policy.UnsafeNoOp()"\ndoc = """\npolicy.Identity(identity="x")\n"""\nr = r'policy.UnsafeNoOp()'\n`,
    'from mylib import policy\np = policy.UnsafeNoOp()\nq = policy.Identity(identity="x")\n',
    'import sigstore.verify\nfrom other import Identity\nq = Identity(identity="x")\n',
  ];
  for (const text of negatives) {
    for (const rule of [kw801, kw802, kw803, kw804]) assert.deepEqual(scan(rule, 'v.py', text), [], `${rule.meta.id}: ${text}`);
  }
});

test('Python hostile inputs: unterminated triple-quoted strings and deep brackets', () => {
  assert.deepEqual(scan(kw801, 'v.py', `${IMPORT}doc = """\npolicy.UnsafeNoOp()\n`), []);
  const deep = `${IMPORT}x = ${'['.repeat(40_000)}policy.UnsafeNoOp()${')'.repeat(40_000)}\n`;
  assert.equal(scan(kw801, 'v.py', deep).length, 1);
});
