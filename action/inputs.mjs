// The action's inputs, read as GitHub passes them (INPUT_<NAME>: the name upper-cased, spaces turned into
// underscores, hyphens kept), checked, and turned into `keyward scan` arguments. Pure: no process, no I/O.
import { isAbsolute, resolve } from 'node:path';

const FAIL_ON = ['error', 'warning', 'information', 'hint', 'none'];
/** An exact npm version (what `npx keyward@VERSION` installs); no ranges or tags, so a run is reproducible. */
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export class InputError extends Error {}

/** The value of input `name` as the runner sets it, trimmed like @actions/core's getInput. */
export function input(env, name) {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Validated inputs. `defaultVersion` is the version of this action (package.json at the tag),
 * `workspace` is GITHUB_WORKSPACE, `tempDir` RUNNER_TEMP.
 */
export function readInputs(env, { defaultVersion, workspace, tempDir }) {
  const failOn = input(env, 'fail-on') || 'error';
  if (!FAIL_ON.includes(failOn)) throw new InputError(`fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);
  const history = input(env, 'history') || 'false';
  if (history !== 'true' && history !== 'false') throw new InputError(`history must be true or false (got "${history}")`);
  const version = input(env, 'version') || defaultVersion;
  if (!VERSION.test(version)) throw new InputError(`version must be an exact version such as 0.1.0 (got "${version}")`);
  const baseline = input(env, 'baseline');
  const sarifFile = input(env, 'sarif-file');
  return {
    failOn,
    history: history === 'true',
    version,
    scanPath: resolve(workspace, input(env, 'path') || '.'),
    baseline: baseline === '' ? undefined : resolve(workspace, baseline),
    // Outside the checkout by default: a report inside it would be scanned or committed by later steps.
    sarifFile: sarifFile === '' ? resolve(tempDir, 'keyward.sarif') : isAbsolute(sarifFile) ? sarifFile : resolve(workspace, sarifFile),
  };
}

/** `keyward scan` arguments: SARIF to the report file, paths relative to the workspace, the exit code from fail-on. */
export function scanArguments(inputs, workspace) {
  return [
    'scan',
    inputs.scanPath,
    '--root',
    workspace,
    '--format',
    'sarif',
    '--output',
    inputs.sarifFile,
    '--fail-on',
    inputs.failOn,
    ...(inputs.baseline === undefined ? [] : ['--baseline', inputs.baseline]),
    ...(inputs.history ? ['--history'] : []),
  ];
}
