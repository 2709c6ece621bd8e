// Entry point of the Keyward GitHub Action (action.yml). Node built-ins only: a tag of this repository runs as
// is, with no build step and no committed bundle. It runs `keyward scan` from the published npm package of the
// action's own version (npx, which downloads it from the npm registry), writes SARIF for
// github/codeql-action/upload-sarif and sets the outputs. KEYWARD_ACTION_CLI=/path/to/cli.js runs a local
// build instead (the unit test, or a runner without registry access that ships its own copy).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keywardCommand } from './command.mjs';
import { InputError, readInputs, scanArguments } from './inputs.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function main(env) {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const tempDir = env.RUNNER_TEMP || workspace;
  const { version: defaultVersion } = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
  const inputs = readInputs(env, { defaultVersion, workspace, tempDir });
  mkdirSync(dirname(inputs.sarifFile), { recursive: true });
  const [command, args] = keywardCommand(env, inputs.version, scanArguments(inputs, workspace), process.execPath);
  console.log(`keyward ${inputs.version}: ${[command, ...args].join(' ')}`);
  // The scanned repository names the files in the log: stop the runner from reading any line of the
  // scan's output as a workflow command (::set-output, ::add-mask, …) until the scan has ended.
  const token = randomUUID();
  console.log(`::stop-commands::${token}`);
  const run = spawnSync(command, args, {
    cwd: workspace,
    stdio: 'inherit',
    env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_ignore_scripts: 'true' },
  });
  console.log(`::${token}::`);
  const status = run.status ?? 2;
  if (status === 0 || status === 1) {
    setOutput(env, 'sarif-file', inputs.sarifFile);
    setOutput(env, 'findings', String(openFindings(inputs.sarifFile)));
  }
  if (status === 1)
    return fail(`Keyward found findings at or above "${inputs.failOn}" (report: ${inputs.sarifFile}; upload it in a step with if: \${{ !cancelled() }})`);
  if (status !== 0) return fail(`keyward scan failed (exit code ${run.status ?? run.signal ?? run.error?.message}): see the log above`);
  return 0;
}

/** Results code scanning will show as open alerts (suppressed findings are kept in the report as dismissed). */
function openFindings(sarifFile) {
  const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
  return log.runs.reduce((count, run) => count + run.results.filter((result) => !result.suppressions?.length).length, 0);
}

/** GITHUB_OUTPUT in the multi-line form, with a delimiter no value can contain. */
function setOutput(env, name, value) {
  if (!env.GITHUB_OUTPUT) return;
  const fence = `ghadelimiter_${randomUUID()}`;
  appendFileSync(env.GITHUB_OUTPUT, `${name}<<${fence}\n${value}\n${fence}\n`);
}

function fail(message) {
  console.log(`::error::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  return 1;
}

try {
  process.exitCode = main(process.env);
} catch (error) {
  process.exitCode = fail(error instanceof InputError ? error.message : `internal error: ${error?.stack ?? error}`);
}
