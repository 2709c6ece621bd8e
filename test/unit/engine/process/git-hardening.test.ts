import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { committedState, GitError, readGitState, untrackFile } from '../../../../src/engine/process/git';
import { execGit, gitInvocation } from '../../../../src/engine/process/git-command';
import { resolveGitExecutable } from '../../../../src/engine/process/git-executable';
import { scanHistory } from '../../../../src/engine/history/history-scan';
import { readGit } from '../../../../src/engine/process/git-process';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import { git, markerScript, repoWithFakeGits, repoWithKey } from '../../../helpers/git-hardening-repo';
import { REAL_GIT } from '../../../helpers/history-test-repo';
import { tempDir } from '../../../helpers/temp-tree';

// The same fixtures through the CLI (`keyward scan --history` with fake gits on PATH, the removal-staged
// marker in its output): test/integration/git-hardening-cli.test.ts.

describe('git is resolved to an absolute path outside the workspace', () => {
  const savedPath = process.env['PATH'];
  afterEach(() => {
    process.env['PATH'] = savedPath;
  });

  test('a `git` in the workspace never runs, whatever PATH says about the working directory (engine calls)', async () => {
    const { root, marker, hostilePath } = repoWithFakeGits();
    process.env['PATH'] = hostilePath;
    // Sanity check: a bare `git` with this PATH and the workspace as cwd is the fake.
    execFileSync('git', ['status'], { cwd: root, stdio: 'ignore' });
    assert.equal(existsSync(marker), true, 'the fixture must be one a bare `git` would run');
    rmSync(marker);

    assert.equal(resolveGitExecutable(root), REAL_GIT);
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('keys/signing.pem'), true, 'the real git answered');
    const history = await scanHistory({ root, trusted: true });
    assert.equal(history.findings.length, 1);
    await untrackFile(root, 'keys/signing.pem', { trusted: true });
    assert.equal(existsSync(marker), false, 'a git inside the workspace ran');
  });

  test('only relative or in-workspace PATH entries: no git at all (a typed error), the fake never runs', async () => {
    const root = repoWithKey();
    const marker = path.join(tempDir('keyward-fake-marker-'), 'fake-git-ran');
    markerScript(root, 'git', marker, 'exit 0\n');
    process.env['PATH'] = ['.', '', root].join(path.delimiter);
    assert.equal(resolveGitExecutable(root), undefined);
    await assert.rejects(
      readGit(root, ['rev-parse', '--show-toplevel'], { trusted: true }),
      (error: unknown) => error instanceof GitError && error.code === 'git-missing',
    );
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('keys/signing.pem'), undefined);
    assert.equal(existsSync(marker), false);
  });

  test('on Windows too, relative entries are never searched (they name the working directory)', () => {
    const root = tempDir('keyward-win-root-');
    writeFileSync(path.join(root, 'git.exe'), '');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      assert.equal(resolveGitExecutable(root, { PATH: '.;;' }, 'win32'), undefined);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('every git call is hardened', () => {
  test('the invocation: absolute git, lazy fetch and every transport off, no hooks, no redirecting environment', () => {
    const root = repoWithKey();
    const saved = { ...process.env };
    process.env['GIT_DIR'] = '/elsewhere';
    process.env['GIT_SSH_COMMAND'] = 'ssh-from-env';
    try {
      const call = gitInvocation(root, ['ls-files'], { config: [['filter.a=b.clean', '']] });
      assert.ok(path.isAbsolute(call.file));
      const settings = call.args.filter((_, i) => call.args[i - 1] === '-c');
      for (const expected of [
        'core.fsmonitor=false',
        'core.hooksPath=/dev/null',
        'protocol.allow=never',
        'protocol.file.allow=never',
        'protocol.ssh.allow=never',
        'core.sshCommand=false',
        'safe.bareRepository=explicit',
      ]) {
        assert.ok(settings.includes(expected), `${expected} in ${settings.join(' ')}`);
      }
      assert.equal(call.args.at(-1), 'ls-files');
      assert.equal(call.env['GIT_NO_LAZY_FETCH'], '1');
      assert.equal(call.env['GIT_ALLOW_PROTOCOL'], '');
      assert.equal(call.env['GIT_PROTOCOL_FROM_USER'], '0');
      assert.equal(call.env['GIT_DIR'], undefined);
      assert.equal(call.env['GIT_SSH_COMMAND'], undefined);
      assert.equal(call.env['GIT_CONFIG_KEY_0'], 'filter.a=b.clean', 'keys with "=" go through the environment');
      assert.equal(call.env['GIT_CONFIG_COUNT'], '1');
    } finally {
      process.env = saved;
    }
  });

  test('a git that never answers is killed and reported as a timeout (buffered and streamed calls)', async () => {
    const root = repoWithKey();
    // git reads .git/HEAD while finding the repository; a FIFO nobody writes to blocks it for ever.
    const head = path.join(root, '.git', 'HEAD');
    unlinkSync(head);
    execFileSync('mkfifo', [head]);
    await assert.rejects(
      execGit(root, ['ls-files', '-z'], { timeoutMs: 300 }),
      (error: unknown) => error instanceof GitError && error.code === 'timeout' && /did not answer/.test(error.message),
    );
    await assert.rejects(
      readGit(root, ['rev-parse', 'HEAD'], { trusted: true, timeoutMs: 300 }),
      (error: unknown) => error instanceof GitError && error.code === 'timeout',
    );
  });
});

describe('"Stop tracking" runs none of the repository\'s programs', () => {
  test('neither the post-index-change hook (core.hooksPath) nor the clean or process filter of .gitattributes', async () => {
    const root = repoWithKey();
    const programs = tempDir('keyward-programs-');
    const marker = path.join(programs, 'program-ran');
    mkdirSync(path.join(programs, 'hooks'));
    markerScript(path.join(programs, 'hooks'), 'post-index-change', marker);
    git(root, 'config', 'core.hooksPath', path.join(programs, 'hooks'));
    // Driver names with '=' or '.' cannot be neutralised with `-c`: Keyward must not rely on it.
    writeFileSync(path.join(root, '.gitattributes'), '*.pem filter=evil.x=y\n');
    git(root, 'config', 'filter.evil.x=y.clean', `${markerScript(programs, 'clean.sh', marker)} ; cat`);
    git(root, 'config', 'filter.evil.x=y.required', 'true');
    const stale = () => utimesSync(path.join(root, 'keys', 'signing.pem'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    // Sanity check: plain git runs both (the file's new mtime makes git re-read it through the filter).
    stale();
    git(root, 'rm', '--cached', '-q', 'keys/signing.pem');
    assert.match(readFileSync(marker, 'utf8'), /post-index-change/);
    assert.match(readFileSync(marker, 'utf8'), /clean\.sh/);
    rmSync(marker);
    git(root, 'reset', '-q');
    rmSync(marker, { force: true });
    utimesSync(path.join(root, 'keys', 'signing.pem'), new Date(2002, 1, 1), new Date(2002, 1, 1));

    await untrackFile(root, 'keys/signing.pem', { trusted: true });
    assert.equal(existsSync(marker), false, existsSync(marker) ? readFileSync(marker, 'utf8') : '');
    assert.match(git(root, 'status', '--porcelain'), /^D {2}keys\/signing\.pem$/m);
  });
});

describe('a key whose removal is staged is still reported', () => {
  test('tracked, removal staged (in HEAD, not in the index) and untracked are told apart', async () => {
    const root = repoWithKey();
    writeFileSync(path.join(root, 'loose.txt'), 'x');
    await untrackFile(root, 'keys/signing.pem', { trusted: true });
    const state = await readGitState(root, { trusted: true });
    assert.equal(state.isTracked('keys/signing.pem'), false, 'git no longer tracks it');
    assert.equal(state.isRemovalStaged?.('keys/signing.pem'), true);
    assert.equal(committedState(state, 'keys/signing.pem'), true, 'HEAD still has it');
    assert.equal(committedState(state, 'loose.txt'), false);
    assert.equal(state.isRemovalStaged?.('loose.txt'), false);
  });

  test('after "Add to .gitignore" and "Stop tracking" the finding stays, an error that says what is left to do', async () => {
    const root = repoWithKey();
    writeFileSync(path.join(root, '.gitignore'), '/keys/signing.pem\n');
    await untrackFile(root, 'keys/signing.pem', { trusted: true });
    const result = await scanWorkspace({ root, trusted: true });
    assert.equal(result.findings.length, 1, 'the ignored, untracked key is still in HEAD');
    const [finding] = result.findings;
    assert.equal(finding?.removalStaged, true);
    assert.equal(finding?.committed, true);
    assert.equal(finding?.severity, 'error');

    git(root, 'commit', '-q', '-m', 'untrack the key');
    const committed = await scanWorkspace({ root, trusted: true });
    assert.equal(committed.findings.length, 0, 'once the removal is committed the ignored file is no longer in HEAD (the history scan still finds it)');
  });
});
