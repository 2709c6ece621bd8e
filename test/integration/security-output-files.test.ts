/**
 * `--output` and `--write-baseline` often name a file inside the scanned checkout, where a hostile
 * repository can plant a symlink of that name (or a symlinked folder) to make Keyward overwrite a file
 * outside it. The write must be refused (exit 2), the file outside left as it was.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { generatePemKey } from '../helpers/keys';
import { runCli } from '../helpers/verify-cli-build';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyward-output-'));
  made.push(dir);
  return dir;
}

function hostileRepo(): { repo: string; victim: string; outside: string } {
  const repo = folder();
  writeFileSync(path.join(repo, 'signing.pem'), generatePemKey('ec-sec1').text);
  const outside = folder();
  const victim = path.join(outside, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  return { repo, victim, outside };
}

const skipOnWindows = process.platform === 'win32' ? 'symlinks need privileges on Windows' : false;

for (const [option, name] of [
  ['--output', 'report.sarif'],
  ['--write-baseline', 'baseline.json'],
] as const) {
  test(`${option} refuses a target that is a symlink leading outside the checkout`, { skip: skipOnWindows }, () => {
    const { repo, victim } = hostileRepo();
    symlinkSync(victim, path.join(repo, name));
    const result = runCli(['scan', repo, '--untrusted', '--format', 'sarif', option, path.join(repo, name)]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /refusing to write .*: it is a symlink/);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  test(`${option} refuses a target inside the checkout reached through a symlinked folder`, { skip: skipOnWindows }, () => {
    const { repo, outside } = hostileRepo();
    symlinkSync(outside, path.join(repo, 'reports'));
    const result = runCli(['scan', repo, '--untrusted', '--format', 'sarif', option, path.join(repo, 'reports', name)]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /refusing to write .*symlink leading out of/);
    assert.deepEqual(readdirSync(outside), ['victim.txt']);
  });
}

test('--output replaces a regular file and leaves no temporary file behind', () => {
  const { repo } = hostileRepo();
  const out = folder();
  mkdirSync(path.join(out, 'nested'));
  const target = path.join(out, 'nested', 'report.json');
  writeFileSync(target, 'old');
  const result = runCli(['scan', repo, '--untrusted', '--format', 'json', '--output', target, '--write-baseline', path.join(out, 'nested', 'baseline.json')]);
  assert.equal(result.status, 1, result.stderr);
  assert.equal((JSON.parse(readFileSync(target, 'utf8')) as { findings: unknown[] }).findings.length > 0, true);
  assert.deepEqual(readdirSync(path.join(out, 'nested')).sort(), ['baseline.json', 'report.json']);
});

test('--output refuses a target that is not a regular file', () => {
  const { repo } = hostileRepo();
  mkdirSync(path.join(repo, 'report.json'));
  const result = runCli(['scan', repo, '--untrusted', '--format', 'json', '--output', path.join(repo, 'report.json')]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /not a regular file/);
});
