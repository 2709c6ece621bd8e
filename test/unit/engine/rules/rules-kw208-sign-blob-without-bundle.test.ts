import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { signBlobWithoutBundle } from '../../../../src/engine/rules/kw208-sign-blob-without-bundle';
import { assertGoldenFix, covered, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = signBlobWithoutBundle;

test('KW208 finds sign-blob without --bundle, with or without detached outputs', () => {
  const text = 'cosign sign-blob --yes --output-signature app.sig --output-certificate app.pem app.tgz\n';
  const finding = only(rule, 'a.sh', text);
  assert.equal(covered(text, finding), 'cosign sign-blob');
  assert.match(finding.message, /--output-signature, --output-certificate/);
  assert.match(only(rule, 'a.sh', 'SIG=$(cosign sign-blob --yes app.tgz)\n').message, /without --bundle/);
});

test('KW208 negatives: --bundle given (flag or COSIGN_BUNDLE), other subcommands, opaque arguments', () => {
  for (const text of [
    'cosign sign-blob --yes --bundle app.sigstore.json app.tgz\n',
    'cosign sign-blob --bundle=b app.tgz\n',
    'COSIGN_BUNDLE=b cosign sign-blob app.tgz\n',
    'cosign verify-blob --key k --signature s f\n',
    'cosign sign-blob $SIGN_ARGS app.tgz\n',
  ]) {
    assert.deepEqual(scan(rule, 'a.sh', text), [], text);
  }
});

test('KW208 fix adds a bundle named after the artifact and drops the detached outputs', () => {
  assertGoldenFix(
    rule,
    'a.sh',
    'cosign sign-blob --yes --output-signature "$F.sig" --output-certificate "$F.pem" "$F"\n',
    'cosign sign-blob --bundle "$F.sigstore.json" --yes "$F"\n',
    { safety: 'review' },
  );
  assertGoldenFix(
    rule,
    'a.sh',
    "cosign sign-blob --yes 'my file.tgz' > sig\n",
    "cosign sign-blob --bundle 'my file.tgz.sigstore.json' --yes 'my file.tgz' > sig\n",
  );
  assertGoldenFix(
    rule,
    '.github/workflows/r.yml',
    'steps:\n  - run: cosign sign-blob --yes ${{ env.ARTIFACT }}\n',
    'steps:\n  - run: cosign sign-blob --bundle ${{ env.ARTIFACT }}.sigstore.json --yes ${{ env.ARTIFACT }}\n',
  );
});
