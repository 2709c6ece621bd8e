/**
 * The git hardening of test/unit/engine/process/git-hardening.test.ts, through the built CLI: a `git` in the
 * workspace never runs whatever PATH says, and a key whose removal is staged is reported as such.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { untrackFile } from '../../src/engine/process/git';
import { repoWithFakeGits, repoWithKey } from '../helpers/git-hardening-repo';
import { runKeyward } from '../helpers/history-test-repo';

test('keyward scan --history: a `git` in the workspace never runs, whatever PATH says about the working directory', () => {
  const { root, marker, hostilePath } = repoWithFakeGits();
  // Sanity check: a bare `git` with this PATH and the workspace as cwd is the fake.
  execFileSync('git', ['status'], { cwd: root, stdio: 'ignore', env: { ...process.env, PATH: hostilePath } });
  assert.equal(existsSync(marker), true, 'the fixture must be one a bare `git` would run');
  rmSync(marker);

  const run = runKeyward(['scan', '--history', '.', '--format', 'json'], root, { PATH: hostilePath });
  assert.equal(run.status, 1, run.stderr);
  const findings = (JSON.parse(run.stdout) as { findings: { path: string }[] }).findings;
  assert.ok(
    findings.some((f) => f.path === 'keys/signing.pem'),
    'the real git answered: the committed key is in the history',
  );
  assert.equal(existsSync(marker), false, 'a git inside the workspace ran');
});

test('keyward scan after "Add to .gitignore" and "Stop tracking": the finding says the removal is staged', async () => {
  const root = repoWithKey();
  writeFileSync(path.join(root, '.gitignore'), '/keys/signing.pem\n');
  await untrackFile(root, 'keys/signing.pem', { trusted: true });
  const run = runKeyward(['scan', '.', '--no-color'], root);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /\[removal staged; still in HEAD and history: rotate the key\]/);
  const json = JSON.parse(runKeyward(['scan', '.', '--format', 'json'], root).stdout) as { findings: { removalStaged?: boolean }[] };
  assert.equal(json.findings[0]?.removalStaged, true);
});
