import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { inferSignerIdentity } from '../../../../src/engine/facts/workspace-facts';
import { readWorkspaceFacts, readWorkspaceFiles } from '../../../../src/engine/facts/workspace-facts-files';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';

const RELEASE = 'on:\n  workflow_dispatch:\njobs:\n  r:\n    steps:\n      - run: cosign sign --yes "$IMAGE@$DIGEST"\n';
const CHECK = 'on: pull_request\njobs:\n  c:\n    steps:\n      - run: npm test\n';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-facts-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

test('readWorkspaceFacts: origin remote, origin/HEAD default branch and the one signing workflow give the exact identity', async (t) => {
  const root = workspace({
    '.git/config':
      '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/fork.git\n[remote "origin"]\n\turl = git@github.com:acme/app.git\n',
    '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/trunk\n',
    '.git/HEAD': 'ref: refs/heads/feature/x\n',
    '.github/workflows/release.yml': RELEASE,
    '.github/workflows/check.yaml': CHECK,
    '.github/workflows/notes.txt': RELEASE,
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const facts = await readWorkspaceFacts(root);
  assert.deepEqual(facts, {
    remote: { host: 'github.com', owner: 'acme', repo: 'app' },
    defaultBranch: 'trunk',
    signingWorkflows: ['.github/workflows/release.yml'],
    workflowPaths: ['.github/workflows/check.yaml', '.github/workflows/release.yml'],
    signingWorkflowRefs: { '.github/workflows/release.yml': { branches: [], tags: [], defaultBranch: true, reusable: false } },
  });
  assert.deepEqual(inferSignerIdentity(facts), {
    identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/trunk',
    match: 'exact',
    issuer: 'https://token.actions.githubusercontent.com',
  });
});

test('readWorkspaceFacts: without origin/HEAD the checked-out main branch is the default; other branches are not guessed', async (t) => {
  const onMain = workspace({ '.git/config': '[remote "origin"]\n\turl = https://gitlab.com/group/sub/app.git\n', '.git/HEAD': 'ref: refs/heads/main\n' });
  const onFeature = workspace({ '.git/config': '[remote "origin"]\n\turl = https://gitlab.com/group/app.git\n', '.git/HEAD': 'ref: refs/heads/feature\n' });
  t.after(() => {
    rmSync(onMain, { recursive: true, force: true });
    rmSync(onFeature, { recursive: true, force: true });
  });
  const main = await readWorkspaceFacts(onMain);
  assert.equal(main.defaultBranch, 'main');
  assert.equal(inferSignerIdentity(main)?.identity, 'https://gitlab.com/group/sub/app//.gitlab-ci.yml@refs/heads/main');
  const feature = await readWorkspaceFacts(onFeature);
  assert.equal(feature.defaultBranch, undefined);
  assert.equal(inferSignerIdentity(feature), undefined);
});

test('readWorkspaceFiles: a linked worktree (.git file + commondir) reads config and refs from the common folder, HEAD from its own', async (t) => {
  const root = workspace({
    'main-repo/.git/config': '[remote "origin"]\n\turl = https://github.com/acme/app\n',
    'main-repo/.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/main\n',
    'main-repo/.git/worktrees/wt/HEAD': 'ref: refs/heads/wt-branch\n',
    'main-repo/.git/worktrees/wt/commondir': '../..\n',
    'wt/.git': 'gitdir: ../main-repo/.git/worktrees/wt\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // git's back-pointer: the worktree's administrative folder names the worktree's `.git` file.
  writeFileSync(path.join(root, 'main-repo', '.git', 'worktrees', 'wt', 'gitdir'), `${path.join(root, 'wt', '.git')}\n`);
  const files = await readWorkspaceFiles(path.join(root, 'wt'));
  assert.match(files.gitConfig ?? '', /acme\/app/);
  assert.equal(files.originHead, 'ref: refs/remotes/origin/main\n');
  assert.equal(files.head, 'ref: refs/heads/wt-branch\n');
});

test('readWorkspaceFacts: no .git, no workflows, unreadable or oversized files give empty facts, never an error', async (t) => {
  const empty = workspace({ 'README.md': 'hello\n' });
  const odd = workspace({ '.git/config/x': 'a folder where a file should be', '.git/HEAD': 'x'.repeat(1024 * 1024 + 1) });
  mkdirSync(path.join(odd, '.github', 'workflows', 'dir.yml'), { recursive: true });
  t.after(() => {
    rmSync(empty, { recursive: true, force: true });
    rmSync(odd, { recursive: true, force: true });
  });
  assert.deepEqual(await readWorkspaceFacts(empty), { signingWorkflows: [], workflowPaths: [], signingWorkflowRefs: {} });
  assert.deepEqual(await readWorkspaceFiles(odd), { workflows: [] });
  assert.deepEqual(await readWorkspaceFacts(path.join(empty, 'missing')), { signingWorkflows: [], workflowPaths: [], signingWorkflowRefs: {} });
});

test('scanWorkspace passes the facts it read to the rules: a key-based verify gets the exact identity, also untrusted', async (t) => {
  const root = workspace({
    '.git/config': '[remote "origin"]\n\turl = https://github.com/acme/app.git\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.github/workflows/release.yml': RELEASE,
    'verify.sh': 'cosign verify --key cosign.pub "$IMAGE"\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const result = await scanWorkspace({ root, trusted: false, paths: ['verify.sh'] });
  const kw301 = result.findings.find((f) => f.ruleId === 'KW301');
  assert.ok(kw301, 'KW301 on verify.sh');
  const text = (kw301.fixes ?? []).flatMap((fix) => fix.edits.map((e) => e.newText)).join('\n');
  assert.match(text, /https:\/\/github\.com\/acme\/app\/\.github\/workflows\/release\.yml@refs\/heads\/main/);
  assert.doesNotMatch(text, /</, 'no placeholder when the identity is known');
});
