/**
 * ripgrep as walker and prefilter (issue 18): the result of a workspace scan is the same with it as
 * without it, on every workspace shape here; ripgrep never runs from inside the workspace, never in an
 * untrusted one unless it is the editor's own binary, and a user's or repository's ripgrep configuration
 * cannot change what it lists.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { resolveRipgrepExecutable } from '../../../../src/engine/process/git-executable';
import { scanWorkspace, type WorkspaceScanOptions } from '../../../../src/engine/scan/workspace-scan';
import type { Logger, ScanResult } from '../../../../src/engine/types';
import { generatePemKey } from '../../../helpers/keys';
import { buildGeneratedTree, buildMixedWorkspace, MIXED_EXCLUDES, SMALL_CAP, tempRoot, writeTree } from '../../../helpers/workspace-shapes';
import { testGit } from '../../../helpers/temp-tree';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const RG = resolveRipgrepExecutable(process.cwd());
const skipWithoutRg = RG === undefined ? 'ripgrep (rg) is not installed: .ci/run installs it' : false;
const hasGit = spawnSync('git', ['--version']).status === 0;

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { logger: { trace() {}, debug: keep, info: keep, warn: keep, error: keep }, lines };
}

/** Everything a host sees of a scan, in a comparable form. */
function comparable(result: ScanResult): unknown {
  return JSON.parse(JSON.stringify({ ...result }));
}

function skippedOf(result: ScanResult): string[] {
  return result.skipped.map((s) => `${s.reason} ${s.path} ${s.detail ?? ''}`);
}

/** Scans with and without ripgrep; asserts ripgrep really listed the files, and returns both results. */
async function bothWays(
  options: Omit<WorkspaceScanOptions, 'ripgrep' | 'logger'>,
  expectRipgrep = true,
): Promise<{ node: ScanResult; rg: ScanResult; lines: string[] }> {
  const node = await scanWorkspace({ ...options });
  const { logger, lines } = recordingLogger();
  const rg = await scanWorkspace({ ...options, ripgrep: 'path', logger });
  const used = lines.some((line) => /^scan: ripgrep \(.*\) searched \d+ files$/.test(line));
  assert.equal(used, expectRipgrep, `ripgrep ${expectRipgrep ? 'was not' : 'was'} used:\n${lines.join('\n')}`);
  if (expectRipgrep) {
    // The comparison means something only if ripgrep's verdicts kept files from being read.
    const unread = Number(/^scan: (\d+) files left unread/.exec(lines.find((line) => line.includes('files left unread')) ?? '')?.[1] ?? 0);
    assert.ok(unread > 0, `no file was left unread:\n${lines.join('\n')}`);
  }
  return { node, rg, lines };
}

function ruleIdsAt(result: ScanResult): string[] {
  return [...new Set(result.findings.map((f) => `${f.ruleId} ${f.path}`))].sort();
}

test('mixed workspace, no git: the ripgrep path finds exactly what the Node walk finds', { skip: skipWithoutRg }, async () => {
  const { root } = buildMixedWorkspace(made);
  const { node, rg } = await bothWays({ root, trusted: true, exclude: MIXED_EXCLUDES, maxFileSize: SMALL_CAP });
  assert.deepEqual(skippedOf(rg), skippedOf(node));
  assert.deepEqual(comparable(rg), comparable(node));
  // Not a comparison of two empty results: each shape shows up.
  const found = ruleIdsAt(node).join('\n');
  for (const expected of [
    'KW101 src/key.pem',
    'KW101 ignored.pem',
    'KW101 keep.log',
    'KW101 nested/deeper/fine.pem',
    'KW101 .hidden/dir/id.pem',
    'KW101 utf16/key.txt',
    'KW101 name with spaces/ünïcödé key.pem',
    'KW201 .github/workflows/release.yml',
    'KW702 .github/workflows/attest.yml',
  ]) {
    assert.ok(found.includes(expected), `${expected} missing from\n${found}`);
  }
  assert.ok(!found.includes('build/out.pem') && !found.includes('excluded/key.pem') && !found.includes('secret.pem'), found);
  const skipped = node.skipped.map((s) => `${s.reason} ${s.path}`).join('\n');
  for (const expected of [
    'too-large big/large.pem',
    'symlink-outside-workspace link-outside.pem',
    'unreadable broken-link',
    'unreadable src/pipe',
    'binary bin/random.bin',
  ]) {
    assert.ok(skipped.includes(expected), `${expected} missing from\n${skipped}`);
  }
  assert.equal(node.suppressed?.length, 1);
  assert.ok((node.excludedPaths ?? 0) >= 2);
});

test('mixed workspace, --no-gitignore: the same with and without ripgrep', { skip: skipWithoutRg }, async () => {
  const { root } = buildMixedWorkspace(made);
  const { node, rg } = await bothWays({ root, trusted: true, useGitignore: false, maxFileSize: SMALL_CAP });
  assert.deepEqual(comparable(rg), comparable(node));
  assert.ok(ruleIdsAt(node).includes('KW101 build/out.pem'));
});

test('git repository: tracked-but-ignored and untracked-ignored files, the same with and without ripgrep', { skip: skipWithoutRg || !hasGit }, async () => {
  const { root } = buildMixedWorkspace(made);
  const git = (...args: string[]) => testGit('git', root, args);
  rmSync(path.join(root, 'src', 'pipe'));
  git('init', '-q');
  git('add', '-A');
  git('add', '-f', 'build/out.pem');
  git('commit', '-q', '-m', 'init');
  writeTree(root, {
    'build/untracked.pem': generatePemKey('ec-sec1').text,
    'untracked.log': generatePemKey('ec-sec1').text,
    '.git/info/exclude': 'src/notes.md\n',
  });
  const { node, rg } = await bothWays({ root, trusted: true, exclude: MIXED_EXCLUDES, maxFileSize: SMALL_CAP });
  assert.deepEqual(comparable(rg), comparable(node));
  const found = ruleIdsAt(node).join('\n');
  assert.ok(found.includes('KW101 build/out.pem'), found);
  assert.ok(!found.includes('build/untracked.pem') && !found.includes('untracked.log'), found);
});

test('a generated tree (seeded), with and without the size cap', { skip: skipWithoutRg }, async () => {
  for (const seed of [1, 2, 3]) {
    const root = buildGeneratedTree(made, seed, 400);
    const { node, rg } = await bothWays({ root, trusted: true, jobs: 1 });
    assert.deepEqual(comparable(rg), comparable(node), `seed ${seed}`);
    assert.ok(node.findings.length > 0 && node.filesScanned > 100, `seed ${seed}: too little to compare`);
    const capped = await bothWays({ root, trusted: true, maxFileSize: 200, exclude: ['a/b/**'] });
    assert.deepEqual(comparable(capped.rg), comparable(capped.node), `seed ${seed}, capped`);
    assert.ok(capped.node.skipped.some((s) => s.reason === 'too-large'));
  }
});

test('with the scan cache: first scan and re-scan after edits are the same with and without ripgrep', { skip: skipWithoutRg }, async () => {
  // Files written within the last seconds are never cached (racy): every edit is stamped in the past.
  const past = Math.floor(Date.now() / 1000) - 3600;
  const root = buildGeneratedTree(made, 7, 300, past);
  const cacheDir = tempRoot(made, 'keyward-rg-cache-');
  const scan = (ripgrep: boolean) =>
    scanWorkspace({ root, trusted: true, cacheFile: path.join(cacheDir, ripgrep ? 'rg.json' : 'node.json'), ...(ripgrep ? { ripgrep: 'path' as const } : {}) });
  const edits = [
    () => writeTree(root, { 'a/new.pem': generatePemKey('ec-sec1').text, 'docs/clean.md': 'was a key, now prose\n' }, past + 100),
    () => writeTree(root, { 'a/new.pem': 'rotated\n', '.gitignore': 'dist/\n' }, past + 200),
  ];
  let answeredByCache = 0;
  for (const edit of [() => undefined, () => undefined, ...edits]) {
    edit();
    const node = await scan(false);
    const rg = await scan(true);
    assert.deepEqual(comparable(rg), comparable(node));
    answeredByCache += node.fromCache ?? 0;
  }
  assert.ok(answeredByCache > 0, 'the cache answered nothing: the re-scans compared nothing cached');
});

test('a re-scan the cache answers for does not start ripgrep, and reads the changed files as the first scan would', { skip: skipWithoutRg }, async () => {
  const past = Math.floor(Date.now() / 1000) - 3600;
  const root = buildGeneratedTree(made, 11, 300, past);
  const cacheDir = tempRoot(made, 'keyward-rg-rescan-');
  const scan = async (ripgrep: boolean) => {
    const { logger, lines } = recordingLogger();
    const result = await scanWorkspace({
      root,
      trusted: true,
      cacheFile: path.join(cacheDir, ripgrep ? 'rg.json' : 'node.json'),
      logger,
      ...(ripgrep ? { ripgrep: 'path' as const } : {}),
    });
    return { result, searched: lines.some((line) => /^scan: ripgrep \(.*\) searched \d+ files$/.test(line)) };
  };
  // The first scan (empty cache) searches with ripgrep.
  const first = await scan(true);
  assert.equal(first.searched, true);
  assert.deepEqual(comparable(first.result), comparable((await scan(false)).result));
  const edits = [
    () => undefined,
    () => writeTree(root, { 'a/new.pem': generatePemKey('ec-sec1').text, 'docs/clean.md': 'was a key, now prose\n' }, past + 100),
    () => writeTree(root, { 'a/new.pem': 'rotated\n', 'b/other.env': `KEY="${generatePemKey('ec-sec1').text.replaceAll('\n', '\\n')}"\n` }, past + 200),
  ];
  for (const edit of edits) {
    edit();
    const rg = await scan(true);
    const node = await scan(false);
    assert.equal(rg.searched, false, 'a re-scan with cache entries started ripgrep');
    assert.ok((rg.result.fromCache ?? 0) > 0, 'the cache answered nothing');
    assert.deepEqual(comparable(rg.result), comparable(node.result));
  }
});

test('ripgrep on PATH inside the workspace is never run; neither is a "bundled" one inside it', async () => {
  const root = tempRoot(made, 'keyward-rg-hostile-');
  const marker = path.join(root, 'ran');
  writeTree(root, { 'bin/rg': `#!/bin/sh\ntouch '${marker}'\n`, 'key.pem': generatePemKey('ec-sec1').text });
  chmodSync(path.join(root, 'bin', 'rg'), 0o755);
  assert.equal(resolveRipgrepExecutable(root, { PATH: `${path.join(root, 'bin')}:.:bin` }), undefined);
  const { logger, lines } = recordingLogger();
  const result = await scanWorkspace({ root, trusted: true, ripgrep: { bundled: path.join(root, 'bin', 'rg') }, logger });
  assert.equal(existsSync(marker), false);
  assert.ok(
    lines.some((line) => line.includes('ripgrep inside the workspace is never run')),
    lines.join('\n'),
  );
  assert.deepEqual(ruleIdsAt(result), ['KW101 key.pem']);
});

test('untrusted: ripgrep from PATH does not run', { skip: skipWithoutRg }, async () => {
  const { root } = buildMixedWorkspace(made);
  const { node, rg, lines } = await bothWays({ root, trusted: false, maxFileSize: SMALL_CAP }, false);
  assert.ok(lines.some((line) => line.includes('scan: ripgrep not used (untrusted workspace)')));
  assert.deepEqual(comparable(rg), comparable(node));
});

test('a ripgrep configuration (RIPGREP_CONFIG_PATH: --line-regexp, --follow, globs, a size cap) changes nothing', { skip: skipWithoutRg }, async () => {
  const { root } = buildMixedWorkspace(made);
  writeTree(root, { '.ripgreprc': '--follow\n--line-regexp\n--glob=!src/**\n--max-filesize=10\n' });
  const saved = process.env['RIPGREP_CONFIG_PATH'];
  process.env['RIPGREP_CONFIG_PATH'] = path.join(root, '.ripgreprc');
  try {
    const { node, rg } = await bothWays({ root, trusted: true, maxFileSize: SMALL_CAP });
    assert.deepEqual(comparable(rg), comparable(node));
    assert.ok(ruleIdsAt(rg).includes('KW101 src/key.pem'));
  } finally {
    if (saved === undefined) delete process.env['RIPGREP_CONFIG_PATH'];
    else process.env['RIPGREP_CONFIG_PATH'] = saved;
  }
});

test('names with newlines, names that are not UTF-8, unreadable files and folders: the same with and without ripgrep', { skip: skipWithoutRg }, async () => {
  const root = tempRoot(made, 'keyward-rg-names-');
  writeTree(root, {
    'key.pem': generatePemKey('ec-sec1').text,
    'big.txt': 'z'.repeat(SMALL_CAP * 2),
    'src/plain.js': 'let a = 1;\n',
    'locked/inner.pem': generatePemKey('ec-sec1').text,
  });
  mkdirSync(path.join(root, 'd'));
  writeFileSync(path.join(root, 'd', 'plain\nname.txt'), 'nothing\n');
  writeFileSync(path.join(root, 'd', 'key\n.pem'), generatePemKey('ec-sec1').text);
  writeFileSync(Buffer.from(path.join(root, 'd', 'latin1-\xe9.pem'), 'latin1'), generatePemKey('ec-sec1').text);
  writeFileSync(path.join(root, 'unreadable.pem'), generatePemKey('ec-sec1').text, { mode: 0o000 });
  chmodSync(path.join(root, 'locked'), 0o000);
  try {
    const { node, rg } = await bothWays({ root, trusted: true, maxFileSize: SMALL_CAP });
    assert.deepEqual(comparable(rg), comparable(node));
    assert.ok(ruleIdsAt(node).includes('KW101 d/key\n.pem'), ruleIdsAt(node).join('\n'));
  } finally {
    chmodSync(path.join(root, 'locked'), 0o755);
  }
});

test('a ripgrep that fails or is not ripgrep: no verdicts, every file is read, the result is the same', async () => {
  const { root } = buildMixedWorkspace(made);
  const node = await scanWorkspace({ root, trusted: true, maxFileSize: SMALL_CAP });
  const { logger, lines } = recordingLogger();
  const rg = await scanWorkspace({ root, trusted: true, maxFileSize: SMALL_CAP, ripgrep: { bundled: '/bin/false' }, logger });
  assert.deepEqual(comparable(rg), comparable(node));
  assert.ok(
    lines.some((line) => line.startsWith('scan: 0 files left unread')),
    lines.join('\n'),
  );
});

test('files whose first NUL byte comes late are read, and judged as without ripgrep', { skip: skipWithoutRg }, async () => {
  // ripgrep gives no verdict on a file once it reads a NUL byte, so such files are read. Were it to
  // memory-map files, it would look for NUL bytes in their first kilobytes only and call a file with a later
  // one (binary to Keyward up to 8,000 bytes) "no match": it would go unread and count as scanned.
  const root = tempRoot(made, 'keyward-rg-late-nul-');
  const text = (length: number) => Buffer.from('plain text line without any anchor\n'.repeat(Math.ceil(length / 35) + 1).slice(0, length));
  const files: Record<string, Buffer | string> = {};
  const early = [10, 1000, 4000, 7999];
  for (const at of [...early, 70_000, 300_000]) files[`nul-at-${at}.dat`] = Buffer.concat([text(at), Buffer.from([0]), text(100)]);
  // A key after a late NUL byte: ripgrep stops at the NUL, Keyward reads the whole text.
  files['key-after-nul.txt'] = Buffer.concat([text(20_000), Buffer.from([0]), Buffer.from(`\n${generatePemKey('ec-sec1').text}`)]);
  files['utf16-no-bom.txt'] = Buffer.from(`${'word '.repeat(20_000)}\n`, 'utf16le');
  for (let i = 0; i < 20; i++) files[`plain/${i}.txt`] = `nothing here ${i}\n`;
  writeTree(root, files);
  const { node, rg } = await bothWays({ root, trusted: true });
  assert.deepEqual(comparable(rg), comparable(node));
  const binary = node.skipped.filter((s) => s.reason === 'binary').map((s) => s.path);
  assert.deepEqual(binary.sort(), [...early.map((at) => `nul-at-${at}.dat`), 'utf16-no-bom.txt'].sort());
  assert.deepEqual(ruleIdsAt(node), ['KW101 key-after-nul.txt']);
});

test('a ripgrep that lags behind the listing is stopped and the files it has not judged are read: the same result', { skip: skipWithoutRg }, async () => {
  // More files than a worker pool's worth, and a "ripgrep" that gives no verdict before the listing ends.
  const root = buildGeneratedTree(made, 18, 7000);
  const bin = tempRoot(made, 'keyward-slow-rg-');
  const slow = path.join(bin, 'rg');
  writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(slow, 0o755);
  const node = await scanWorkspace({ root, trusted: true, jobs: 1 });
  const { logger, lines } = recordingLogger();
  const rg = await scanWorkspace({ root, trusted: true, jobs: 1, ripgrep: { bundled: slow }, logger });
  assert.ok(
    lines.some((line) => /^scan: ripgrep stopped when the listing ended; \d+ files it had not judged yet are read$/.test(line)),
    lines.join('\n'),
  );
  assert.ok(lines.includes('scan: ripgrep stopped; files without its verdict are read'), lines.join('\n'));
  assert.deepEqual(comparable(rg), comparable(node));
  assert.ok(node.findings.length > 0 && node.filesScanned >= 4000);
});
