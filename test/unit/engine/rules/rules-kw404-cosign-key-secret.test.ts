import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cosignKeySecret } from '../../../../src/engine/rules/kw404-cosign-key-secret';
import { covered, scan } from '../../../helpers/cosign-rule-harness';

const rule = cosignKeySecret;
const path = '.github/workflows/release.yml';

test('KW404 flags each reference to the cosign key and password secrets; one step reading both is one finding', () => {
  const text =
    'jobs:\n  r:\n    env:\n      COSIGN_PRIVATE_KEY: ${{ secrets.COSIGN_PRIVATE_KEY }}\n      COSIGN_PASSWORD: "${{secrets.COSIGN_PASSWORD}}"\n    steps:\n      - uses: x/sign@v1\n        with:\n          key: ${{ secrets.COSIGN_KEY }}\n          password: ${{ secrets.COSIGN_PASSWORD }}\n';
  const found = scan(rule, path, text);
  assert.deepEqual(
    found.map((f) => covered(text, f)),
    ['${{ secrets.COSIGN_PRIVATE_KEY }}', '${{secrets.COSIGN_PASSWORD}}', '${{ secrets.COSIGN_KEY }}'],
  );
  assert.ok(found.every((f) => f.severity === 'warning'));
  assert.equal(new Set(found.map((f) => f.identity)).size, 3, 'distinct identities for repeated secrets');
  assert.match(found[1]?.message ?? '', /key password/);
  assert.deepEqual(
    found[2]?.related?.map((r) => [r.ruleId, text.slice(r.range.start, r.range.end)]),
    [['KW404', '${{ secrets.COSIGN_PASSWORD }}']],
    'the password the same step reads is a related location',
  );
});

test('KW404 negatives: other secrets, public key, comments, files that are not workflows', () => {
  assert.deepEqual(scan(rule, path, 'env:\n  K: ${{ secrets.COSIGN_PUBLIC_KEY }}\n  T: ${{ secrets.GITHUB_TOKEN }}\n'), []);
  assert.deepEqual(scan(rule, path, 'env:\n  # K: ${{ secrets.COSIGN_PRIVATE_KEY }}\n  A: b # was ${{ secrets.COSIGN_PASSWORD }}\n'), []);
  assert.deepEqual(scan(rule, 'ci/notes.yml', 'env:\n  K: ${{ secrets.COSIGN_PRIVATE_KEY }}\n'), []);
});
