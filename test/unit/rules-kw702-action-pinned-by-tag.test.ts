import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { actionPinnedByTag } from '../../src/engine/rules/kw702-action-pinned-by-tag';
import { covered, scan } from './cosign-rule-harness';

const rule = actionPinnedByTag;

const SIGNING = `name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
  id-token: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@0aaccfd150d50ccaeb58ebd88d36e91967a5f35b # v5.4.0
      - uses: "docker/login-action@master"
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
      - uses: sigstore/cosign-installer@v3.7.0
      - run: cosign sign --yes ghcr.io/acme/app@\${{ steps.build.outputs.digest }}
`;

test('KW702 flags tag and branch pins in a signing workflow, not SHA pins, local actions or docker images', () => {
  const found = scan(rule, '.github/workflows/release.yml', SIGNING);
  // sigstore/cosign-installer@v3.7.0 (line 17) is KW405's: no second finding on the same line.
  assert.deepEqual(found.map((f) => `${f.startPosition.line + 1}:${covered(SIGNING, f)}`), ['12:v4', '14:master']);
  assert.ok(found.every((f) => f.severity === 'information'));
  assert.match(found[0]?.message ?? '', /`actions\/checkout@v4` is pinned to a mutable tag in a workflow that signs/);
  assert.match(found[1]?.message ?? '', /mutable ref/);
  assert.equal(found[0]?.fixes, undefined, 'no SHA can be resolved offline');
});

test('KW702 only checks workflows that sign', () => {
  const ci = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n';
  assert.deepEqual(scan(rule, '.github/workflows/ci.yml', ci), []);
  assert.equal(scan(rule, '.github/workflows/ci.yml', ci, { signingWorkflows: ['.github/workflows/ci.yml'] }).length, 1, 'the workspace facts say it signs');
  const attest = 'jobs:\n  a:\n    steps:\n      - uses: actions/attest-build-provenance@v2\n';
  assert.equal(scan(rule, '.github/workflows/attest.yml', attest).length, 1, 'a signing action makes it a signing workflow');
  assert.deepEqual(scan(rule, 'docs/example.yml', SIGNING), [], 'only workflow files');
});
