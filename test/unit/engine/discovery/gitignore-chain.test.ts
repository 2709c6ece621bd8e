/**
 * The walk's per-path checks (issue 18): `.gitignore` verdicts come from each folder's chain of applicable
 * files, built once per folder, and `isInGitDir` tests strings without splitting them. Both must say what
 * git (and the plain definitions) say.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFiles } from '../../../../src/engine/discovery/discover';
import { GitignoreTree } from '../../../../src/engine/discovery/gitignore-tree';
import { isInGitDir } from '../../../../src/engine/discovery/paths';
import { tempTree, testGit } from '../../../helpers/temp-tree';

const hasGit = spawnSync('git', ['--version']).status === 0;

test('isInGitDir: a path is inside .git exactly when one of its parts is .git', () => {
  const parts = ['.git', 'git', '.gitx', 'a.git', 'src', '.', 'x.git.y'];
  let inside = 0;
  for (const a of parts) {
    for (const b of ['', ...parts]) {
      for (const c of ['', ...parts]) {
        const relative = [a, b, c].filter((p) => p !== '').join('/');
        const expected = relative.split('/').includes('.git');
        assert.equal(isInGitDir(relative), expected, relative);
        if (expected) inside++;
      }
    }
  }
  assert.ok(inside > 0);
  assert.equal(isInGitDir('.gitignore'), false);
  assert.equal(isInGitDir('sub/.gitmodules'), false);
});

test('nested .gitignore files: the verdict for every path is git check-ignore’s', { skip: hasGit ? false : 'git is not installed' }, () => {
  const files: Record<string, string> = {
    '.gitignore': '*.log\nbuild/\n!keep.log\n/rooted.txt\n',
    'a/.gitignore': '!important.log\nsecret*\n',
    'a/b/.gitignore': 'important.log\n!secret-ok.txt\n',
    'a/b/c/deep.txt': 'x',
    'c/.gitignore': '*\n!*.txt\n',
  };
  const paths = [
    'x.log',
    'keep.log',
    'rooted.txt',
    'a/rooted.txt',
    'a/important.log',
    'a/secret.txt',
    'a/b/important.log',
    'a/b/secret.txt',
    'a/b/secret-ok.txt',
    'a/b/c/secret.md',
    'a/b/c/other.log',
    'a/b/c/deep.txt',
    'build/out.js',
    'a/build/x.txt',
    'c/readme.txt',
    'c/data.bin',
    'd/plain.md',
  ];
  for (const relative of paths) files[relative] ??= 'content';
  const root = tempTree('keyward-gitignore-chain-', files);
  testGit('git', root, ['init', '-q']);
  const run = spawnSync('git', ['check-ignore', '--stdin'], { cwd: root, input: paths.join('\n') + '\n', encoding: 'utf8' });
  const ignoredByGit = new Set(run.stdout.split('\n').filter((line) => line !== ''));
  assert.ok(ignoredByGit.size > 3 && ignoredByGit.size < paths.length, `git ignores ${[...ignoredByGit].join(', ')}`);
  const tree = new GitignoreTree(root);
  for (const relative of paths) assert.equal(tree.isIgnored(relative, false), ignoredByGit.has(relative), relative);
});

/** Files git lists in a fresh repository of `files` (all untracked), against discovery's walk of it. */
async function walkAgainstGit(files: Record<string, string>, infoExclude: string, mustList: string, mustNotList: string): Promise<void> {
  const root = tempTree('keyward-gitignore-walk-', files);
  testGit('git', root, ['init', '-q']);
  writeFileSync(join(root, '.git', 'info', 'exclude'), infoExclude);
  const run = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  const listedByGit = run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .sort();
  assert.ok(listedByGit.includes(mustList) && !listedByGit.includes(mustNotList), listedByGit.join(', '));
  const walked = await discoverFiles({ root, statFiles: false });
  assert.deepEqual(
    walked.files.map((file) => file.path),
    listedByGit,
  );
}

test(
  'the walk lists what git lists: deep folders without ignore files, nested negations, info/exclude',
  { skip: hasGit ? false : 'git is not installed' },
  async () => {
    // Folders with no .gitignore of their own take a shortcut (no chain, nothing to match): the verdicts below them
    // must still follow the ancestors' files, a deeper file's negation, and .git/info/exclude on its own.
    await walkAgainstGit(
      {
        '.gitignore': '*.log\n/top-only/\nignored/\n',
        'a/b/c/d/e/keep.txt': 'x',
        'a/b/c/d/e/drop.log': 'x',
        'a/b/c/.gitignore': '!wanted.log\n*.tmp\n',
        'a/b/c/d/e/wanted.log': 'x',
        'a/b/c/d/e/scratch.tmp': 'x',
        'a/b/other/scratch.tmp': 'x',
        'top-only/x.txt': 'x',
        'deep/top-only/x.txt': 'x',
        'deep/er/excluded-by-info/g.txt': 'x',
        'deep/er/plain.md': 'x',
        'ignored/.gitignore': '!*.log\n',
        'ignored/inner.log': 'x',
      },
      'excluded-by-info/\n',
      'a/b/c/d/e/wanted.log',
      'deep/er/excluded-by-info/g.txt',
    );
    // No .gitignore above: only info/exclude applies, down to a nested file that negates it.
    await walkAgainstGit(
      {
        'x/y/z/secret.key': 'x',
        'x/y/z/notes.md': 'x',
        'x/y/.gitignore': '!*.key\n',
        'x/y/z/kept.key': 'x',
        'x/other.key': 'x',
        'p/q/r/f.txt': 'x',
      },
      '*.key\n',
      'x/y/z/kept.key',
      'x/other.key',
    );
  },
);
