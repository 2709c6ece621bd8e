import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Logger, ScanResult } from '../../../../src/engine/types';
import { scanFile } from '../../../../src/engine/scan/scanner';
import { TextScanWorker } from '../../../../src/engine/scan/text-scan-worker';
import { CHUNK_FILES, IN_FLIGHT, WorkerPool, workerScript } from '../../../../src/engine/scan/worker-pool';
import { PARALLEL_MIN_FILES } from '../../../../src/engine/scan/workspace-read';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import { generatePemKey } from '../../../helpers/keys';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const PAST = new Date(Date.now() - 3600_000);
const DIGEST = `sha256:${'b'.repeat(64)}`;

/** A workspace of `noise` plain files, a few planted problems, and a binary, all modified an hour ago. */
function makeWorkspace(noise: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-workers-'));
  made.push(root);
  const files: Record<string, string | Buffer> = {
    'keys/signing.pem': generatePemKey('ec-pkcs8').text,
    'deploy/sign.sh': `#!/bin/sh\nexport COSIGN_PASSWORD=hunter2\ncosign sign --key cosign.key ghcr.io/acme/app@${DIGEST}\n`,
    'deploy/verify.sh': `cosign verify --certificate-identity-regexp '.*' --certificate-oidc-issuer https://token.actions.githubusercontent.com ghcr.io/acme/app@${DIGEST}\n`,
    'assets/logo.bin': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
    'scripts/build.sh': '#!/bin/sh\necho building the release artifacts now\n',
  };
  for (let i = 0; i < noise; i++) files[`src/m${Math.floor(i / 100)}/file${i}.js`] = `export const value${i} = ${i};\n// ${'x'.repeat(i % 50)}\n`;
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    utimesSync(absolute, PAST, PAST);
  }
  return root;
}

/** A cache file next to (not inside) the workspace, removed after the tests. */
function cacheFileBeside(root: string): string {
  const cacheFile = path.join(root, '..', `${path.basename(root)}-cache.json`);
  made.push(cacheFile);
  return cacheFile;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** The result as it survives a JSON round trip (the cache stores findings as JSON), without the cache count. */
function plain(result: ScanResult): unknown {
  return JSON.parse(JSON.stringify({ findings: result.findings, skipped: result.skipped, filesScanned: result.filesScanned, cancelled: result.cancelled }));
}

describe('worker threads', () => {
  test('a scan on worker threads reports exactly what a scan in this thread reports', async () => {
    const root = makeWorkspace(900);
    const serial = await scanWorkspace({ root, trusted: false, jobs: 1 });
    const logger = recordingLogger();
    const parallel = await scanWorkspace({ root, trusted: false, jobs: 3, logger });
    assert.ok(
      logger.lines.some((line) => /on 3 worker threads/.test(line)),
      'the workers were used',
    );
    assert.deepEqual(parallel, serial);
    assert.deepEqual(new Set(serial.findings.map((f) => f.ruleId)), new Set(['KW101', 'KW201', 'KW203', 'KW303']));
    assert.equal(serial.filesScanned, 904);
    assert.deepEqual(
      serial.skipped.map((s) => [s.path, s.reason]),
      [['assets/logo.bin', 'binary']],
    );
  });

  test('offMainThread (the editor) scans even a five-file workspace on a worker thread, jobs 1 included, with the same result', async () => {
    const root = makeWorkspace(0);
    const serial = await scanWorkspace({ root, trusted: false, jobs: 1 });
    for (const jobs of [1, 'auto'] as const) {
      const logger = recordingLogger();
      const offThread = await scanWorkspace({ root, trusted: false, jobs, offMainThread: true, logger });
      assert.ok(
        logger.lines.some((line) => /reading files on \d+ worker threads/.test(line)),
        `the workers were used (jobs ${jobs})`,
      );
      assert.deepEqual(offThread, serial);
    }
    // Without the option, a small scan stays in this thread (the CLI's behaviour).
    const logger = recordingLogger();
    await scanWorkspace({ root, trusted: false, logger });
    assert.ok(!logger.lines.some((line) => /worker threads/.test(line)));
  });

  test('onFindings hands over every finding as its file is scanned: in this thread, on workers, from the cache', async () => {
    const root = makeWorkspace(300);
    const cacheFile = cacheFileBeside(root);
    for (const options of [{ jobs: 1 }, { jobs: 2 }, { cacheFile }, { cacheFile }]) {
      const reported: string[] = [];
      const result = await scanWorkspace({ root, trusted: false, ...options, onFindings: (findings) => reported.push(...findings.map((f) => f.fingerprint)) });
      assert.ok(result.findings.length > 0);
      assert.deepEqual(reported.sort(), result.findings.map((f) => f.fingerprint).sort(), JSON.stringify(options));
    }
  });

  test('a cancelled parallel scan stops handing out files and says so', async () => {
    const root = makeWorkspace(1500);
    const result = await scanWorkspace({ root, trusted: false, jobs: 2, cancellation: { isCancellationRequested: true } });
    assert.equal(result.cancelled, true);
    assert.ok(result.filesScanned < 1505);
  });
});

describe('incremental scan cache', () => {
  test('a re-scan of an unchanged workspace comes from the cache and reports the same', async () => {
    const root = makeWorkspace(50);
    const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'keyward-cache-')), 'nested', 'scan-cache.json');
    made.push(path.dirname(path.dirname(cacheFile)));
    const first = await scanWorkspace({ root, trusted: false, cacheFile });
    const written = statSync(cacheFile).mtimeMs;
    const logger = recordingLogger();
    const second = await scanWorkspace({ root, trusted: false, cacheFile, logger });
    assert.equal(statSync(cacheFile).mtimeMs, written, 'nothing changed: the cache file is not rewritten');
    assert.ok(logger.lines.includes('info: scan cache: 55 of 55 files unchanged'), logger.lines.join('\n'));
    assert.equal(first.fromCache, 0);
    assert.equal(second.fromCache, 54, 'every scanned file (the binary is skipped, from the cache too, and not counted)');
    assert.deepEqual(plain(second), plain(first));
  });

  test('size and mtime decide: same-size content under the old mtime is trusted, a new mtime is re-read', async () => {
    const root = makeWorkspace(20);
    const cacheFile = cacheFileBeside(root);
    const first = await scanWorkspace({ root, trusted: false, cacheFile });
    const target = path.join(root, 'scripts/build.sh');
    const size = statSync(target).size;
    const planted = 'cosign generate-key-pair\n';
    writeFileSync(target, planted + ' '.repeat(size - planted.length));
    utimesSync(target, PAST, PAST);
    assert.deepEqual(plain(await scanWorkspace({ root, trusted: false, cacheFile })), plain(first), 'unchanged size and mtime: not read again');
    const later = new Date(PAST.getTime() + 1000);
    utimesSync(target, later, later);
    const third = await scanWorkspace({ root, trusted: false, cacheFile });
    assert.ok(
      third.findings.some((f) => f.ruleId === 'KW202' && f.path === 'scripts/build.sh'),
      'a new mtime: read and scanned',
    );
  });

  test('a touched file with findings keeps them; an edited one is re-scanned', async () => {
    const root = makeWorkspace(5);
    const cacheFile = cacheFileBeside(root);
    const first = await scanWorkspace({ root, trusted: false, cacheFile });
    const script = path.join(root, 'deploy/sign.sh');
    const touched = new Date(PAST.getTime() + 5000);
    utimesSync(script, touched, touched);
    assert.deepEqual(plain(await scanWorkspace({ root, trusted: false, cacheFile })), plain(first));
    writeFileSync(script, `cosign sign ghcr.io/acme/app@${DIGEST}\n`);
    utimesSync(script, PAST, PAST);
    const edited = await scanWorkspace({ root, trusted: false, cacheFile });
    assert.ok(!edited.findings.some((f) => f.path === 'deploy/sign.sh'), 'the key-based signing is gone');
  });

  test('other settings, a changed .keywardignore or a corrupt cache mean a full scan', async () => {
    const root = makeWorkspace(5);
    const cacheFile = cacheFileBeside(root);
    const first = await scanWorkspace({ root, trusted: false, cacheFile });
    const logger = recordingLogger();
    await scanWorkspace({ root, trusted: false, cacheFile, maxFileSize: 1000, logger });
    assert.ok(logger.lines.some((line) => line.includes('settings, rules or version changed')));
    writeFileSync(path.join(root, '.keywardignore'), 'deploy/** KW303 reason: regexp reviewed\n');
    const ignored = await scanWorkspace({ root, trusted: false, cacheFile });
    assert.ok(!ignored.findings.some((f) => f.ruleId === 'KW303'));
    rmSync(path.join(root, '.keywardignore'));
    writeFileSync(cacheFile, '{ not json');
    const corrupt = recordingLogger();
    const recovered = await scanWorkspace({ root, trusted: false, cacheFile, logger: corrupt });
    assert.ok(corrupt.lines.some((line) => line.startsWith('warn: scan cache') && line.includes('unreadable')));
    assert.deepEqual(plain(recovered), plain(first));
  });

  test('files modified just now are not cached (an edit within the same mtime tick would go unseen)', async () => {
    const root = makeWorkspace(3);
    writeFileSync(path.join(root, 'fresh.sh'), 'echo hi\n');
    const cacheFile = cacheFileBeside(root);
    await scanWorkspace({ root, trusted: false, cacheFile });
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { files: Record<string, unknown> };
    assert.ok('src/m0/file1.js' in cached.files);
    assert.ok(!('fresh.sh' in cached.files));
  });
});

describe('document checks on a worker thread', () => {
  test('each document gets exactly the findings scanFile gives in this thread, with several checks in flight', async () => {
    const key = generatePemKey('rsa-pkcs8').text;
    const inputs = [
      {
        path: '.github/workflows/release.yml',
        text: `on: push\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    env:\n      COSIGN_PASSWORD: hunter2\n    steps:\n      - run: cosign sign --key cosign.key img@${DIGEST}\n`,
        committed: true,
      },
      { path: 'deploy/key.pem', text: key, committed: false },
      { path: 'src/plain.ts', text: 'export const answer = 42;\n', committed: true },
    ];
    const worker = new TextScanWorker(recordingLogger());
    try {
      const results = await Promise.all(inputs.map((input) => worker.scan(input)));
      results.forEach((findings, index) => assert.deepEqual(findings, scanFile(inputs[index]!)));
      assert.ok(results[0]!.some((f) => f.ruleId === 'KW203') && results[1]!.some((f) => f.ruleId === 'KW101') && results[2]!.length === 0);
    } finally {
      worker.dispose();
    }
    // Disposed: checks still answer, in this thread.
    assert.deepEqual(await worker.scan(inputs[1]!), scanFile(inputs[1]!));
  });
});

describe('failing workers', () => {
  function brokenScript(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'keyward-broken-'));
    made.push(dir);
    const script = path.join(dir, 'broken-worker.js');
    writeFileSync(script, "throw new Error('this worker cannot start');\n");
    return script;
  }

  test('a chunk this thread takes from the pool is not scanned by a worker; every other file is, once', async () => {
    const outcomes: string[] = [];
    const pool = new WorkerPool({
      workers: 1,
      script: workerScript()!,
      settings: { maxFileSize: 1000, keywardIgnore: [], workspace: {} },
      logger: recordingLogger(),
      onOutcome: (file, outcome) => outcomes.push(`${file} ${outcome.kind}`),
    });
    // The chunks in flight go to the worker at once; the next full one and a filling one wait.
    const total = (IN_FLIGHT + 2) * CHUNK_FILES - 24;
    for (let i = 0; i < total; i++) pool.push({ path: `f${i}.txt`, absolutePath: `/nonexistent/f${i}.txt`, committed: undefined });
    const taken = pool.take();
    // Finished whatever the assertions say: a worker left running would keep the test process alive.
    const run = await pool.finish();
    assert.equal(taken?.length, CHUNK_FILES);
    assert.equal(taken[0]!.path, `f${IN_FLIGHT * CHUNK_FILES}.txt`);
    assert.equal(run.cancelled, false);
    const takenPaths = new Set(taken.map((task) => task.path));
    assert.equal(outcomes.length, total - CHUNK_FILES);
    assert.equal(new Set(outcomes).size, outcomes.length);
    assert.ok(outcomes.every((line) => !takenPaths.has(line.split(' ')[0]!) && line.endsWith(' skipped')));
    assert.equal(pool.take(), undefined);
  });

  test("'auto' on a large workspace: workers and this thread together report what this thread alone reports", async () => {
    const root = makeWorkspace(PARALLEL_MIN_FILES + 300);
    const serial = await scanWorkspace({ root, trusted: false, jobs: 1 });
    const logger = recordingLogger();
    const auto = await scanWorkspace({ root, trusted: false, logger });
    assert.deepEqual(plain(auto), plain(serial));
    assert.ok(serial.findings.length >= 3 && serial.filesScanned > PARALLEL_MIN_FILES);
    if (availableParallelism() > 1) {
      // One worker fewer than cores: this thread is the last one.
      assert.ok(
        logger.lines.includes(`debug: scan: reading files on ${Math.min(availableParallelism(), 8) - 1} worker threads while discovery continues`),
        logger.lines.join('\n'),
      );
      assert.ok(logger.lines.some((line) => /^debug: scan: \d+ files scanned in this thread alongside the workers$/.test(line)));
    }
  });

  test('a pool whose workers die finishes without outcomes for their files, and says so', async () => {
    const logger = recordingLogger();
    const outcomes: string[] = [];
    const pool = new WorkerPool({
      workers: 2,
      script: brokenScript(),
      settings: { maxFileSize: 1000, keywardIgnore: [], workspace: {} },
      logger,
      onOutcome: (file) => outcomes.push(file),
    });
    for (let i = 0; i < 600; i++) pool.push({ path: `f${i}.txt`, absolutePath: `/nonexistent/f${i}.txt`, committed: undefined });
    const run = await pool.finish();
    assert.equal(run.cancelled, false);
    assert.equal(outcomes.length, 0);
    assert.ok(logger.lines.some((line) => line.startsWith('warn: scan worker failed')));
  });

  test('document checks fall back to this thread when the worker dies', async () => {
    const logger = recordingLogger();
    const worker = new TextScanWorker(logger, brokenScript());
    const input = { path: 'keys/a.pem', text: generatePemKey('ec-sec1').text, committed: true };
    try {
      assert.deepEqual(await worker.scan(input), scanFile(input));
      assert.deepEqual(await worker.scan(input), scanFile(input));
      assert.ok(logger.lines.some((line) => line.startsWith('warn: document check worker failed')));
    } finally {
      worker.dispose();
    }
  });
});
