import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { cosignInstallerNotPinned } from '../../../../src/engine/rules/kw405-cosign-installer-not-pinned';
import { covered, scan } from '../../../helpers/cosign-rule-harness';

const rule = cosignInstallerNotPinned;
const path = '.github/workflows/release.yml';
const wf = (uses: string): string => `jobs:\n  r:\n    steps:\n      - uses: ${uses}\n      - run: cosign sign --yes i\n`;

test('KW405: tags are information, floating majors and branches warnings, the missing v4 tag an error', () => {
  const cases: [string, string][] = [
    ['sigstore/cosign-installer@v4.1.2', 'information'],
    ['sigstore/cosign-installer@v3', 'warning'],
    ['sigstore/cosign-installer@main', 'warning'],
    ['sigstore/cosign-installer@v4', 'error'],
    ["'sigstore/cosign-installer@v3.10.1'", 'information'],
  ];
  for (const [uses, severity] of cases) {
    const found = scan(rule, path, wf(uses));
    assert.equal(found.length, 1, uses);
    assert.equal(found[0]?.severity, severity, uses);
    assert.equal(covered(wf(uses), found[0] as never), uses);
  }
});

test('KW405 negatives: SHA pins (with a version comment), other actions, other files', () => {
  assert.deepEqual(scan(rule, path, wf('sigstore/cosign-installer@d7543c93d881b35a8faa02e8e3605f69b7a1ce62 # v3.10.1')), []);
  assert.deepEqual(scan(rule, path, wf('actions/checkout@v4')), []);
  assert.deepEqual(scan(rule, 'action-docs.yml', wf('sigstore/cosign-installer@v3')), []);
});
