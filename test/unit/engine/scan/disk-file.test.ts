/**
 * The workspace reader (DiskFileScanner): whole files read exactly at every size around its buffer (most in
 * one read), and a file the tree swapped after discovery listed it: a symlink is not followed, a FIFO does
 * not block the scan.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DiskFileScanner, type FileTask } from '../../../../src/engine/scan/disk-file';
import { NO_FILE_SUPPRESSIONS } from '../../../../src/engine/findings/suppress';
import { silentLogger } from '../../../../src/engine/types';
import { generatePemKey } from '../../../helpers/keys';
import { tempDir } from '../../../helpers/temp-tree';

const CAP = 100_000;
const scanner = new DiskFileScanner({ maxFileSize: CAP, suppressions: NO_FILE_SUPPRESSIONS, workspace: {}, logger: silentLogger });
const task = (root: string, relative: string): FileTask => ({ path: relative, absolutePath: path.join(root, relative), committed: undefined });

test('a key at the very end of a file is found at every size up to the cap; one byte over is too large', () => {
  const root = tempDir('keyward-disk-file-');
  const key = generatePemKey('ec-sec1').text;
  // The reader's buffer holds CAP + 1 bytes here: sizes around it and around a page.
  for (const size of [key.length, 4095, 4096, 4097, 65_536, CAP - 1, CAP]) {
    writeFileSync(path.join(root, `k${size}.txt`), 'x'.repeat(size - key.length) + key);
    const outcome = scanner.scan(task(root, `k${size}.txt`));
    assert.equal(outcome.kind, 'scanned', `size ${size}`);
    assert.deepEqual(outcome.kind === 'scanned' ? outcome.findings.map((f) => f.ruleId) : [], ['KW101'], `size ${size}`);
  }
  writeFileSync(path.join(root, 'over.txt'), 'x'.repeat(CAP + 1 - key.length) + key);
  assert.deepEqual(scanner.scan(task(root, 'over.txt')), {
    kind: 'skipped',
    skipped: { path: 'over.txt', reason: 'too-large', detail: `${CAP + 1} bytes, over the ${CAP}-byte limit` },
  });
  writeFileSync(path.join(root, 'empty.txt'), '');
  assert.deepEqual(scanner.scan(task(root, 'empty.txt')), { kind: 'scanned', findings: [] });
});

test('a file replaced by a symlink after discovery is not followed (a key outside the root stays unread)', () => {
  const outside = tempDir('keyward-disk-outside-');
  writeFileSync(path.join(outside, 'key.pem'), generatePemKey('ec-sec1').text);
  const root = tempDir('keyward-disk-root-');
  symlinkSync(path.join(outside, 'key.pem'), path.join(root, 'listed.pem'));
  const outcome = scanner.scan(task(root, 'listed.pem'));
  assert.equal(outcome.kind, 'skipped');
  assert.equal(outcome.kind === 'skipped' ? outcome.skipped.reason : '', 'unreadable');
});

test('a file replaced by a FIFO after discovery does not block the scan', { skip: process.platform === 'win32' }, () => {
  const root = tempDir('keyward-disk-fifo-');
  mkdirSync(path.join(root, 'd'));
  if (spawnSync('mkfifo', [path.join(root, 'd', 'pipe')]).status !== 0) return;
  // In a child process with a time limit: a blocking open would hang this test process for good.
  const module = path.join(__dirname, '..', '..', '..', '..', 'src', 'engine', 'scan', 'disk-file.js');
  const suppress = path.join(__dirname, '..', '..', '..', '..', 'src', 'engine', 'findings', 'suppress.js');
  const script = `
    const { DiskFileScanner } = require(${JSON.stringify(module)});
    const { NO_FILE_SUPPRESSIONS } = require(${JSON.stringify(suppress)});
    const logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const scanner = new DiskFileScanner({ maxFileSize: 1000, suppressions: NO_FILE_SUPPRESSIONS, workspace: {}, logger });
    process.stdout.write(JSON.stringify(scanner.scan({ path: 'd/pipe', absolutePath: ${JSON.stringify(path.join(root, 'd', 'pipe'))}, committed: undefined })));
  `;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.signal, null, 'the read blocked on the FIFO');
  assert.equal(run.status, 0, run.stderr);
  const outcome = JSON.parse(run.stdout) as { kind: string; findings?: unknown[] };
  assert.ok(outcome.kind === 'skipped' || (outcome.kind === 'scanned' && outcome.findings?.length === 0), run.stdout);
});
