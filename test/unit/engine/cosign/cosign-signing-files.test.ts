import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { signsWithCosign, workspaceFactsFromFiles } from '../../../../src/engine/cosign/signing-files';
import { inferSignerIdentity } from '../../../../src/engine/facts/workspace-facts';

const RELEASE = 'on:\n  push:\n    branches: [main]\njobs:\n  r:\n    steps:\n      - run: cosign sign --yes "$IMAGE@$DIGEST"\n';
const CHECK = 'on: pull_request\njobs:\n  c:\n    steps:\n      - run: cosign verify --certificate-identity=x --certificate-oidc-issuer=y img\n';

test('signsWithCosign: signing commands in any carrier, not verification or docs', () => {
  assert.equal(signsWithCosign('.github/workflows/release.yml', RELEASE), true);
  assert.equal(signsWithCosign('.github/workflows/check.yml', CHECK), false);
  assert.equal(signsWithCosign('README.md', '```sh\ncosign sign img\n```\n'), false);
  assert.equal(signsWithCosign('Makefile', 'sign:\n\tcosign sign-blob --yes --bundle b f\n'), true);
});

test('workspaceFactsFromFiles assembles facts that infer the signer identity', () => {
  const facts = workspaceFactsFromFiles({
    gitConfig: '[remote "origin"]\n\turl = git@github.com:acme/app.git\n',
    originHead: 'ref: refs/remotes/origin/main\n',
    head: 'ref: refs/heads/feature/x\n',
    workflows: [
      { path: '.github/workflows/release.yml', text: RELEASE },
      { path: '.github/workflows/check.yml', text: CHECK },
    ],
  });
  assert.deepEqual(facts, {
    remote: { host: 'github.com', owner: 'acme', repo: 'app' },
    defaultBranch: 'main',
    signingWorkflows: ['.github/workflows/release.yml'],
    workflowPaths: ['.github/workflows/release.yml', '.github/workflows/check.yml'],
    signingWorkflowRefs: { '.github/workflows/release.yml': { branches: ['main'], tags: [], defaultBranch: false, reusable: false } },
  });
  assert.equal(inferSignerIdentity(facts)?.identity, 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main');
  assert.equal(workspaceFactsFromFiles({ head: 'ref: refs/heads/feature/x\n' }).defaultBranch, undefined, 'a feature branch is not the default branch');
  assert.equal(workspaceFactsFromFiles({ head: 'ref: refs/heads/master\n' }).defaultBranch, 'master');
  assert.deepEqual(workspaceFactsFromFiles({}), { signingWorkflows: [], workflowPaths: [], signingWorkflowRefs: {} });
});
