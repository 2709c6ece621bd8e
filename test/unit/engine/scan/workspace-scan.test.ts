import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { FileContext, Rule } from '../../../../src/engine/rules/rule';
import type { Logger, RawFinding } from '../../../../src/engine/types';
import { HEAD_BYTES, loadKeywardIgnore, scanWorkspace } from '../../../../src/engine/scan/workspace-scan';

// Tests use tiny test-only rules, so they do not depend on the real key rules.
const MARKER = 'SECRET-MARKER';
const BINARY_MAGIC = 'KWBIN';

function rule(id: string, kind: 'key' | 'config', check: (file: FileContext) => RawFinding[]): Rule {
  return { meta: { id, name: `test-${id}`, title: 'test rule', severity: 'error', threats: ['T5'], kind, summary: '', docs: '', fixes: [] }, check };
}

/** Reports every occurrence of MARKER in text files. */
const markerRule = rule('KW101', 'key', (file) => {
  const text = file.text ?? '';
  const found: RawFinding[] = [];
  for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + 1))
    found.push({ ruleId: 'KW101', range: { start: i, end: i + MARKER.length }, message: 'marker', carrier: 'text', identity: `at-${i}` });
  return found;
});

/** Reports binary files whose head starts with BINARY_MAGIC; records how many head bytes it saw. */
const headSizes = new Map<string, number>();
const binaryRule = rule('KW108', 'key', (file) => {
  headSizes.set(file.path, file.head.length);
  if (file.text !== undefined) return [];
  return Buffer.from(file.head.subarray(0, BINARY_MAGIC.length)).toString('latin1') === BINARY_MAGIC
    ? [{ ruleId: 'KW108', range: { start: 0, end: 0 }, message: 'binary key container', carrier: 'binary', identity: 'bin' }]
    : [];
});

const RULES = [markerRule, binaryRule];

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
assert.ok(REAL_GIT, 'git must be installed for these tests');

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-scan-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync(REAL_GIT, ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A repository: a committed key, an untracked one, an ignored one, and an ignored-but-committed one. */
function makeRepo(): string {
  const root = makeTree({
    '.gitignore': 'ignored/\n',
    'committed.yaml': `key: ${MARKER}\n`,
    'untracked.txt': `${MARKER}\n`,
    'ignored/untracked.pem': `${MARKER}\n`,
    'ignored/committed.pem': `${MARKER}\n`,
    'clean.txt': 'nothing here\n',
  });
  git(root, 'init', '-q');
  git(root, 'add', '.gitignore', 'committed.yaml', 'clean.txt');
  git(root, 'add', '-f', 'ignored/committed.pem');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

describe('scanWorkspace', () => {
  test('trusted: git state sets committed and severity; ignored-but-committed files are still scanned', async () => {
    const root = makeRepo();
    const result = await scanWorkspace({ root, trusted: true, rules: RULES });
    assert.equal(result.cancelled, false);
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.committed, f.severity, f.startPosition.line]),
      [
        ['committed.yaml', true, 'error', 0],
        ['ignored/committed.pem', true, 'error', 0],
        ['untracked.txt', false, 'warning', 0],
      ],
    );
    assert.equal(result.filesScanned, 5);
    assert.deepEqual(result.skipped, []);
  });

  test('untrusted: never starts git (a spy git on PATH proves it), committed state unknown', async () => {
    const root = makeRepo();
    const bin = makeTree({});
    const marker = path.join(bin, 'git-was-called');
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${marker}"\nexec "${REAL_GIT}" "$@"\n`);
    chmodSync(path.join(bin, 'git'), 0o755);
    const savedPath = process.env['PATH'];
    process.env['PATH'] = `${bin}${path.delimiter}${savedPath ?? ''}`;
    try {
      const untrusted = await scanWorkspace({ root, trusted: false, rules: RULES });
      assert.equal(existsSync(marker), false, 'no git process in an untrusted workspace');
      assert.deepEqual(
        untrusted.findings.map((f) => [f.path, f.committed, f.severity]),
        [
          ['committed.yaml', undefined, 'error'],
          ['untracked.txt', undefined, 'error'],
        ],
      );
      const trusted = await scanWorkspace({ root, trusted: true, rules: RULES });
      assert.equal(existsSync(marker), true, 'the spy does see git when trusted');
      assert.equal(trusted.findings.length, 3);
    } finally {
      process.env['PATH'] = savedPath;
    }
  });

  test('binaries: skipped as binary unless a binary rule recognises them; containers over the cap get their head', async () => {
    headSizes.clear();
    const big = Buffer.alloc(300 * 1024, 0);
    Buffer.from(BINARY_MAGIC, 'latin1').copy(big);
    const root = makeTree({
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'hidden.bin': Buffer.concat([Buffer.from(`${MARKER}\0`), Buffer.alloc(10)]),
      'store.p12': Buffer.concat([Buffer.from(`${BINARY_MAGIC}\0`), Buffer.alloc(100)]),
      'huge.jks': big,
      'huge.dat': big,
      'text.txt': `${MARKER}\n`,
    });
    const result = await scanWorkspace({ root, trusted: false, rules: RULES, maxFileSize: 100 * 1024 });
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.ruleId]),
      [
        ['huge.jks', 'KW108'],
        ['store.p12', 'KW108'],
        ['text.txt', 'KW101'],
      ],
    );
    assert.deepEqual(
      result.skipped.map((s) => [s.path, s.reason]),
      [
        ['hidden.bin', 'binary'],
        ['huge.dat', 'too-large'],
        ['image.png', 'binary'],
      ],
    );
    assert.equal(result.filesScanned, 3);
    assert.equal(headSizes.get('huge.jks'), HEAD_BYTES, 'an oversized container is read up to the head size only');
    assert.equal(headSizes.get('store.p12'), 106, 'a small file: all of it');
  });

  test('.keywardignore suppresses findings (untrusted: key findings are reported anyway, marked); entries without a reason are not applied', async () => {
    const root = makeTree({
      '.keywardignore': '# reviewed\nfixtures/** KW101 reason: generated test data\nkeep.txt KW101\n',
      'fixtures/a.txt': `${MARKER}\n`,
      'keep.txt': `${MARKER}\n`,
    });
    for (const trusted of [false, true]) {
      const logger = recordingLogger();
      const result = await scanWorkspace({ root, trusted, rules: RULES, logger });
      // Untrusted, the repository's own suppression must not hide a key finding: it is reported, marked.
      const reported = trusted ? ['keep.txt'] : ['fixtures/a.txt', 'keep.txt'];
      assert.deepEqual(
        result.findings.map((f) => f.path),
        reported,
        `trusted=${trusted}`,
      );
      assert.deepEqual(
        result.findings.map((f) => f.suppression?.reason),
        trusted ? [undefined] : ['generated test data', undefined],
      );
      assert.deepEqual(
        result.suppressed?.map((f) => f.path),
        trusted ? ['fixtures/a.txt'] : [],
        `trusted=${trusted}`,
      );
      assert.ok(
        logger.lines.some(
          (l) => l === 'warn: .keywardignore line 3: This entry has no reason, so it is not applied. Add "reason: <why this finding is safe>".',
        ),
        logger.lines.join('\n'),
      );
    }
    const loaded = await loadKeywardIgnore(root);
    assert.equal(loaded.entries.length, 1);
    assert.deepEqual(
      loaded.problems.map((p) => p.line),
      [2],
    );
  });

  test('paths, exclude and useGitignore pass through to discovery', async () => {
    const root = makeTree({ '.gitignore': '*.log\n', 'a/x.txt': MARKER, 'b/y.txt': MARKER, 'c/z.txt': MARKER, 'debug.log': MARKER });
    const subset = await scanWorkspace({ root, trusted: false, rules: RULES, paths: ['a', 'b'], exclude: ['b/**'] });
    assert.deepEqual(
      subset.findings.map((f) => f.path),
      ['a/x.txt'],
    );
    const all = await scanWorkspace({ root, trusted: false, rules: RULES, useGitignore: false });
    assert.deepEqual(
      all.findings.map((f) => f.path),
      ['a/x.txt', 'b/y.txt', 'c/z.txt', 'debug.log'],
    );
  });

  test('cancellation mid-scan returns the partial result', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`f${String(i).padStart(2, '0')}.txt`] = `${MARKER}\n`;
    const root = makeTree(files);
    const cancellation = { isCancellationRequested: false };
    let checked = 0;
    const cancellingRule = rule('KW101', 'key', (file) => {
      if (++checked === 5) cancellation.isCancellationRequested = true;
      return markerRule.check(file);
    });
    const result = await scanWorkspace({ root, trusted: false, rules: [cancellingRule], cancellation });
    assert.equal(result.cancelled, true);
    assert.ok(result.filesScanned >= 5 && result.filesScanned < 60, `scanned ${result.filesScanned}`);
    assert.equal(result.findings.length, result.filesScanned);
  });
});
