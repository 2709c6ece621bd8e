import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  branchFromSymbolicRef,
  inferSignerIdentity,
  parseGitRemoteUrl,
  remoteUrlFromGitConfig,
  signerIdentityOrPlaceholder,
  workflowFileName,
} from '../../../../src/engine/facts/workspace-facts';

test('parseGitRemoteUrl: https, ssh, scp-like and git URLs; GitLab subgroups', () => {
  const cases: [string, string, string, string][] = [
    ['https://github.com/acme/app.git', 'github.com', 'acme', 'app'],
    ['https://github.com/acme/app', 'github.com', 'acme', 'app'],
    ['https://token@github.com/acme/app/', 'github.com', 'acme', 'app'],
    ['http://GitHub.com/acme/app.git', 'github.com', 'acme', 'app'],
    ['git@github.com:acme/app.git', 'github.com', 'acme', 'app'],
    ['github.com:acme/app', 'github.com', 'acme', 'app'],
    ['ssh://git@github.com:22/acme/app.git', 'github.com', 'acme', 'app'],
    ['git://github.com/acme/app', 'github.com', 'acme', 'app'],
    ['git@gitlab.com:group/sub/app.git', 'gitlab.com', 'group/sub', 'app'],
    ['https://gitlab.example.com/team/app.git', 'gitlab.example.com', 'team', 'app'],
  ];
  for (const [url, host, owner, repo] of cases) assert.deepEqual(parseGitRemoteUrl(url), { host, owner, repo }, url);
  for (const url of ['/srv/git/app.git', 'file:///srv/git/app.git', '../app', 'C:\\repos\\app', 'https://github.com/app', ''])
    assert.equal(parseGitRemoteUrl(url), undefined, url);
});

test("inferSignerIdentity follows Fulcio's GitHub and GitLab templates", () => {
  const github = { remote: { host: 'github.com', owner: 'acme', repo: 'app' }, defaultBranch: 'main', signingWorkflows: ['.github/workflows/release.yml'] };
  assert.deepEqual(inferSignerIdentity(github), {
    identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
    match: 'exact',
    issuer: 'https://token.actions.githubusercontent.com',
  });
  assert.equal(
    inferSignerIdentity(github, { workflowFile: '.github/workflows/sign.yaml' })?.identity,
    'https://github.com/acme/app/.github/workflows/sign.yaml@refs/heads/main',
  );
  assert.deepEqual(inferSignerIdentity({ remote: { host: 'gitlab.com', owner: 'group/sub', repo: 'app' }, defaultBranch: 'trunk' }), {
    identity: 'https://gitlab.com/group/sub/app//.gitlab-ci.yml@refs/heads/trunk',
    match: 'exact',
    issuer: 'https://gitlab.com',
  });
  // Anything unknown or ambiguous: no guess.
  assert.equal(inferSignerIdentity({ ...github, signingWorkflows: ['.github/workflows/a.yml', '.github/workflows/b.yml'] }), undefined);
  assert.equal(inferSignerIdentity({ ...github, signingWorkflows: [] }), undefined);
  assert.equal(inferSignerIdentity({ remote: github.remote, signingWorkflows: github.signingWorkflows }), undefined);
  assert.equal(inferSignerIdentity({ ...github, remote: { host: 'example.com', owner: 'a', repo: 'b' } }), undefined);
  assert.equal(inferSignerIdentity({ ...github, defaultBranch: 'main;rm -rf' }), undefined);
  assert.equal(inferSignerIdentity(undefined), undefined);
});

test('placeholders fill in what is known and wrap the snippet in <…>', () => {
  const none = signerIdentityOrPlaceholder(undefined);
  assert.equal(none.exact, false);
  assert.equal(none.identity, '<https://github.com/OWNER/REPO/.github/workflows/FILE.yml@refs/heads/main>');
  assert.equal(none.issuer, '<https://token.actions.githubusercontent.com>');
  assert.ok(none.missing.length >= 3);
  const partial = signerIdentityOrPlaceholder({ remote: { host: 'github.com', owner: 'acme', repo: 'app' }, defaultBranch: 'main' });
  assert.equal(partial.identity, '<https://github.com/acme/app/.github/workflows/FILE.yml@refs/heads/main>');
  assert.equal(partial.issuer, 'https://token.actions.githubusercontent.com');
  assert.deepEqual(partial.missing, ['the signing workflow file']);
  const gitlab = signerIdentityOrPlaceholder({ remote: { host: 'gitlab.com', owner: 'g', repo: 'r' } });
  assert.equal(gitlab.identity, '<https://gitlab.com/g/r//.gitlab-ci.yml@refs/heads/main>');
  assert.equal(gitlab.issuer, 'https://gitlab.com');
  assert.equal(signerIdentityOrPlaceholder(undefined, { provider: 'gitlab' }).identity, '<https://gitlab.com/OWNER/REPO//.gitlab-ci.yml@refs/heads/main>');
  const exact = signerIdentityOrPlaceholder({ remote: { host: 'gitlab.com', owner: 'g', repo: 'r' }, defaultBranch: 'main' });
  assert.equal(exact.exact, true);
});

test('reading .git files: the remote URL from config, the branch from a symbolic ref', () => {
  const config =
    '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/app.git\n[remote "origin"]\n\turl = git@github.com:acme/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n';
  assert.equal(remoteUrlFromGitConfig(config), 'git@github.com:acme/app.git');
  assert.equal(remoteUrlFromGitConfig(config, 'upstream'), 'https://github.com/other/app.git');
  assert.equal(remoteUrlFromGitConfig('[core]\n'), undefined);
  assert.equal(branchFromSymbolicRef('ref: refs/remotes/origin/main\n'), 'main');
  assert.equal(branchFromSymbolicRef('ref: refs/heads/release/v2\n'), 'release/v2');
  assert.equal(branchFromSymbolicRef('3f0c…detached'), undefined);
  assert.equal(workflowFileName('.github/workflows/release.yml'), 'release.yml');
  assert.equal(workflowFileName('sign.yaml'), 'sign.yaml');
  assert.equal(workflowFileName('scripts/sign.sh'), undefined);
});
