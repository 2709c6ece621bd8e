// The staged scan as a pre-commit hook: the hook docs/ci.md documents, run by real `git commit` with the
// built CLI on PATH, and the CLI's refusal of --staged --untrusted. scanStaged itself is tested in
// test/unit/engine/history/staged-scan.test.ts.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanupRepos, cliPath, REAL_GIT, runKeyward, TestRepo } from '../helpers/history-test-repo';
import { assertNoSecretLeak, generatePemKey } from '../helpers/keys';

after(cleanupRepos);

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

test('the CLI refuses --staged --untrusted: it would start git', () => {
  const run = runKeyward(['scan', '--staged', '--untrusted'], process.cwd());
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--staged reads the repository with git/);
});

describe('pre-commit', () => {
  /** The plain hook exactly as docs/ci.md documents it. */
  const hook = (() => {
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
    const match = /<!-- pre-commit-hook[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(doc);
    assert.ok(match?.[1], 'docs/ci.md documents the pre-commit hook');
    return match[1];
  })();

  /** `keyward` on PATH: a shim running the CLI under test. */
  const bin = mkdtempSync(path.join(tmpdir(), 'keyward-bin-'));
  writeFileSync(path.join(bin, 'keyward'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath()}" "$@"\n`);
  chmodSync(path.join(bin, 'keyward'), 0o755);
  after(() => spawnSync('rm', ['-rf', bin]));

  function commit(repo: TestRepo, message: string, extra: readonly string[] = []) {
    return spawnSync(
      REAL_GIT,
      ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', ...extra, '-m', message],
      {
        cwd: repo.root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}` },
      },
    );
  }

  /** A repository with one commit of `files` and the documented hook installed. */
  function repoWithHook(files: Record<string, string>): TestRepo {
    const repo = new TestRepo();
    repo.commit('init', files);
    const hookFile = path.join(repo.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hookFile, hook);
    chmodSync(hookFile, 0o755);
    return repo;
  }

  test('the documented hook blocks a commit that adds a key, with the way out, and lets clean commits through', () => {
    const key = generatePemKey('ec-pkcs8');
    const repo = repoWithHook({ 'README.md': '# x\n' });
    const before = repo.head();

    repo.write('release/cosign.key.pem', key.text);
    repo.git('add', 'release/cosign.key.pem');
    const blocked = commit(repo, 'add a key');
    assert.notEqual(blocked.status, 0, 'the commit is blocked');
    assert.equal(repo.head(), before, 'no commit was made');
    assert.match(blocked.stderr, /commit blocked: 1 finding\(s\) in the staged changes/);
    assert.match(blocked.stderr, /keyward-ignore KW101 reason:/);
    assert.match(blocked.stderr, /\.keywardignore/);
    assert.match(blocked.stdout + blocked.stderr, /release\/cosign\.key\.pem/);
    assertNoSecretLeak(blocked.stdout + blocked.stderr, key.text);

    // A reviewed false positive: suppressed in .keywardignore, staged with the change.
    repo.write('.keywardignore', 'release/cosign.key.pem KW101 reason: throwaway key for the test\n');
    repo.git('add', '.keywardignore');
    const allowed = commit(repo, 'reviewed');
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout + allowed.stderr, /1 finding suppressed \(\.keywardignore: 1\)/, 'the hook says a suppression let the key through');
    assert.notEqual(repo.head(), before);

    repo.write('README.md', '# clean change\n');
    repo.git('add', 'README.md');
    assert.equal(commit(repo, 'clean').status, 0);
  });

  test('`git commit -a` is checked too: the hook reads the index git commits from (GIT_INDEX_FILE)', () => {
    const key = generatePemKey('ec-pkcs8');
    const repo = repoWithHook({ 'config.txt': 'nothing yet\n' });
    const before = repo.head();
    repo.write('config.txt', `signing key:\n${key.text}`); // modified, not staged: only -a commits it
    const blocked = commit(repo, 'commit everything', ['-a']);
    assert.notEqual(blocked.status, 0);
    assert.equal(repo.head(), before);
    assert.match(blocked.stderr, /commit blocked/);
  });

  test('.pre-commit-hooks.yaml runs the staged scan once per commit', () => {
    const yaml = readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(yaml, /^- id: keyward$/m);
    assert.match(yaml, /^ {2}entry: keyward scan --staged$/m);
    assert.match(yaml, /^ {2}language: node$/m);
    assert.match(yaml, /^ {2}pass_filenames: false$/m);
  });
});
