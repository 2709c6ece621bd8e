/**
 * A key committed before its name went into `.gitignore` is still in the repository. Without git's state
 * (untrusted, Restricted Mode, no git) `.gitignore` cannot tell it from an untracked file, so the key rules
 * still read files it matches, and say so in the finding. Trusted, git decides: tracked files are scanned
 * as usual, untracked ignored ones are not.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { discoverFiles } from '../../../../src/engine/discovery/discover';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import { generatePemKey } from '../../../helpers/keys';
import { tempTree, testGit } from '../../../helpers/temp-tree';

const hasGit = spawnSync('git', ['--version']).status === 0;

function tree(files: Record<string, string>): string {
  return tempTree('keyward-gitignored-', files);
}

function git(root: string, ...args: string[]): void {
  testGit('git', root, args);
}

/** A repository whose key was committed, then named in .gitignore without being untracked. */
function committedThenIgnored(): string {
  const root = tree({
    'deploy/signing.pem': generatePemKey('ec-sec1').text,
    'release.sh': 'cosign sign --key cosign.key "$IMAGE"\n',
    'src/app.js': 'console.log(1);\n',
  });
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'init');
  writeFileSync(path.join(root, '.gitignore'), 'signing.pem\nrelease.sh\nlocal.pem\nnode_modules/\n');
  writeFileSync(path.join(root, 'local.pem'), generatePemKey('ec-sec1').text);
  mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
  return root;
}

test('untrusted: a committed key whose name is gitignored is reported, marked as ignored but present', { skip: !hasGit }, async () => {
  const root = committedThenIgnored();
  const result = await scanWorkspace({ root, trusted: false });
  const key = result.findings.find((f) => f.path === 'deploy/signing.pem');
  assert.ok(key, 'the committed, gitignored key is reported');
  assert.equal(key.committed, undefined);
  assert.match(key.message, /ignored by \.gitignore but present/);
  // Git's state is unknown: the untracked ignored key is reported the same way (it may be committed).
  assert.ok(result.findings.some((f) => f.path === 'local.pem'));
  // Only the key rules read ignored files: the ignored script's cosign finding stays out.
  assert.ok(!result.findings.some((f) => f.path === 'release.sh'));
  // Not skipped, not silently dropped: the CLI's summary counts it.
  assert.ok(!result.skipped.some((s) => s.path === 'deploy/signing.pem'));
});

test('trusted: git decides; a tracked and gitignored key is scanned as usual, an untracked ignored one is not', { skip: !hasGit }, async () => {
  const root = committedThenIgnored();
  const result = await scanWorkspace({ root, trusted: true });
  const key = result.findings.find((f) => f.path === 'deploy/signing.pem');
  assert.ok(key);
  assert.equal(key.committed, true);
  assert.doesNotMatch(key.message, /ignored by \.gitignore/);
  assert.ok(result.findings.some((f) => f.path === 'release.sh' && f.ruleId === 'KW201'));
  assert.ok(!result.findings.some((f) => f.path === 'local.pem'));
});

test('no git at all: gitignored key files are still read by the key rules; ignored folders are not entered', async () => {
  const root = tree({ '.gitignore': '*.key\nnode_modules/\n', 'cosign.key': generatePemKey('ec-sec1').text, 'node_modules/pkg/a.js': '1\n', 'app.js': '1\n' });
  const result = await scanWorkspace({ root, trusted: true });
  assert.ok(result.findings.some((f) => f.path === 'cosign.key' && /ignored by \.gitignore but present/.test(f.message)));
  const listed = await discoverFiles({ root, scanIgnoredForKeys: true });
  assert.deepEqual(
    listed.files.map((f) => [f.path, f.gitignored === true]),
    [
      ['.gitignore', false],
      ['app.js', false],
      ['cosign.key', true],
    ],
  );
  // Hosts that do not ask for it (the editor's path filter, older callers) see the plain .gitignore verdict.
  assert.deepEqual(
    (await discoverFiles({ root })).files.map((f) => f.path),
    ['.gitignore', 'app.js'],
  );
});
