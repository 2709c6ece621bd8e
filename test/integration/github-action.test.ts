// The GitHub Action (action.yml, action/*.mjs) run the way the runner runs it: `node action/index.mjs` with
// GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT and INPUT_* (GitHub's names: upper case, hyphens kept) set, on a
// real git repository made at test time. KEYWARD_ACTION_CLI points the entry at a fresh local build of the CLI
// instead of `npx keyward@VERSION`, so nothing touches the network.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { parse as parseYamlUnguarded } from 'yaml'; // our own action.yml, not a scanned file
import { CODE_SCANNING_LIMITS } from '../../src/cli/sarif-limits';
import { RULES } from '../../src/engine/rules/registry';
import { assertNoSecretLeak, generatePemKey } from '../helpers/keys';
import { buildCliBundles, REPO_ROOT } from '../helpers/verify-cli-build';
import { cleanupRepos, TestRepo } from '../helpers/history-test-repo';

after(cleanupRepos);

const SIGNING_WORKFLOW =
  'on:\n  push:\n    branches: [main]\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cosign sign --key cosign.key ghcr.io/acme/app\n';

interface ActionRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly outputs: Record<string, string>;
  readonly runnerTemp: string;
}

function runAction(workspace: string, inputs: Record<string, string>): ActionRun {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'keyward-runner-temp-'));
  const outputFile = join(runnerTemp, 'github-output');
  writeFileSync(outputFile, '');
  // The runner sets every declared input, with its default when the workflow gives none.
  const declared = actionManifest().inputs as Record<string, { default: string }>;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    KEYWARD_ACTION_CLI: join(buildCliBundles(), 'cli.js'),
  };
  for (const [name, spec] of Object.entries(declared)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default;
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'action', 'index.mjs')], { cwd: workspace, encoding: 'utf8', env });
  return { status: run.status, stdout: run.stdout + run.stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), runnerTemp };
}

/** GITHUB_OUTPUT's `name<<DELIMITER` form, as the runner reads it. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const end = lines.indexOf(match[2] ?? '', i + 1);
    assert.ok(end > i, `output ${match[1]} has no closing delimiter`);
    outputs[match[1] ?? ''] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

function actionManifest(): Record<string, unknown> & {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
} {
  return parseYamlUnguarded(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8'));
}

function repositoryWithKey() {
  const key = generatePemKey('ec-pkcs8');
  const repo = new TestRepo();
  repo.commit('init', { 'README.md': '# app\n', 'deploy/signing.pem': key.text, '.github/workflows/release.yml': SIGNING_WORKFLOW });
  return { repo, key };
}

const sarifValidator = (() => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  return new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(schema);
})();

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help: { text: string; markdown: string };
  properties: { 'security-severity': string; tags: string[] };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }>;
  relatedLocations?: unknown[];
  properties: Record<string, unknown>;
}
interface SarifLog {
  runs: Array<{ tool: { driver: { rules: SarifRule[] } }; results: SarifResult[] }>;
}

function readSarif(file: string | undefined): SarifLog {
  return JSON.parse(readFileSync(file ?? '', 'utf8'));
}

/** What github/codeql-action/upload-sarif and code scanning need, and their documented hard limits. */
function assertCodeScanningReady(log: SarifLog): void {
  assert.equal(sarifValidator(log), true, JSON.stringify(sarifValidator.errors, null, 2));
  assert.ok(log.runs.length >= 1 && log.runs.length <= CODE_SCANNING_LIMITS.runsPerFile);
  for (const run of log.runs) {
    const rules = run.tool.driver.rules;
    assert.ok(rules.length <= CODE_SCANNING_LIMITS.rulesPerRun);
    assert.deepEqual(
      rules.map((rule) => rule.id),
      RULES.map((rule) => rule.meta.id),
    );
    for (const rule of rules) {
      assert.match(rule.name, /^[a-z0-9-]+$/);
      assert.ok(rule.shortDescription.text.length > 0, `${rule.id} shortDescription`);
      assert.ok(rule.help.text.length > 0 && rule.help.markdown.length > 0, `${rule.id} help`);
      const severity = Number(rule.properties['security-severity']);
      assert.ok(severity > 0 && severity <= 10, `${rule.id} security-severity`);
      assert.ok(rule.properties.tags.length <= 10, `${rule.id}: code scanning shows only 10 tags`);
    }
    const results = run.results;
    assert.ok(results.length <= CODE_SCANNING_LIMITS.resultsPerRun);
    for (const result of results) {
      assert.equal(rules[result.ruleIndex]?.id, result.ruleId);
      assert.match(result.partialFingerprints['keyward/v1'] ?? '', /^[0-9a-f]{16,}$/);
      assert.ok(result.locations.length + (result.relatedLocations?.length ?? 0) <= CODE_SCANNING_LIMITS.locationsPerResult);
      // Relative to the repository root, as code scanning resolves them against the checkout.
      assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uriBaseId, 'SRCROOT');
      assert.doesNotMatch(result.locations[0]?.physicalLocation.artifactLocation.uri ?? '', /^(?:file:|\/|\.\.)/);
    }
  }
}

describe('the GitHub Action entry (action/index.mjs)', () => {
  test('writes schema-valid SARIF within code scanning limits to RUNNER_TEMP and sets the outputs', () => {
    const { repo, key } = repositoryWithKey();
    const run = runAction(repo.root, { 'fail-on': 'none' });
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.outputs['sarif-file'], join(run.runnerTemp, 'keyward.sarif'));
    const log = readSarif(run.outputs['sarif-file']);
    assertCodeScanningReady(log);
    const results = log.runs[0]?.results ?? [];
    const found = results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]);
    assert.deepEqual(
      found.filter(([id]) => id === 'KW101'),
      [['KW101', 'deploy/signing.pem']],
    );
    assert.ok(
      found.some(([id, uri]) => id === 'KW201' && uri === '.github/workflows/release.yml'),
      JSON.stringify(found),
    );
    assert.equal(run.outputs['findings'], String(results.length));
    assertNoSecretLeak(run.stdout, key.text);
    assertNoSecretLeak(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8'), key.text);
  });

  test('fail-on: a finding at the level fails the step after the report is written; workflow commands are paused during the scan', () => {
    const { repo } = repositoryWithKey();
    const run = runAction(repo.root, { 'fail-on': 'error', 'sarif-file': 'reports/keyward.sarif' });
    assert.equal(run.status, 1, run.stdout);
    assert.equal(run.outputs['sarif-file'], join(repo.root, 'reports', 'keyward.sarif'));
    assertCodeScanningReady(readSarif(join(repo.root, 'reports', 'keyward.sarif')));
    assert.match(run.stdout, /^::error::Keyward found findings at or above "error"/m);
    const token = /^::stop-commands::(\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(token, 'the scan output runs with workflow commands stopped');
    assert.ok(run.stdout.indexOf(`::${token}::`) > run.stdout.indexOf(`::stop-commands::${token}`));
  });

  test('baseline: findings recorded in the baseline neither fail the step nor appear in the report', () => {
    const { repo } = repositoryWithKey();
    const record = spawnSync(process.execPath, [join(buildCliBundles(), 'cli.js'), 'scan', '--write-baseline', '.keyward-baseline.json', '--fail-on', 'none'], {
      cwd: repo.root,
      encoding: 'utf8',
    });
    assert.equal(record.status, 0, record.stderr);
    const run = runAction(repo.root, { 'fail-on': 'information', baseline: '.keyward-baseline.json' });
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.outputs['findings'], '0');
    assertCodeScanningReady(readSarif(run.outputs['sarif-file']));
  });

  test('history: a key deleted from the working tree is still reported from the commit that added it', () => {
    const key = generatePemKey('ed25519-pkcs8');
    const repo = new TestRepo();
    const added = repo.commit('add key', { 'README.md': '# app\n', 'old/signing.pem': key.text });
    repo.git('rm', '-q', 'old/signing.pem');
    repo.commit('remove key');
    assert.equal(runAction(repo.root, { 'fail-on': 'error' }).status, 0, 'the working tree is clean');
    const run = runAction(repo.root, { 'fail-on': 'error', history: 'true' });
    assert.equal(run.status, 1, run.stdout);
    const log = readSarif(run.outputs['sarif-file']);
    assertCodeScanningReady(log);
    const result = log.runs[0]?.results.find((r) => r.ruleId === 'KW101');
    assert.equal(result?.properties['commit'], added);
    assert.equal(result?.properties['presentAtHead'], false);
  });

  test('a bad input fails the step with an error annotation and runs no scan', () => {
    const { repo } = repositoryWithKey();
    for (const [name, value] of [
      ['fail-on', 'critical'],
      ['history', 'yes'],
      ['version', 'latest'],
    ] as const) {
      const run = runAction(repo.root, { [name]: value });
      assert.equal(run.status, 1, `${name}: ${run.stdout}`);
      assert.match(run.stdout, new RegExp(`^::error::${name} must be`, 'm'));
      assert.doesNotMatch(run.stdout, /stop-commands/);
      assert.deepEqual(run.outputs, {});
    }
  });
});

describe('the action runs from a tag, with no build step', () => {
  test('action.yml: node24, an entry that exists, and exactly the inputs and outputs the entry reads and sets', () => {
    const manifest = actionManifest();
    assert.equal(manifest.runs.using, 'node24');
    const sources = ['index.mjs', 'inputs.mjs', 'command.mjs'].map((file) => readFileSync(join(REPO_ROOT, 'action', file), 'utf8')).join('\n');
    assert.equal(manifest.runs.main, 'action/index.mjs');
    const read = new Set([...sources.matchAll(/\binput\(env, '([\w-]+)'\)/g)].map((m) => m[1]));
    assert.deepEqual([...read].sort(), Object.keys(manifest.inputs).sort());
    const set = new Set([...sources.matchAll(/\bsetOutput\(env, '([\w-]+)'/g)].map((m) => m[1]));
    assert.deepEqual([...set].sort(), Object.keys(manifest.outputs).sort());
  });

  test('the entry imports only Node built-ins and its own files (nothing to install or build)', () => {
    for (const file of ['index.mjs', 'inputs.mjs', 'command.mjs']) {
      const source = readFileSync(join(REPO_ROOT, 'action', file), 'utf8');
      const specifiers = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1] ?? '');
      assert.ok(specifiers.length > 0, file);
      for (const specifier of specifiers) assert.match(specifier, /^(?:node:[a-z_/]+|\.\/[a-z-]+\.mjs)$/, `${file} imports ${specifier}`);
      assert.doesNotMatch(source, /\brequire\(|import\(/, file);
    }
  });

  test('without an override it runs the published package of the action version through npx, with the Node running the action', async () => {
    const command = await import(pathToFileURL(join(REPO_ROOT, 'action', 'command.mjs')).href);
    const prefix = mkdtempSync(join(tmpdir(), 'keyward-node-'));
    const npx = join(prefix, 'lib', 'node_modules', 'npm', 'bin', 'npx-cli.js');
    mkdirSync(join(prefix, 'lib', 'node_modules', 'npm', 'bin'), { recursive: true });
    mkdirSync(join(prefix, 'bin'));
    writeFileSync(npx, '');
    const node = join(prefix, 'bin', 'node');
    assert.deepEqual(command.keywardCommand({ PATH: '' }, '1.2.3', ['scan', '.'], node), [
      node,
      [npx, '--yes', '--package=keyward@1.2.3', '--', 'keyward', 'scan', '.'],
    ]);
    // setup-node's Node on PATH, when the action's own Node has no npm beside it.
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'keyward-bare-')), 'node');
    assert.deepEqual(command.keywardCommand({ PATH: join(prefix, 'bin') }, '1.2.3', ['scan'], elsewhere)[1][0], npx);
    assert.throws(() => command.keywardCommand({ PATH: '' }, '1.2.3', ['scan'], elsewhere), /npm was not found/);
    assert.deepEqual(command.keywardCommand({ KEYWARD_ACTION_CLI: '/opt/keyward/cli.js' }, '1.2.3', ['scan'], node), [node, ['/opt/keyward/cli.js', 'scan']]);
  });

  test('the default version is the version of this repository (the tag the workflow uses)', () => {
    const { repo } = repositoryWithKey();
    const run = runAction(repo.root, { 'fail-on': 'none' });
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.match(run.stdout, new RegExp(`^keyward ${version.replace(/\./g, '\\.')}: `, 'm'));
  });
});
