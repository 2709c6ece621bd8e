import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzeIdentityRegexp } from '../../../../src/engine/cosign/identity-regexp';
import { workspaceFactsFromFiles } from '../../../../src/engine/cosign/signing-files';
import { keyBasedVerification as rule301 } from '../../../../src/engine/rules/kw301-key-based-verification';
import { wildcardIdentityRegexp as rule303 } from '../../../../src/engine/rules/kw303-wildcard-identity-regexp';
import { policyKeyAuthority as rule501 } from '../../../../src/engine/rules/kw501-policy-key-authority';
import { applyEdits } from '../../../../src/engine/shell/edits';
import { migrationFixesOf } from '../../../../src/engine/fixes/applicable';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { globToRegexp, refIdentity } from '../../../../src/engine/workflows/ref-identity';
import { workflowRefs } from '../../../../src/engine/workflows/signing-refs';
import { inferSignerIdentity, type WorkspaceFacts } from '../../../../src/engine/facts/workspace-facts';
import { fixOf, only, scan } from '../../../helpers/cosign-rule-harness';

const BASE = 'https://github.com/acme/app/.github/workflows/release.yml@';
const SIGN_JOB = 'jobs:\n  release:\n    permissions:\n      id-token: write\n    steps:\n      - run: cosign sign --yes "$IMAGE@$DIGEST"\n';

function factsFor(on: string, defaultBranch = 'main'): WorkspaceFacts {
  return workspaceFactsFromFiles({
    gitConfig: '[remote "origin"]\n\turl = https://github.com/acme/app.git\n',
    originHead: `ref: refs/remotes/origin/${defaultBranch}\n`,
    workflows: [{ path: '.github/workflows/release.yml', text: `${on}\n${SIGN_JOB}` }],
  });
}

/** Go's RE2 and JavaScript agree on the constructs refIdentity writes (classes, groups, alternation). */
function accepts(regexp: string, identity: string): boolean {
  return new RegExp(regexp).test(identity);
}

test('workflowRefs reads push filters, releases and default-branch events from on:', () => {
  assert.deepEqual(workflowRefs('on:\n  push:\n    tags: ["v*"]\n'), { branches: [], tags: ['v*'], defaultBranch: false, reusable: false });
  assert.deepEqual(workflowRefs('on:\n  push:\n    branches: [main]\n    paths: [src/**]\n'), {
    branches: ['main'],
    tags: [],
    defaultBranch: false,
    reusable: false,
  });
  assert.deepEqual(
    workflowRefs('on: [push]\n'),
    { branches: 'any', tags: 'any', defaultBranch: false, reusable: false },
    'an unfiltered push runs on every branch and tag',
  );
  assert.deepEqual(workflowRefs('on:\n  push:\n    branches-ignore: [wip]\n'), { branches: 'any', tags: [], defaultBranch: false, reusable: false });
  assert.deepEqual(workflowRefs('on:\n  release:\n    types: [published]\n  workflow_dispatch:\n'), {
    branches: [],
    tags: 'any',
    defaultBranch: true,
    reusable: false,
  });
  assert.deepEqual(
    workflowRefs('on:\n  push:\n    tags: ["v*", "!v0*"]\n  pull_request:\n'),
    { branches: [], tags: ['v*'], defaultBranch: false, reusable: false },
    'negations only narrow; pull requests never sign a release',
  );
  assert.deepEqual(workflowRefs('on: workflow_call\n'), { branches: [], tags: [], defaultBranch: false, reusable: true });
  assert.equal(workflowRefs('jobs: {}\n'), undefined);
  assert.equal(workflowRefs('- not a map\n'), undefined);
});

test('a workflow that signs only on tag pushes gets an anchored regexp over its refs/tags, never refs/heads/main', () => {
  const identity = inferSignerIdentity(factsFor('on:\n  push:\n    tags: ["v*"]'));
  assert.deepEqual(identity, {
    identity: '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/(?:tags/v[^/]*)$',
    match: 'regexp',
    issuer: 'https://token.actions.githubusercontent.com',
  });
  assert.ok(accepts(identity.identity, `${BASE}refs/tags/v1.2.3`));
  assert.ok(!accepts(identity.identity, `${BASE}refs/heads/main`), 'a branch build is not a release');
  assert.ok(!accepts(identity.identity, 'https://github.com/acme/app/.github/workflows/other.yml@refs/tags/v1.2.3'), 'another workflow');
  assert.ok(!accepts(identity.identity, 'https://github.com/acme/app-evil/.github/workflows/release.yml@refs/tags/v1'), 'another repository');
  assert.ok(!accepts(identity.identity, `${BASE}refs/tags/v1/../x`.replace('..', 'a/b')), '`*` does not cross a slash');
  assert.equal(analyzeIdentityRegexp(identity.identity), undefined, 'KW303 accepts what the fix writes');
});

test('one branch gives the exact identity; releases, several branches and dispatch give exactly those refs', () => {
  assert.deepEqual(inferSignerIdentity(factsFor('on:\n  push:\n    branches: [main]')), {
    identity: `${BASE}refs/heads/main`,
    match: 'exact',
    issuer: 'https://token.actions.githubusercontent.com',
  });
  const release = inferSignerIdentity(factsFor('on:\n  release:\n    types: [published]\n  workflow_dispatch: {}', 'trunk'));
  assert.equal(release?.identity, '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/(?:heads/trunk|tags/.+)$');
  assert.ok(accepts(release.identity, `${BASE}refs/tags/2026.12.0`) && accepts(release.identity, `${BASE}refs/heads/trunk`));
  assert.ok(!accepts(release.identity, `${BASE}refs/heads/feature`));
  const branches = inferSignerIdentity(factsFor('on:\n  push:\n    branches: [main, "release/**"]'));
  assert.equal(branches?.identity, '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/(?:heads/main|heads/release/.*)$');
  assert.equal(inferSignerIdentity(factsFor('on: schedule', 'develop'))?.identity, `${BASE}refs/heads/develop`, 'scheduled runs use the default branch');
  for (const on of ['on:\n  push:\n    tags: ["v*"]', 'on: release', 'on: push', 'on:\n  push:\n    branches: [main, "release/**"]']) {
    const identity = inferSignerIdentity(factsFor(on));
    assert.ok(identity && identity.identity.startsWith('^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/'), on);
    assert.equal(analyzeIdentityRegexp(identity.identity), undefined, on);
  }
});

test('refs that cannot be known give no identity (the fix falls back to a placeholder)', () => {
  assert.equal(inferSignerIdentity(factsFor('on: workflow_call')), undefined, 'a reusable workflow: the caller picks the ref');
  assert.equal(
    refIdentity(BASE, { branches: [], tags: [], defaultBranch: true, reusable: false }, undefined),
    undefined,
    'default-branch runs without a known default branch',
  );
  assert.equal(refIdentity(BASE, { branches: [], tags: [], defaultBranch: false, reusable: false }, 'main'), undefined);
});

test('globToRegexp: GitHub filter globs, escaped; anything unusual covers more, never less', () => {
  assert.equal(globToRegexp('v*'), 'v[^/]*');
  assert.equal(globToRegexp('v[0-9].*'), 'v[0-9]\\.[^/]*');
  assert.equal(globToRegexp('releases/**'), 'releases/.*');
  assert.equal(globToRegexp('v+([0-9])'), '.+');
  assert.equal(globToRegexp('a|b$'), '.+', 'regexp syntax is never passed through');
  assert.equal(globToRegexp('v[0-9'), '.+');
});

test('fixes write the regexp flag and subjectRegExp for a tag-triggered release workflow', () => {
  const facts = factsFor('on:\n  push:\n    tags: ["v*"]');
  const script = 'cosign verify --key cosign.pub ghcr.io/acme/app:v1\n';
  const finding = only(rule301, 'scripts/verify.sh', script, facts);
  const fixed = applyEdits(script, fixOf(finding, /identity/).edits);
  assert.equal(
    fixed,
    "cosign verify --certificate-identity-regexp='^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/(?:tags/v[^/]*)$' --certificate-oidc-issuer=https://token.actions.githubusercontent.com ghcr.io/acme/app:v1\n",
  );
  assert.deepEqual(scan(rule303, 'scripts/verify.sh', fixed, facts), [], 'the written regexp is not a wildcard finding');

  const policy =
    'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: p\nspec:\n  images:\n    - glob: "ghcr.io/acme/**"\n  authorities:\n    - key:\n        data: |\n          -----BEGIN PUBLIC KEY-----\n          MFkw\n          -----END PUBLIC KEY-----\n';
  const policyFix = fixOf(only(rule501, 'deploy/policy.yaml', policy, facts));
  const written = applyEdits(policy, policyFix.edits);
  assert.match(written, /subjectRegExp: "\^https:\/\/github\\\\.com\/acme\/app\//);
  assert.doesNotMatch(written, /subject: /);
});

test('Migrate Workspace covers wildcard verification too, and only identity pins need confirmation', () => {
  const facts = factsFor('on:\n  push:\n    tags: ["v*"]');
  const text =
    "cosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer https://token.actions.githubusercontent.com img\ncosign verify --key cosign.pub img\n";
  const findings = scanFile({ path: 'scripts/verify.sh', text, committed: true, workspace: facts });
  const fixes = migrationFixesOf(findings);
  const fixed = applyEdits(
    text,
    fixes.flatMap((f) => f.edits),
  );
  assert.doesNotMatch(fixed, /'\.\*'|--key/, fixed);
  assert.equal((fixed.match(/--certificate-identity-regexp='\^https:\/\/github\\\.com\/acme\/app\//g) ?? []).length, 2, fixed);
  assert.ok(fixes.length === 2 && fixes.every((f) => f.pinsIdentity === true), 'both pin the signer: confirmed in the preview');
});

function gitlabFacts(ci: string): WorkspaceFacts {
  return workspaceFactsFromFiles({
    gitConfig: '[remote "origin"]\n\turl = https://gitlab.com/group/app.git\n',
    originHead: 'ref: refs/remotes/origin/main\n',
    gitlabCi: ci,
  });
}

const GITLAB_BASE = 'https://gitlab.com/group/app//.gitlab-ci.yml@';
const SIGN_SCRIPT = '  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n  script:\n    - cosign sign --yes "$IMAGE@$DIGEST"\n';

test('GitLab: a signing job that runs on tags gets an anchored regexp over refs/tags; on the default branch the exact identity', () => {
  const tags = inferSignerIdentity(gitlabFacts(`sign:\n  rules:\n    - if: $CI_COMMIT_TAG\n${SIGN_SCRIPT}`));
  assert.deepEqual(tags, { identity: '^https://gitlab\\.com/group/app//\\.gitlab-ci\\.yml@refs/(?:tags/.+)$', match: 'regexp', issuer: 'https://gitlab.com' });
  assert.ok(accepts(tags.identity, `${GITLAB_BASE}refs/tags/v1.0.0`) && !accepts(tags.identity, `${GITLAB_BASE}refs/heads/main`));
  assert.equal(analyzeIdentityRegexp(tags.identity), undefined);
  assert.equal(inferSignerIdentity(gitlabFacts(`sign:\n  only:\n    - tags\n${SIGN_SCRIPT}`))?.identity, tags.identity, 'only: [tags]');
  assert.deepEqual(inferSignerIdentity(gitlabFacts(`sign:\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n${SIGN_SCRIPT}`)), {
    identity: `${GITLAB_BASE}refs/heads/main`,
    match: 'exact',
    issuer: 'https://gitlab.com',
  });
  const both = inferSignerIdentity(
    gitlabFacts(
      `sign:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n      when: never\n    - if: $CI_COMMIT_BRANCH == "release"\n    - if: $CI_COMMIT_TAG =~ /^v/\n${SIGN_SCRIPT}`,
    ),
  );
  assert.equal(both?.identity, '^https://gitlab\\.com/group/app//\\.gitlab-ci\\.yml@refs/(?:heads/release|tags/.+)$');
  assert.equal(
    inferSignerIdentity(gitlabFacts(`sign:\n${SIGN_SCRIPT}`))?.identity,
    '^https://gitlab\\.com/group/app//\\.gitlab-ci\\.yml@refs/(?:heads/.+|tags/.+)$',
    'no rules: every branch and tag pipeline',
  );
  assert.equal(
    inferSignerIdentity(gitlabFacts('test:\n  script:\n    - npm test\n'))?.identity,
    `${GITLAB_BASE}refs/heads/main`,
    'no signing job: the default branch, as before',
  );
});

test('GitLab: the verify fix in a script pins the tag-triggered pipeline identity', () => {
  const facts = gitlabFacts(`release:\n  only: [tags]\n${SIGN_SCRIPT}`);
  const script = 'cosign verify --key cosign.pub registry.gitlab.com/group/app:v1\n';
  const fixed = applyEdits(script, fixOf(only(rule301, 'scripts/verify.sh', script, facts), /identity/).edits);
  assert.equal(
    fixed,
    "cosign verify --certificate-identity-regexp='^https://gitlab\\.com/group/app//\\.gitlab-ci\\.yml@refs/(?:tags/.+)$' --certificate-oidc-issuer=https://gitlab.com registry.gitlab.com/group/app:v1\n",
  );
});
