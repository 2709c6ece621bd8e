import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readGitState } from '../../src/engine/process/git';
import { scanHistory } from '../../src/engine/history/history-scan';
import { scanStaged } from '../../src/engine/history/staged-scan';
import { scanWorkspace } from '../../src/engine/scan/workspace-scan';
import { generatePemKey } from '../helpers/keys';
import { REAL_GIT, runKeyward } from '../helpers/history-test-repo';
import { tempDir, testGit } from '../helpers/temp-tree';

/**
 * Partial clones, built with real git at test time: git fetches an object it lacks from the promisor
 * remote on demand, and that fetch runs programs the clone's own config names (`remote.origin.uploadpack`
 * for a file:// remote, `core.sshCommand` for ssh://). Here those programs only write a marker file.
 */
function git(cwd: string, ...args: string[]): string {
  return testGit(REAL_GIT as string, cwd, args, ['protocol.file.allow=always']);
}

type Transport = 'uploadpack' | 'sshCommand';

interface PartialClone {
  readonly clone: string;
  readonly marker: string;
  /** Distinct file blobs the history names (all of them missing from the clone). */
  readonly historyBlobs: number;
  /** A blob id the clone lacks. */
  readonly missingBlob: string;
}

/**
 * A source repository with keys in two commits, served from a bare copy with filtering allowed, cloned with
 * `filter` and no checkout, so the clone has commits (and trees, for blob:none) but no file content.
 */
function partialClone(filter: 'blob:none' | 'tree:0', transport: Transport): PartialClone & { readonly source: string } {
  const base = tempDir('keyward-partial-');
  const source = path.join(base, 'source');
  mkdirSync(source);
  git(source, 'init', '-q', '-b', 'main');
  const files = { 'a.txt': 'hello\n', 'd/k.pem': generatePemKey('ec-pkcs8').text };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
    writeFileSync(path.join(source, name), text);
  }
  git(source, 'add', '.');
  git(source, 'commit', '-q', '-m', 'first');
  writeFileSync(path.join(source, 'd/k2.pem'), generatePemKey('ed25519-pkcs8').text);
  git(source, 'add', '.');
  git(source, 'commit', '-q', '-m', 'second');
  const bare = path.join(base, 'bare.git');
  git(base, 'clone', '-q', '--bare', source, bare);
  git(bare, 'config', 'uploadpack.allowFilter', 'true');
  const clone = path.join(base, 'clone');
  git(base, 'clone', '-q', '--no-checkout', `--filter=${filter}`, `file://${bare}`, clone);

  const marker = path.join(base, 'remote-program-ran');
  const program = path.join(base, 'remote-program.sh');
  writeFileSync(program, `#!/bin/sh\necho "$*" >> "${marker}"\nexit 1\n`);
  chmodSync(program, 0o755);
  if (transport === 'uploadpack') {
    git(clone, 'config', 'remote.origin.uploadpack', program);
  } else {
    // No network: the "ssh" git would start is the marker program.
    git(clone, 'config', 'remote.origin.url', 'ssh://git.example.invalid/repo.git');
    git(clone, 'config', 'core.sshCommand', program);
  }
  const blobs = git(source, 'rev-list', '--objects', '--all')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((oid) => oid !== '' && git(source, 'cat-file', '-t', oid).trim() === 'blob');
  return { source, clone, marker, historyBlobs: new Set(blobs).size, missingBlob: git(source, 'rev-parse', 'HEAD:d/k.pem').trim() };
}

/** Sanity check that git itself would run the marker program for this clone: the fixture is hostile. */
function assertGitWouldFetch(fixture: PartialClone): void {
  try {
    execFileSync(REAL_GIT, ['cat-file', '-p', fixture.missingBlob], { cwd: fixture.clone, stdio: 'ignore' });
  } catch {
    // The program exits 1: the fetch fails, but it ran.
  }
  assert.equal(existsSync(fixture.marker), true, 'plain git runs the promisor remote program for a missing object');
  rmSync(fixture.marker);
}

for (const transport of ['uploadpack', 'sshCommand'] as const) {
  describe(`a partial clone whose promisor remote runs a program (${transport})`, () => {
    test('--history never fetches: no program runs, and the missing blobs are reported in text, JSON and SARIF', async () => {
      const fixture = partialClone('blob:none', transport);
      assertGitWouldFetch(fixture);

      const result = await scanHistory({ root: fixture.clone, trusted: true });
      assert.equal(existsSync(fixture.marker), false, 'the promisor program ran during scanHistory');
      assert.equal(result.missingObjects, fixture.historyBlobs);
      assert.equal(result.filesScanned, 0);

      const text = runKeyward(['scan', '--history', '--no-color'], fixture.clone);
      assert.match(text.stdout, new RegExp(`history incomplete: ${fixture.historyBlobs} objects missing`));
      const json = JSON.parse(runKeyward(['scan', '--history', '--format', 'json'], fixture.clone).stdout);
      assert.equal(json.summary.missingObjects, fixture.historyBlobs);
      assert.equal(json.summary.incomplete, `history incomplete: ${fixture.historyBlobs} objects missing`);
      const sarif = JSON.parse(runKeyward(['scan', '--history', '--format', 'sarif'], fixture.clone).stdout);
      const invocation = sarif.runs[0].invocations[0];
      assert.equal(invocation.executionSuccessful, false);
      assert.match(invocation.toolExecutionNotifications[0].message.text, new RegExp(`history incomplete: ${fixture.historyBlobs} objects missing`));
      assert.equal(existsSync(fixture.marker), false, 'the promisor program ran during the CLI runs');
    });

    test('--staged never fetches a staged blob the clone lacks, and counts it as missing', async () => {
      const fixture = partialClone('blob:none', transport);
      git(fixture.clone, 'update-index', '--add', '--cacheinfo', `100644,${fixture.missingBlob},staged.pem`);
      assertGitWouldFetch(fixture);

      const result = await scanStaged({ root: fixture.clone, trusted: true });
      assert.equal(existsSync(fixture.marker), false, 'the promisor program ran during scanStaged');
      assert.equal(result.missingObjects, 1);
      const run = runKeyward(['scan', '--staged', '--no-color'], fixture.clone);
      assert.match(run.stdout, /history incomplete: 1 object missing/);
      assert.equal(existsSync(fixture.marker), false, 'the promisor program ran during keyward scan --staged');
    });

    test('a trusted workspace scan of a sparse index naming a missing tree never fetches it', async () => {
      const fixture = partialClone('tree:0', transport);
      // A sparse index (the d/ folder collapsed into one tree entry) made in the source, which has every
      // tree, and copied into the clone, which has none.
      git(fixture.source, 'sparse-checkout', 'init', '--cone', '--sparse-index');
      git(fixture.source, 'sparse-checkout', 'set', 'elsewhere');
      git(fixture.clone, 'config', 'extensions.worktreeConfig', 'true');
      copyFileSync(path.join(fixture.source, '.git', 'config.worktree'), path.join(fixture.clone, '.git', 'config.worktree'));
      mkdirSync(path.join(fixture.clone, '.git', 'info'), { recursive: true });
      copyFileSync(path.join(fixture.source, '.git', 'info', 'sparse-checkout'), path.join(fixture.clone, '.git', 'info', 'sparse-checkout'));
      copyFileSync(path.join(fixture.source, '.git', 'index'), path.join(fixture.clone, '.git', 'index'));
      writeFileSync(path.join(fixture.clone, 'a.txt'), 'hello\n');
      try {
        execFileSync(REAL_GIT, ['ls-files'], { cwd: fixture.clone, stdio: 'ignore' });
      } catch {
        // only the program matters
      }
      assert.equal(existsSync(fixture.marker), true, 'plain git ls-files expands the sparse folder and fetches its tree');
      rmSync(fixture.marker);

      const state = await readGitState(fixture.clone, { trusted: true });
      assert.equal(state.isTracked('a.txt'), true);
      assert.equal(state.hasTrackedUnder?.('d'), true, 'the sparse folder is known without reading its tree');
      const result = await scanWorkspace({ root: fixture.clone, trusted: true });
      assert.equal(result.filesScanned, 1);
      const run = runKeyward(['scan', '.'], fixture.clone);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(existsSync(fixture.marker), false, 'the promisor program ran during a trusted workspace scan');
    });
  });
}

describe('a partial clone without trees', () => {
  test('--history stops with "history incomplete" instead of fetching the trees', async () => {
    const fixture = partialClone('tree:0', 'uploadpack');
    const run = runKeyward(['scan', '--history'], fixture.clone);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--history: history incomplete: this partial clone lacks objects/);
    assert.equal(existsSync(fixture.marker), false, 'the promisor program ran');
  });
});
