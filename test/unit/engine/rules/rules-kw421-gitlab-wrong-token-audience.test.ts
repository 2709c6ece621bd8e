import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { gitlabWrongTokenAudience } from '../../../../src/engine/rules/kw421-gitlab-wrong-token-audience';
import { assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = gitlabWrongTokenAudience;
const path = '.gitlab-ci.yml';

test('KW421 flags SIGSTORE_ID_TOKEN with another audience, in jobs and default', () => {
  const text = 'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: https://gitlab.com # copied\n  script: [cosign sign --yes i]\n';
  const finding = only(rule, path, text);
  assert.equal(covered(text, finding), 'https://gitlab.com');
  assert.equal(finding.severity, 'error');
  assert.equal(scan(rule, path, 'default:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: [a, b]\n').length, 1);
  assert.equal(only(rule, path, 'default:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: [a, b]\n').fixes, undefined, 'lists are left to the user');
});

test('KW421 negatives: sigstore audience (scalar or in a list), other tokens, other files', () => {
  assert.deepEqual(scan(rule, path, 'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n'), []);
  assert.deepEqual(scan(rule, path, 'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: [other, sigstore]\n'), []);
  assert.deepEqual(scan(rule, path, 'sign:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault\n'), []);
  assert.deepEqual(scan(rule, 'k8s/sign.yml', 'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: x\n'), []);
});

test('KW421 fix: the audience becomes sigstore, the comment stays', () => {
  assertGoldenFix(
    rule,
    path,
    'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: "https://gitlab.com" # copied\n',
    'sign:\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore # copied\n',
    { safety: 'safe' },
  );
});
