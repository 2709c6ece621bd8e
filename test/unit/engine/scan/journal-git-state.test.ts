/**
 * A re-scan that may use git's journal builds its git state from the journal's index listing instead of a
 * second `git ls-files` (workspace-prepare.ts): both must answer every question the same way.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readGitState, type GitState } from '../../../../src/engine/process/git';
import { readGitJournal } from '../../../../src/engine/scan/git-journal';
import { silentLogger } from '../../../../src/engine/types';
import { JournalRepo, REAL_GIT } from '../../../helpers/journal-repo';

const SHA = 'a'.repeat(40);

function answers(git: GitState, paths: readonly string[]): string[] {
  return paths.map((p) => `${p}: tracked=${git.isTracked(p)} under=${git.hasTrackedUnder?.(p)} removal=${git.isRemovalStaged?.(p)}`);
}

test("the git state from the journal's index listing equals readGitState's own", async () => {
  const repo = new JournalRepo({
    'a/b/c/deep.txt': 'deep\n',
    'a/sibling.txt': 'sibling\n',
    'top.txt': 'top\n',
    'removed/gone.pem': 'was committed\n',
    'line\nbreak.txt': 'odd name\n',
    'conflict.txt': 'base\n',
  });
  symlinkSync('top.txt', path.join(repo.root, 'link'));
  repo.git('add', 'link');
  // A gitlink (submodule entry), a staged removal, a conflicted path (stages 1-3) and an untracked file.
  repo.git('update-index', '--add', '--cacheinfo', `160000,${SHA},sub`);
  repo.git('rm', '--cached', '-q', 'removed/gone.pem');
  const blob = repo.git('hash-object', '-w', 'conflict.txt').trim();
  repo.git('update-index', '--force-remove', 'conflict.txt');
  const info = [1, 2, 3].map((stage) => `100644 ${blob} ${stage}\tconflict.txt`).join('\n') + '\n';
  execFileSync(REAL_GIT, ['update-index', '--index-info'], { cwd: repo.root, input: info });
  repo.write({ 'untracked.txt': 'new\n', 'a/b/untracked.pem': 'new\n' });
  rmSync(path.join(repo.root, 'top.txt'));

  const journal = await readGitJournal(repo.root, silentLogger);
  assert.ok(journal, 'the journal answered');
  const listed = await readGitState(repo.root, { trusted: true });
  const fromJournal = await readGitState(repo.root, { trusted: true, indexPaths: journal.tracked.keys() });
  const queries = [
    '',
    'a',
    'a/b',
    'a/b/c',
    'a/b/c/deep.txt',
    'a/sibling.txt',
    'a/b/untracked.pem',
    'top.txt',
    'link',
    'sub',
    'removed',
    'removed/gone.pem',
    'line\nbreak.txt',
    'conflict.txt',
    'untracked.txt',
    'nothing/here',
    './a/sibling.txt',
  ];
  assert.deepEqual(answers(fromJournal, queries), answers(listed, queries));
  // The repository really has each shape compared above.
  assert.equal(listed.isTracked('conflict.txt'), true);
  assert.equal(listed.isTracked('sub'), true);
  assert.equal(listed.isRemovalStaged?.('removed/gone.pem'), true);
  assert.equal(listed.hasTrackedUnder?.('removed'), true);
  assert.equal(listed.isTracked('untracked.txt'), false);
});
