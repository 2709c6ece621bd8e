/**
 * Hostile configuration files: every file the engine reads to configure a scan (`.gitignore`, nested ones,
 * `.git/info/exclude`, `.keywardignore`, `.git/config`, HEAD, workflows, a baseline) can be a FIFO, a link
 * to a device, or a link to a file outside the folder. None may hang or flood the scan, and none outside
 * the folder may be obeyed. The CLI runs as a child process with a kill timeout, so that a regression fails
 * instead of hanging the test run.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readRegularFile } from '../../src/engine/io/safe-read';
import { readWorkspaceFiles } from '../../src/engine/facts/workspace-facts-files';
import { loadKeywardIgnore, scanWorkspace } from '../../src/engine/scan/workspace-scan';
import { generatePemKey } from '../helpers/keys';
import { buildCliBundles } from '../helpers/verify-cli-build';
import { tempTree } from '../helpers/temp-tree';

function tree(files: Record<string, string>): string {
  return tempTree('keyward-config-', files);
}

function mkfifo(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const made = spawnSync('mkfifo', [file]);
  assert.equal(made.status, 0, 'mkfifo');
}

const noFifo = process.platform === 'win32' || spawnSync('sh', ['-c', 'command -v mkfifo']).status !== 0;

/** The built CLI, killed after `timeoutMs`: a hang shows as a null status, not as a stuck test run. */
function runCliWithTimeout(
  args: readonly string[],
  timeoutMs = 60_000,
): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const cli = path.join(buildCliBundles(), 'cli.js');
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, signal: run.signal };
}

const KEY_FILE = 'deploy/signing.pem';

test('a FIFO as .gitignore, nested .gitignore, .git/info/exclude, .keywardignore, .git/config and HEAD does not hang the scan', { skip: noFifo }, () => {
  const root = tree({ [KEY_FILE]: generatePemKey('ec-sec1').text, 'sub/readme.txt': 'hello\n', '.github/workflows/ok.yml': 'on: push\n' });
  for (const fifo of ['.gitignore', 'sub/.gitignore', '.git/info/exclude', '.keywardignore', '.git/config', '.git/HEAD', '.github/workflows/release.yml'])
    mkfifo(path.join(root, ...fifo.split('/')));
  const result = runCliWithTimeout(['scan', root, '--untrusted', '--format', 'json']);
  assert.equal(result.signal, null, 'the scan was killed: it hung on a FIFO');
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as { findings: { path: string }[] };
  assert.ok(report.findings.some((f) => f.path === KEY_FILE));
});

test('a FIFO as --baseline fails with a usage error instead of hanging', { skip: noFifo }, () => {
  const root = tree({ 'readme.txt': 'hello\n' });
  mkfifo(path.join(root, 'baseline.json'));
  const result = runCliWithTimeout(['scan', root, '--untrusted', '--baseline', path.join(root, 'baseline.json')]);
  assert.equal(result.signal, null, 'the scan was killed: it hung on a FIFO');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read the baseline/);
});

test('.keywardignore and .gitignore linked to /dev/zero are refused at once, and the key is still reported', { skip: process.platform === 'win32' }, () => {
  const root = tree({ [KEY_FILE]: generatePemKey('ec-sec1').text });
  symlinkSync('/dev/zero', path.join(root, '.keywardignore'));
  symlinkSync('/dev/zero', path.join(root, '.gitignore'));
  // A heap far below what reading /dev/zero to its 2 GiB limit would take: flooding fails the test too.
  const result = runCliWithTimeout(['scan', root, '--untrusted', '--format', 'json']);
  assert.equal(result.signal, null, 'the scan was killed');
  assert.equal(result.status, 1, result.stderr);
  assert.ok((JSON.parse(result.stdout) as { findings: { path: string }[] }).findings.some((f) => f.path === KEY_FILE));
  assert.match(result.stderr, /\.keywardignore not read \(is a symlink\)/);
});

/** A file outside the root whose patterns would hide the workflow (a KW201 finding). */
function outsideIgnoreFile(): string {
  const outside = tree({ 'patterns.txt': '*.sh\nrelease/\n' });
  return path.join(outside, 'patterns.txt');
}
const SIGNING_SCRIPT = 'cosign sign --key cosign.key "$IMAGE"\n';

test('a .gitignore, nested .gitignore or .git/info/exclude linked to a file outside the folder is not obeyed', async () => {
  for (const link of ['.gitignore', 'release/.gitignore', '.git/info/exclude']) {
    const root = tree({ 'release/sign.sh': SIGNING_SCRIPT });
    mkdirSync(path.dirname(path.join(root, ...link.split('/'))), { recursive: true });
    symlinkSync(outsideIgnoreFile(), path.join(root, ...link.split('/')));
    const result = await scanWorkspace({ root, trusted: false });
    assert.ok(
      result.findings.some((f) => f.path === 'release/sign.sh' && f.ruleId === 'KW201'),
      `${link} linked outside hid release/sign.sh`,
    );
  }
});

test('a .gitignore reached through a symlinked folder that leads outside is not obeyed', async () => {
  const root = tree({ 'release/sign.sh': SIGNING_SCRIPT, '.git/HEAD': 'ref: refs/heads/main\n' });
  const outsideInfo = path.dirname(outsideIgnoreFile());
  writeFileSync(path.join(outsideInfo, 'exclude'), 'release/\n');
  symlinkSync(outsideInfo, path.join(root, '.git', 'info'));
  const result = await scanWorkspace({ root, trusted: false });
  assert.ok(
    result.findings.some((f) => f.path === 'release/sign.sh'),
    '.git/info → outside folder hid release/sign.sh',
  );
});

test('a .keywardignore linked to a file outside the folder suppresses nothing', async () => {
  const root = tree({ [KEY_FILE]: generatePemKey('ec-sec1').text });
  const outside = tree({ list: `${KEY_FILE} * reason: planted outside the folder\n` });
  symlinkSync(path.join(outside, 'list'), path.join(root, '.keywardignore'));
  const loaded = await loadKeywardIgnore(root);
  assert.equal(loaded.entries.length, 0);
  const result = await scanWorkspace({ root, trusted: false });
  assert.ok(result.findings.some((f) => f.path === KEY_FILE));
});

test('.git/config, HEAD and workflows linked outside the folder are not read as workspace facts', async () => {
  const outside = tree({
    config: '[remote "origin"]\n\turl = https://github.com/attacker/elsewhere\n',
    HEAD: 'ref: refs/heads/main\n',
    'wf.yml': 'on: push\n',
  });
  const root = tree({ '.git/objects/.keep': '' });
  symlinkSync(path.join(outside, 'config'), path.join(root, '.git', 'config'));
  symlinkSync(path.join(outside, 'HEAD'), path.join(root, '.git', 'HEAD'));
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  symlinkSync(path.join(outside, 'wf.yml'), path.join(root, '.github', 'workflows', 'release.yml'));
  const files = await readWorkspaceFiles(root);
  assert.equal(files.gitConfig, undefined);
  assert.equal(files.head, undefined);
  assert.deepEqual(files.workflows, []);
});

test('a .git file naming a folder that does not point back at this folder is not followed', async () => {
  const outside = tree({ config: '[remote "origin"]\n\turl = https://github.com/attacker/elsewhere\n', HEAD: 'ref: refs/heads/main\n' });
  const root = tree({ '.git': `gitdir: ${outside}\n` });
  const files = await readWorkspaceFiles(root);
  assert.equal(files.gitConfig, undefined);
  assert.equal(files.head, undefined);
});

test('readRegularFile: regular files inside the folder are read; links, FIFOs, devices, oversized files and escapes are refused', () => {
  const root = tree({ 'ok.txt': 'fine\n', 'big.txt': 'x'.repeat(100), 'dir/inner.txt': 'inner\n' });
  const outside = tree({ 'secret.txt': 'outside\n' });
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  symlinkSync(outside, path.join(root, 'linked-dir'));
  const read = (file: string, maxBytes = 50) => readRegularFile(path.join(root, file), { maxBytes, inside: root });
  const ok = read('ok.txt');
  assert.ok(ok.ok && ok.value.toString() === 'fine\n');
  assert.ok(read('dir/inner.txt').ok);
  assert.deepEqual(reasonOf(read('link.txt')), 'symlink');
  assert.deepEqual(reasonOf(read('linked-dir/secret.txt')), 'outside');
  assert.deepEqual(reasonOf(read('../x')), 'outside');
  assert.deepEqual(reasonOf(read('big.txt')), 'too-large');
  assert.ok(read('big.txt', 100).ok);
  assert.deepEqual(reasonOf(read('missing.txt')), 'absent');
  assert.deepEqual(reasonOf(read('dir')), 'not-a-file');
  if (!noFifo) {
    mkfifo(path.join(root, 'fifo'));
    assert.deepEqual(reasonOf(read('fifo')), 'not-a-file');
  }
  if (process.platform !== 'win32') assert.deepEqual(reasonOf(readRegularFile('/dev/zero', { maxBytes: 10 })), 'not-a-file');
});

function reasonOf(result: ReturnType<typeof readRegularFile>): string {
  return result.ok ? 'ok' : result.reason;
}
