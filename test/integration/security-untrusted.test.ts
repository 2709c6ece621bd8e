/**
 * Hostile repository: its `.git/config` names programs that git would run (core.fsmonitor, core.pager,
 * diff.external, a hooks path, a clean filter), and a fake `git` first on PATH records every call.
 * `keyward scan --untrusted` must start no process at all; trusted mode asks git (the fake records the
 * call and hands over to the real git) but the repository's fsmonitor program still never runs.
 * The editor's Restricted Mode counterpart runs in a real VS Code: test/e2e/suite (see docs/security.md).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { generatePemKey } from '../helpers/keys';
import { runCli } from '../helpers/verify-cli-build';

const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
const dir = mkdtempSync(join(tmpdir(), 'keyward-hostile-'));
const repo = join(dir, 'repo');
const bin = join(dir, 'bin');
const markers = join(dir, 'markers');
mkdirSync(repo);
mkdirSync(bin);
mkdirSync(markers);

/** A program that leaves `markers/<name>` behind when anything runs it. */
function markerScript(name: string): string {
  const path = join(dir, `${name}.sh`);
  writeFileSync(path, `#!/bin/sh\necho "$@" >> '${join(markers, name)}'\nexit 0\n`);
  chmodSync(path, 0o755);
  return path;
}

function ran(name: string): boolean {
  return existsSync(join(markers, name));
}

function resetMarkers(): void {
  for (const name of ['fsmonitor', 'pager', 'diff-external', 'hook', 'filter', 'fake-git']) if (ran(name)) writeFileSync(join(markers, name), '');
  spawnSync('sh', ['-c', `rm -f '${markers}'/*`]);
}

const git = (...args: string[]): void => {
  const result = spawnSync(realGit, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(result.status, 0, result.stderr);
};

test('setup: a repository whose configuration would run programs', { skip: realGit === '' ? 'git is not installed' : false }, () => {
  git('init', '-q');
  git('config', 'user.email', 'a@example.invalid');
  git('config', 'user.name', 'a');
  writeFileSync(join(repo, 'signing.pem'), generatePemKey('ec-sec1').text);
  writeFileSync(join(repo, '.gitattributes'), '*.pem filter=evil\n');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  // Set after the commit, so that setting up the repository itself ran none of them.
  git('config', 'core.fsmonitor', markerScript('fsmonitor'));
  git('config', 'core.pager', markerScript('pager'));
  git('config', 'diff.external', markerScript('diff-external'));
  git('config', 'filter.evil.clean', markerScript('filter'));
  git('config', 'filter.evil.smudge', markerScript('filter'));
  const hooks = join(dir, 'hooks');
  mkdirSync(hooks);
  for (const hook of ['post-index-change', 'pre-commit', 'post-checkout']) writeFileSync(join(hooks, hook), readFileSync(markerScript('hook')));
  for (const hook of ['post-index-change', 'pre-commit', 'post-checkout']) chmodSync(join(hooks, hook), 0o755);
  git('config', 'core.hooksPath', hooks);
  // Touch the file so that a status would have to re-read it (and run the clean filter, fsmonitor …).
  writeFileSync(join(repo, 'signing.pem'), `${readFileSync(join(repo, 'signing.pem'), 'utf8')}\n`);
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${join(markers, 'fake-git')}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  resetMarkers();
});

const env = (): NodeJS.ProcessEnv => ({ PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}` });

test('keyward scan --untrusted runs no program: no git, no fsmonitor, pager, diff tool, hook or filter', { skip: realGit === '' }, () => {
  resetMarkers();
  for (const format of ['text', 'json', 'sarif']) {
    const result = runCli(['scan', repo, '--untrusted', '--format', format, '--verbose'], { env: env(), cwd: repo });
    assert.equal(result.status, 1, result.stderr);
  }
  const json = runCli(['scan', repo, '--untrusted', '--format', 'json'], { env: env(), cwd: repo });
  const findings = (JSON.parse(json.stdout) as { findings: { ruleId: string; committed?: boolean; severity: string }[] }).findings;
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['KW101'],
  );
  assert.equal(findings[0]?.severity, 'error', 'committed state unknown: key findings stay errors');
  for (const name of ['fake-git', 'fsmonitor', 'pager', 'diff-external', 'hook', 'filter']) assert.equal(ran(name), false, `${name} ran in untrusted mode`);
});

test('trusted keyward scan asks git (the fake on PATH sees it) but the repository fsmonitor program never runs', { skip: realGit === '' }, () => {
  resetMarkers();
  const result = runCli(['scan', repo, '--format', 'json'], { env: env(), cwd: repo });
  assert.equal(result.status, 1, result.stderr);
  const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; committed?: boolean }[] }).findings;
  assert.equal(findings[0]?.committed, true, 'git was asked: the key is known to be committed');
  assert.equal(ran('fake-git'), true, 'trusted mode runs git');
  assert.match(readFileSync(join(markers, 'fake-git'), 'utf8'), /core\.fsmonitor=false/, 'every git call disables fsmonitor');
  for (const name of ['fsmonitor', 'pager', 'diff-external', 'hook']) assert.equal(ran(name), false, `${name} ran in trusted mode`);
});
