/**
 * Hostile repository that silences its own committed keys: a `.keywardignore` entry and an inline
 * `keyward-ignore` comment each suppress a freshly generated, committed private key, and an inline comment
 * suppresses a configuration finding. Trusted scans honour the suppressions but report them (text summary,
 * JSON `suppressed`, SARIF `suppressions`); untrusted scans (`--untrusted`) do not let the repository hide
 * its keys: they are reported, marked, and counted by --fail-on. Configuration suppressions still apply there.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { parseCliArgs, type ScanArgs } from '../../../../src/cli/args';
import { runScan } from '../../../../src/cli/scan-command';
import { ruleById } from '../../../../src/engine/rules/registry';
import { TextScanWorker } from '../../../../src/engine/scan/text-scan-worker';
import { applyFileSuppressions } from '../../../../src/engine/findings/suppress';
import { silentLogger } from '../../../../src/engine/types';
import { loadKeywardIgnore, scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import { assertNoSecretLeak, generatePemKey } from '../../../helpers/keys';

const gitAvailable = spawnSync('git', ['--version']).status === 0;
const DIGEST = `sha256:${'a'.repeat(64)}`;

let dir: string;
let repo: string;
const keys: string[] = [];

function git(...args: string[]): void {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(run.status, 0, run.stderr);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-suppress-'));
  repo = join(dir, 'repo');
  mkdirSync(join(repo, 'keys'), { recursive: true });
  mkdirSync(join(repo, 'notes'));
  mkdirSync(join(repo, 'vendor'));
  const fileKey = generatePemKey('ec-pkcs8').text;
  const inlineKey = generatePemKey('rsa-pkcs8').text;
  const vendorKey = generatePemKey('ec-sec1').text;
  keys.push(fileKey, inlineKey, vendorKey);
  writeFileSync(join(repo, 'keys', 'deploy.pem'), fileKey);
  writeFileSync(join(repo, 'notes', 'setup.txt'), `# keyward-ignore KW101 reason: only a test key, trust me\n${inlineKey}`);
  writeFileSync(
    join(repo, 'release.sh'),
    `#!/bin/sh\n# keyward-ignore KW201 reason: legacy pipeline, migrating next quarter\ncosign sign --key cosign.key "img@${DIGEST}"\n`,
  );
  writeFileSync(join(repo, 'vendor', 'thirdparty.pem'), vendorKey);
  writeFileSync(join(repo, '.keywardignore'), '# reviewed\nkeys/deploy.pem KW101 reason: demo key for the tutorial\n');
  if (gitAvailable) {
    git('init', '-q');
    git('config', 'user.email', 'a@example.invalid');
    git('config', 'user.name', 'a');
    git('add', '.');
    git('commit', '-q', '-m', 'keys');
  }
  // Old enough for the scan cache to keep them (it skips files modified in the last seconds).
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of ['keys/deploy.pem', 'notes/setup.txt', 'release.sh', 'vendor/thirdparty.pem', '.keywardignore'])
    utimesSync(join(repo, file), hourAgo, hourAgo);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `keyward scan` in this process, the report written to a file; returns the exit code and the report. */
async function scan(...extra: string[]): Promise<{ code: number; output: string }> {
  const output = join(dir, `report-${Math.random().toString(36).slice(2)}`);
  const args = parseCliArgs(['scan', repo, '--output', output, '--exclude', 'vendor/**', ...extra]) as ScanArgs;
  const code = await runScan(args, { cwd: dir, stdoutIsTTY: false });
  const text = readFileSync(output, 'utf8');
  for (const key of keys) assertNoSecretLeak(text, key);
  return { code, output: text };
}

interface JsonReport {
  summary: {
    findings: number;
    suppressed: number;
    suppressedBySource: { keywardignore: number; inline: number };
    suppressionsNotHonoured: number;
    excludedPaths: number;
  };
  findings: { ruleId: string; path: string; suppression?: { source: string; reason: string; honoured: boolean } }[];
  suppressed: { ruleId: string; path: string; line: number; reason: string; source: string }[];
}

describe('trusted scan of a repository that suppresses its own keys', { skip: gitAvailable ? false : 'git is not installed' }, () => {
  test('JSON lists every suppressed finding with its source and reason; --fail-on does not count them', async () => {
    const { code, output } = await scan('--format', 'json');
    const json = JSON.parse(output) as JsonReport;
    assert.equal(code, 0, 'only suppressed findings: exit 0');
    assert.deepEqual(json.findings, []);
    assert.equal(json.summary.suppressed, 3);
    assert.deepEqual(json.summary.suppressedBySource, { keywardignore: 1, inline: 2 });
    const byPath = Object.fromEntries(json.suppressed.map((s) => [s.path, s]));
    assert.deepEqual(byPath['keys/deploy.pem'], {
      ...byPath['keys/deploy.pem'],
      ruleId: 'KW101',
      source: 'keywardignore',
      reason: 'demo key for the tutorial',
      line: 1,
    });
    assert.deepEqual(byPath['notes/setup.txt'], {
      ...byPath['notes/setup.txt'],
      ruleId: 'KW101',
      source: 'inline',
      reason: 'only a test key, trust me',
      line: 2,
    });
    assert.equal(byPath['release.sh']?.ruleId, 'KW201');
    assert.equal(json.summary.excludedPaths, 1, 'vendor/ left out by --exclude is counted');
  });

  test('text summary counts the suppressions by source and names each', async () => {
    const { code, output } = await scan('--format', 'text', '--fail-on', 'hint');
    assert.equal(code, 0);
    assert.match(output, /3 findings suppressed \(\.keywardignore: 1, inline: 2\)/);
    assert.match(output, /keys\/deploy\.pem:1 KW101 \.keywardignore line 2: "demo key for the tutorial"/);
    assert.match(output, /notes\/setup\.txt:2 KW101 inline comment line 1: "only a test key, trust me"/);
    assert.match(output, /1 path excluded by exclude globs/);
  });

  test('SARIF keeps suppressed findings as results with accepted suppressions, and validates', async () => {
    const { output } = await scan('--format', 'sarif');
    const log = JSON.parse(output);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
    const validate = ajv.compile(JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')));
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      suppressions?: unknown[];
    }[];
    const at = (uri: string) => results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === uri);
    assert.equal(results.length, 3);
    assert.deepEqual(at('keys/deploy.pem')?.suppressions, [{ kind: 'external', justification: 'demo key for the tutorial', status: 'accepted' }]);
    assert.deepEqual(at('notes/setup.txt')?.suppressions, [{ kind: 'inSource', justification: 'only a test key, trust me', status: 'accepted' }]);
    assert.equal((at('release.sh')?.suppressions as { kind: string }[] | undefined)?.[0]?.kind, 'inSource');
  });
});

describe('untrusted scan (--untrusted) of the same repository', { skip: gitAvailable ? false : 'git is not installed' }, () => {
  test('key suppressions are not honoured: the keys are reported, marked, and fail the scan', async () => {
    const { code, output } = await scan('--untrusted', '--format', 'json');
    const json = JSON.parse(output) as JsonReport;
    assert.equal(code, 1, 'the repository cannot make its own committed keys pass --fail-on');
    assert.deepEqual(json.findings.map((f) => [f.path, f.ruleId, f.suppression?.source, f.suppression?.honoured]).sort(), [
      ['keys/deploy.pem', 'KW101', 'keywardignore', false],
      ['notes/setup.txt', 'KW101', 'inline', false],
    ]);
    assert.equal(json.summary.suppressionsNotHonoured, 2);
    // Configuration suppressions still apply in untrusted mode, and are counted.
    assert.deepEqual(
      json.suppressed.map((s) => [s.path, s.ruleId, s.source]),
      [['release.sh', 'KW201', 'inline']],
    );
    assert.equal(json.summary.suppressed, 1);
  });

  test('text marks each key finding as suppressed by the repository and not honoured', async () => {
    const { code, output } = await scan('--untrusted');
    assert.equal(code, 1);
    assert.match(
      output,
      /error +.*\[suppressed by the repository, not honoured in untrusted mode: \.keywardignore line 2: "demo key for the tutorial"\] +KW101/,
    );
    assert.match(output, /\[suppressed by the repository, not honoured in untrusted mode: inline comment line 1: "only a test key, trust me"\]/);
    assert.match(output, /2 findings suppressed by the repository, not honoured in untrusted mode \(reported above, and counted by --fail-on\)/);
    assert.match(output, /1 finding suppressed \(inline: 1\)/);
  });

  test('SARIF: the key results carry no suppressions (code scanning keeps them open), the reason is a property', async () => {
    const { output } = await scan('--untrusted', '--format', 'sarif');
    const results = JSON.parse(output).runs[0].results as {
      ruleId: string;
      suppressions?: unknown;
      properties: { repositorySuppression?: { honoured: boolean } };
    }[];
    const keys = results.filter((r) => r.ruleId === 'KW101');
    assert.equal(keys.length, 2);
    for (const result of keys) {
      assert.equal(result.suppressions, undefined);
      assert.equal(result.properties.repositorySuppression?.honoured, false);
    }
    assert.ok(results.some((r) => r.ruleId === 'KW201' && Array.isArray(r.suppressions)));
  });

  test('the engine: untrusted workspace scans keep suppressed keys in findings, with or without the cache', async () => {
    const cacheFile = join(dir, 'cache.json');
    for (const round of ['cold', 'warm']) {
      const result = await scanWorkspace({ root: repo, trusted: false, exclude: ['vendor/**'], cacheFile });
      assert.deepEqual(result.findings.map((f) => f.path).sort(), ['keys/deploy.pem', 'notes/setup.txt'], round);
      assert.deepEqual(
        result.suppressed?.map((f) => f.ruleId),
        ['KW201'],
        round,
      );
      if (round === 'warm') assert.equal(result.fromCache, result.filesScanned, 'the warm scan is answered by the cache');
    }
    // Worker threads apply the same rule.
    const parallel = await scanWorkspace({ root: repo, trusted: false, exclude: ['vendor/**'], jobs: 2 });
    assert.deepEqual(parallel.findings.map((f) => f.path).sort(), ['keys/deploy.pem', 'notes/setup.txt'], 'worker threads');
    // The same cache file, trusted: a different cache key, so the suppressions apply again.
    const trusted = await scanWorkspace({ root: repo, trusted: true, exclude: ['vendor/**'], cacheFile });
    assert.deepEqual(trusted.findings, []);
    assert.equal(trusted.suppressed?.length, 3);
  });

  test("editor document checks (worker thread, then the folder's .keywardignore) follow the same rule", async () => {
    const worker = new TextScanWorker(silentLogger);
    try {
      const { suppressions } = await loadKeywardIgnore(repo);
      const ruleKind = (id: string) => ruleById(id)?.meta.kind;
      for (const untrusted of [false, true]) {
        for (const path of ['keys/deploy.pem', 'notes/setup.txt']) {
          const scanned = await worker.scanReport({ path, text: readFileSync(join(repo, path), 'utf8'), committed: true }, { untrusted });
          const split = applyFileSuppressions(scanned, suppressions, { untrusted, ruleKind });
          assert.equal(split.findings.length, untrusted ? 1 : 0, `${path}, untrusted: ${untrusted}`);
          assert.equal(split.suppressed.length, untrusted ? 0 : 1, `${path}, untrusted: ${untrusted}`);
          if (untrusted) assert.ok(split.findings[0]?.suppression, 'the reported finding says it was suppressed');
        }
      }
    } finally {
      worker.dispose();
    }
  });
});
