import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as internals from '../../../../src/engine/verify/sigstore-internals';

/**
 * verifier.ts calls private modules of @sigstore/verify (sigstore-internals.ts says why). Their
 * signatures were reviewed for one release: a different installed release must be reviewed again
 * (then update REVIEWED_VERSION), whatever npm considers compatible.
 */
test('the installed @sigstore/verify is the release whose private steps were reviewed', () => {
  const manifest = createRequire(__filename).resolve('@sigstore/verify/package.json');
  const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  assert.equal(installed, internals.REVIEWED_VERSION, 'review src/engine/verify/sigstore-internals.ts against the new release, then update REVIEWED_VERSION');
  for (const name of ['verifyCertificateChain', 'verifySCTs', 'getTLogTimestamp', 'getTSATimestamp', 'verifyTLogBody', 'verifyTLogInclusion'] as const) {
    assert.equal(typeof internals[name], 'function', name);
  }
});
