/**
 * A fresh build of the real `cli.js` (and `cli-main.js`), `verify.js`, `mcp.js` and `scan-worker.js` bundles into a temporary folder, for tests that run
 * the shipped binary (never a stale dist/, and without touching dist/ while others build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

let built: string | undefined;
const CLI_TIMEOUT_MS = 180_000;

/** Returns the folder holding cli.js and verify.js (built once per test process). */
export function buildCliBundles(): string {
  if (built !== undefined) return built;
  const outdir = join(mkdtempSync(join(tmpdir(), 'keyward-dist-')), 'dist');
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--only=dist', '--production', `--outdir=${outdir}`, '--bundles=cli,verify,mcp,scan-worker'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (run.status !== 0) throw new Error(`building cli.js and verify.js failed: ${run.stderr || run.stdout}`);
  built = outdir;
  return outdir;
}

export function runCli(
  args: readonly string[],
  options: { nodeArgs?: readonly string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): { status: number | null; stdout: string; stderr: string } {
  const cli = join(buildCliBundles(), 'cli.js');
  const run = spawnSync(process.execPath, [...(options.nodeArgs ?? []), cli, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    // A CLI run that hangs fails its test with the command and what it printed, instead of stalling the suite.
    timeout: CLI_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`keyward ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MS / 1000} s; stderr so far:\n${run.stderr}`);
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
