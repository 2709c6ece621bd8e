import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { GitError, readGitState, untrackFile } from '../../../../src/engine/process/git';
import type { Logger } from '../../../../src/engine/types';
import { tempDir, testGit } from '../../../helpers/temp-tree';

// These tests need a real git. They fail (not skip) when it is missing: CI must have it.
const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
assert.ok(REAL_GIT, 'git must be installed for the git tests');

function git(cwd: string, ...args: string[]): string {
  return testGit(REAL_GIT as string, cwd, args);
}

/** A repository with committed, staged-only and untracked files. */
function makeRepo(): string {
  const root = tempDir('keyward-git-');
  git(root, 'init', '-q');
  const files: Record<string, string> = {
    'committed.pem': 'c',
    'dir/nested/committed.txt': 'n',
    'a*.pem': 'literal star',
    'ab.pem': 'ab',
    'with space.pem': 's',
    'staged.txt': 's',
    'untracked.txt': 'u',
    'untracked-dir/u.txt': 'u',
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  git(root, 'add', '--', 'committed.pem', 'dir/nested/committed.txt', ':(literal)a*.pem', 'ab.pem', 'with space.pem');
  git(root, 'commit', '-q', '-m', 'initial');
  git(root, 'add', '--', 'staged.txt');
  return root;
}

/**
 * A fake `git` first on PATH that records each call in a marker file and then runs the real git. It proves
 * whether Keyward started a git process at all.
 */
function installGitSpy(): { marker: string; restore: () => void } {
  const bin = tempDir('keyward-fake-git-');
  const marker = path.join(bin, 'git-was-called');
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${marker}"\nexec "${REAL_GIT}" "$@"\n`);
  chmodSync(path.join(bin, 'git'), 0o755);
  const savedPath = process.env['PATH'];
  process.env['PATH'] = `${bin}${path.delimiter}${savedPath ?? ''}`;
  return {
    marker,
    restore: () => {
      process.env['PATH'] = savedPath;
    },
  };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('readGitState', () => {
  test('knows which files git tracks (committed or staged) and which it does not', async () => {
    const root = makeRepo();
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('committed.pem'), true);
    assert.equal(state.isTracked('dir/nested/committed.txt'), true);
    assert.equal(state.isTracked('./dir/nested/committed.txt'), true);
    assert.equal(state.isTracked('a*.pem'), true);
    assert.equal(state.isTracked('with space.pem'), true);
    assert.equal(state.isTracked('staged.txt'), true, 'staged files are in the index: they will be committed');
    assert.equal(state.isTracked('untracked.txt'), false);
    assert.equal(state.isTracked('untracked-dir/u.txt'), false);
    assert.equal(state.hasTrackedUnder?.('dir'), true);
    assert.equal(state.hasTrackedUnder?.('dir/nested'), true);
    assert.equal(state.hasTrackedUnder?.('untracked-dir'), false);
  });

  test('a workspace folder inside a repository sees paths relative to itself', async () => {
    const root = makeRepo();
    const state = await readGitState(path.join(root, 'dir'), { trusted: true });
    assert.equal(state.isTracked('nested/committed.txt'), true);
    assert.equal(state.isTracked('committed.pem'), false);
  });

  test('not a repository: unknown, not an error', async () => {
    const root = tempDir('keyward-nogit-');
    writeFileSync(path.join(root, 'a.txt'), 'a');
    const logger = recordingLogger();
    const state = await readGitState(root, { trusted: true, logger });
    assert.equal(state.isTracked('a.txt'), undefined);
    assert.ok(!logger.lines.some((l) => l.startsWith('error') || l.startsWith('warn')), logger.lines.join('\n'));
  });

  test('git not installed: unknown, logged once', async () => {
    const root = makeRepo();
    const savedPath = process.env['PATH'];
    process.env['PATH'] = tempDir('keyward-empty-path-');
    try {
      const logger = recordingLogger();
      const state = await readGitState(root, { trusted: true, logger });
      assert.equal(state.isTracked('committed.pem'), undefined);
      assert.ok(
        logger.lines.some((l) => /^info: git: not installed/.test(l)),
        logger.lines.join('\n'),
      );
    } finally {
      process.env['PATH'] = savedPath;
    }
  });
});

describe('untrusted workspaces never start git', () => {
  let spy: ReturnType<typeof installGitSpy>;
  beforeEach(() => {
    spy = installGitSpy();
  });
  afterEach(() => spy.restore());

  test('readGitState: untrusted spawns nothing and knows nothing; trusted runs git (the spy sees it)', async () => {
    const root = makeRepo();
    const untrusted = await readGitState(root, { trusted: false });
    assert.equal(untrusted.isTracked('committed.pem'), undefined);
    assert.equal(existsSync(spy.marker), false, 'git must not run in an untrusted workspace');

    const trusted = await readGitState(root, { trusted: true });
    assert.equal(trusted.isTracked('committed.pem'), true);
    assert.match(readFileSync(spy.marker, 'utf8'), /ls-files -z/);
  });

  test('untrackFile: refuses with a typed error and spawns nothing when untrusted', async () => {
    const root = makeRepo();
    await assert.rejects(untrackFile(root, 'committed.pem', { trusted: false }), (error: unknown) => error instanceof GitError && error.code === 'untrusted');
    assert.equal(existsSync(spy.marker), false);
    assert.match(git(root, 'ls-files'), /committed\.pem/);
  });

  test('the repository cannot run its core.fsmonitor program through Keyward', async () => {
    const root = makeRepo();
    const hookMarker = path.join(tempDir('keyward-fsmonitor-'), 'fsmonitor-ran');
    const hook = path.join(path.dirname(hookMarker), 'hook.sh');
    writeFileSync(hook, `#!/bin/sh\ntouch "${hookMarker}"\n`);
    chmodSync(hook, 0o755);
    git(root, 'config', 'core.fsmonitor', hook);
    // Sanity check that this git would run it on its own.
    git(root, 'ls-files');
    assert.equal(existsSync(hookMarker), true, 'git runs core.fsmonitor for ls-files');
    rmSync(hookMarker);

    await readGitState(root, { trusted: true });
    await untrackFile(root, 'committed.pem', { trusted: true });
    assert.equal(existsSync(hookMarker), false, 'Keyward passes -c core.fsmonitor=false');
  });
});

describe('untrackFile', () => {
  test('removes the file from the index and keeps the working file', async () => {
    const root = makeRepo();
    await untrackFile(root, 'committed.pem', { trusted: true });
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('committed.pem'), false);
    assert.equal(readFileSync(path.join(root, 'committed.pem'), 'utf8'), 'c', 'the file itself is kept');
    assert.match(git(root, 'status', '--porcelain'), /^D {2}committed\.pem$/m);
  });

  test('takes the path literally: a*.pem does not untrack ab.pem', async () => {
    const root = makeRepo();
    await untrackFile(root, 'a*.pem', { trusted: true });
    await untrackFile(root, 'with space.pem', { trusted: true });
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('a*.pem'), false);
    assert.equal(state.isTracked('with space.pem'), false);
    assert.equal(state.isTracked('ab.pem'), true);
  });

  test('typed errors: not tracked, invalid paths', async () => {
    const root = makeRepo();
    await assert.rejects(untrackFile(root, 'untracked.txt', { trusted: true }), (error: unknown) => error instanceof GitError && error.code === 'not-tracked');
    for (const bad of ['', '../outside.pem', 'dir/../../x', 'C:/x.pem']) {
      await assert.rejects(untrackFile(root, bad, { trusted: true }), (error: unknown) => error instanceof GitError && error.code === 'invalid-path', bad);
    }
    const notRepo = tempDir('keyward-nogit-');
    writeFileSync(path.join(notRepo, 'k.pem'), 'k');
    await assert.rejects(untrackFile(notRepo, 'k.pem', { trusted: true }), (error: unknown) => error instanceof GitError && error.code === 'not-a-repository');
  });
});
