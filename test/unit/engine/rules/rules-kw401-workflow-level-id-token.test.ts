import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { workflowLevelIdToken } from '../../../../src/engine/rules/kw401-workflow-level-id-token';
import { applyEdits } from '../../../../src/engine/shell/edits';
import { assertCommentsKept, assertGoldenFix, covered, GITHUB_FACTS, only, scan } from '../../../helpers/cosign-rule-harness';

const rule = workflowLevelIdToken;
const path = '.github/workflows/release.yml';

const before = [
  'name: release',
  'on: push',
  '# token scopes for every job',
  'permissions:',
  '  contents: read',
  '  packages: write # push to GHCR',
  '  id-token: write',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: npm test',
  '  release:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: sigstore/cosign-installer@v4.1.2',
  '      - run: cosign sign --yes "$IMAGE@$DIGEST" # sign',
  '',
].join('\n');

test('KW401 flags id-token: write at workflow level and names the signing job', () => {
  const finding = only(rule, path, before);
  assert.equal(covered(before, finding), 'id-token: write');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /`release`/);
  assert.doesNotMatch(finding.message, /`test`/);
});

test('KW401 fix: moves the scope to the signing job, keeping the other scopes in both places', () => {
  const after = [
    'name: release',
    'on: push',
    '# token scopes for every job',
    'permissions:',
    '  contents: read',
    '  packages: write # push to GHCR',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: npm test',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      contents: read',
    '      packages: write',
    '      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC',
    '    steps:',
    '      - uses: sigstore/cosign-installer@v4.1.2',
    '      - run: cosign sign --yes "$IMAGE@$DIGEST" # sign',
    '',
  ].join('\n');
  const fix = assertGoldenFix(rule, path, before, after, { safety: 'review', workspace: GITHUB_FACTS });
  assert.match(fix.title, /Move id-token: write to the signing job/);
  assert.match(fix.note ?? '', /`release`/);
  assertCommentsKept(before, after);
});

test('KW401 fix: the only scope leaves `permissions: {}`; a job block of its own just gains the scope', () => {
  const text = [
    'on: [push]',
    'permissions:',
    '  id-token: write',
    'jobs:',
    '  sign:',
    '    permissions:',
    '      packages: write',
    '    steps:',
    '      - uses: actions/attest-build-provenance@v2',
    '  other:',
    '    steps:',
    '      - run: make',
    '',
  ].join('\n');
  const after = [
    'on: [push]',
    'permissions: {}',
    'jobs:',
    '  sign:',
    '    permissions:',
    '      packages: write',
    '      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC',
    '    steps:',
    '      - uses: actions/attest-build-provenance@v2',
    '  other:',
    '    steps:',
    '      - run: make',
    '',
  ].join('\n');
  assertGoldenFix(rule, path, text, after);
});

test('KW401 fix with four-space indentation, a flow map and npm provenance', () => {
  const text =
    'on: push\npermissions: { contents: read, id-token: write }\njobs:\n    publish:\n        runs-on: ubuntu-latest\n        steps:\n            - run: npm publish --provenance\n';
  const after =
    'on: push\npermissions: { contents: read }\njobs:\n    publish:\n        runs-on: ubuntu-latest\n        permissions:\n            contents: read\n            id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC\n        steps:\n            - run: npm publish --provenance\n';
  assertGoldenFix(rule, path, text, after);
});

test('KW401 without any job that uses the token: the fix just removes it', () => {
  const text = 'on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  test:\n    steps:\n      - run: npm test\n';
  const fix = assertGoldenFix(rule, path, text, 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    steps:\n      - run: npm test\n');
  assert.match(fix.title, /no job uses it/);
});

test('KW401 negatives: job-level grants, read access, non-workflow files, CRLF layouts parse', () => {
  assert.deepEqual(scan(rule, path, 'on: push\njobs:\n  s:\n    permissions:\n      id-token: write\n    steps:\n      - run: cosign sign --yes i\n'), []);
  assert.deepEqual(scan(rule, path, 'on: push\npermissions:\n  id-token: read\njobs:\n  s:\n    steps: []\n'), []);
  assert.deepEqual(scan(rule, 'ci/release.yml', before), []);
  const crlf = before.replace(/\n/g, '\r\n');
  const finding = only(rule, path, crlf);
  const fixed = applyEdits(crlf, finding.fixes?.[0]?.edits ?? []);
  assert.ok(!/[^\r]\n/.test(fixed), 'CRLF kept');
  assert.deepEqual(scan(rule, path, fixed), []);
});
