// Environment variables the driver sets on the code-server process. The extension host inherits them,
// which is how the in-host runner learns its scenario and where to write results (the browser console
// channel is noisy and unformatted; a file is not).
export const ENV = {
  /** Name of the scenario (support/scenarios.ts) this server run is for. */
  scenario: 'KEYWARD_E2E_SCENARIO',
  /** Absolute path of the JSON results file the in-host runner writes (see results.ts). */
  results: 'KEYWARD_E2E_RESULTS',
  /** Absolute path of the marker file written by the workspace's core.fsmonitor trap. */
  gitMarker: 'KEYWARD_E2E_GIT_MARKER',
  /** Absolute path of the log the `git` wrapper on PATH appends one line to per git call. */
  gitLog: 'KEYWARD_E2E_GIT_LOG',
  /** Editor benchmark (bench/editor.mjs): JSON file listing the workspace-relative paths of the planted keys. */
  benchPlanted: 'KEYWARD_BENCH_PLANTED',
  /** Editor benchmark: where the in-host suite writes what it measured (JSON). */
  benchOut: 'KEYWARD_BENCH_OUT',
  /** Editor benchmark: how long to wait for every planted key, in seconds. */
  benchTimeout: 'KEYWARD_BENCH_TIMEOUT',
} as const;

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through scripts/e2e/run.mjs`);
  return value;
}
