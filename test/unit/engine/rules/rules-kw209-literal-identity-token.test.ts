import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { literalIdentityToken } from '../../../../src/engine/rules/kw209-literal-identity-token';
import { covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = literalIdentityToken;
// Built at test time; a syntactically JWT-shaped string, not a real token.
const JWT = ['eyJhbGciOiJSUzI1NiJ9', Buffer.from('{"sub":"test"}').toString('base64url'), 'c2lnbmF0dXJl'].join('.');

test('KW209 finds literal identity tokens on the command line and in variables, masked', () => {
  const cases: [string, string, string][] = [
    ['a.sh', `cosign sign --identity-token ${JWT} img\n`, `--identity-token ${JWT}`],
    ['a.sh', `cosign sign --identity-token="${JWT}" img\n`, `--identity-token="${JWT}"`],
    ['a.sh', `export SIGSTORE_ID_TOKEN=${JWT}\n`, `SIGSTORE_ID_TOKEN=${JWT}`],
    ['.github/workflows/r.yml', `env:\n  COSIGN_IDENTITY_TOKEN: ${JWT}\n`, `COSIGN_IDENTITY_TOKEN: ${JWT}`],
  ];
  for (const [path, text, expected] of cases) {
    const finding = only(rule, path, text);
    assert.equal(covered(text, finding), expected);
    assert.equal(finding.severity, 'error');
    assert.ok(!finding.message.includes(JWT.slice(0, 30)) && !finding.identity.includes('eyJ'), 'token masked');
  }
});

test('KW209 negatives: token files, command substitutions and CI references', () => {
  for (const [path, text] of [
    ['a.sh', 'cosign sign --identity-token /var/run/sigstore/token img\n'],
    ['a.sh', 'cosign sign --identity-token "$(cat token)" img\n'],
    ['a.sh', 'export SIGSTORE_ID_TOKEN="$CI_JOB_JWT_V2"\n'],
    ['.github/workflows/r.yml', 'env:\n  SIGSTORE_ID_TOKEN: ${{ steps.oidc.outputs.token }}\n'],
  ] as const) {
    assert.deepEqual(scan(rule, path, text), [], text);
  }
});
