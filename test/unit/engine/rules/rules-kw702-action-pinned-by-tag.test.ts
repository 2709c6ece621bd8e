import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { actionPinnedByTag } from '../../../../src/engine/rules/kw702-action-pinned-by-tag';
import { covered, scan } from '../../../helpers/cosign-rule-harness';

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
  assert.deepEqual(
    found.map((f) => `${f.startPosition.line + 1}:${covered(SIGNING, f)}`),
    ['12:v4', '14:master'],
  );
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

/** A signing workflow that calls `uses` as a job-level reusable workflow (or a step action). */
function callsWorkflow(uses: string): string {
  return `on: push\npermissions:\n  id-token: write\njobs:\n  provenance:\n    uses: ${uses}\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/attest-build-provenance@v2\n`;
}
const OWN_FACTS = { remote: { host: 'github.com', owner: 'Acme', repo: 'App' }, workflowPaths: ['.github/workflows/build.yml'] } as const;

test('KW702 skips the repository calling its own reusable workflows and actions (known from the remote)', () => {
  const refs = (text: string, facts?: Parameters<typeof scan>[3]) => scan(rule, '.github/workflows/release.yml', text, facts).map((f) => covered(text, f));
  // The remote names the repository (case-insensitive, as GitHub compares): its own workflows and actions at any ref.
  assert.deepEqual(refs(callsWorkflow('acme/app/.github/workflows/build.yml@main'), OWN_FACTS), ['v2']);
  assert.deepEqual(refs(callsWorkflow('acme/app/.github/actions/sign@main'), OWN_FACTS), ['v2']);
  // Another repository of the same owner, or a fork's name elsewhere, is third-party.
  assert.deepEqual(refs(callsWorkflow('acme/other/.github/workflows/build.yml@main'), OWN_FACTS), ['main', 'v2']);
  assert.deepEqual(refs(callsWorkflow('evil/app/.github/workflows/build.yml@main'), OWN_FACTS), ['main', 'v2']);
  // A remote on another host does not make a github.com reference the repository's own.
  assert.deepEqual(refs(callsWorkflow('acme/app/.github/workflows/build.yml@main'), { remote: { host: 'gitlab.com', owner: 'acme', repo: 'app' } }), [
    'main',
    'v2',
  ]);
});

test("KW702 without a remote: a reusable workflow whose path exists in the workspace is the repository's own", () => {
  const refs = (text: string, facts?: Parameters<typeof scan>[3]) => scan(rule, '.github/workflows/release.yml', text, facts).map((f) => covered(text, f));
  const noRemote = { workflowPaths: ['.github/workflows/build.yml'] };
  assert.deepEqual(refs(callsWorkflow('someone/repo/.github/workflows/build.yml@main'), noRemote), ['v2']);
  assert.deepEqual(refs(callsWorkflow('someone/repo/.github/workflows/missing.yml@main'), noRemote), ['main', 'v2'], 'path not in this tree');
  assert.deepEqual(refs(callsWorkflow('someone/repo/.github/actions/x@main'), noRemote), ['main', 'v2'], 'an action path is not a workflow');
  assert.deepEqual(refs(callsWorkflow('someone/repo/.github/workflows/build.yml@main')), ['main', 'v2'], 'no facts at all');
});

test('KW702 allows the SLSA generators, which refuse anything but a vX.Y.Z tag (documented allowlist)', () => {
  const refs = (text: string) => scan(rule, '.github/workflows/release.yml', text).map((f) => covered(text, f));
  assert.deepEqual(refs(callsWorkflow('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0')), ['v2']);
  assert.deepEqual(refs(callsWorkflow('slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v1.10.0')), ['v2']);
  // Only a full release tag is what the generator accepts: a branch or a short tag is still reported.
  assert.deepEqual(refs(callsWorkflow('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@main')), ['main', 'v2']);
  assert.deepEqual(refs(callsWorkflow('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2')), ['v2', 'v2']);
  // Look-alike owners are not on the list.
  assert.deepEqual(refs(callsWorkflow('slsa-framework-evil/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0')), ['v2.1.0', 'v2']);
});
