// Starts code-server (VS Code in a browser) on Node 24, detached in its own process group, and ends it by
// that group, which also ends the extension host and any other child it spawned.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import * as net from 'node:net';
import { CODE_SERVER_ENTRY, NODE24 } from './paths.mjs';

/** Process groups still running, so an interrupted driver can end them (see killAllServers). */
const live = new Set();

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function baseArgs(run) {
  return ['--user-data-dir', run.userData, '--extensions-dir', run.extensions];
}

/** Installs a packaged extension into the run's extensions dir with code-server's own CLI. */
export function installVsix(run, env, vsix) {
  const result = spawnSync(NODE24, [CODE_SERVER_ENTRY, ...baseArgs(run), '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}): ${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout.trim();
}

/**
 * @param {object} options
 * @param {object} options.run     run dir (run-dir.mjs)
 * @param {object} options.env     environment of the server and its extension host
 * @param {boolean} options.trusted false leaves workspace trust on, so the window opens in Restricted Mode
 * @param {boolean} options.testDriver enables the smoke-test driver that honours the test payload (route A)
 * @param {string} options.logFile where server stdout/stderr go
 */
export async function startServer({ run, env, trusted, testDriver, logFile }) {
  const port = await freePort();
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...baseArgs(run),
    // Keep the extension host's environment exactly ours: without this the server merges in a login
    // shell's environment, whose PATH would hide the git wrapper of the git trap (and vary by machine).
    '--vscode-option',
    'force-disable-user-env',
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(trusted ? ['--disable-workspace-trust'] : []),
  ];
  const log = openSync(logFile, 'a');
  const child = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  live.add(pid);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  const server = {
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    exited: () => exited,
    exitPromise,
    stop: () => stopGroup(pid, exitPromise),
  };
  try {
    await waitHealthy(server, 30_000, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitHealthy(server, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exited = server.exited();
    if (exited) throw new Error(`code-server exited during start-up (${JSON.stringify(exited)}); see ${logFile}`);
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms; see ${logFile}`);
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitGroupGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * SIGTERM to the whole group, SIGKILL after a grace period; resolves when no process of it is left (or
 * warns: a member that stays is a zombie nobody reaps, which holds no port or file).
 */
async function stopGroup(pid, exitPromise) {
  signalGroup(pid, 'SIGTERM');
  await Promise.race([exitPromise, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (!(await waitGroupGone(pid, 2_000))) {
    signalGroup(pid, 'SIGKILL');
    if (!(await waitGroupGone(pid, 5_000))) console.warn(`e2e: process group ${pid} still has members after SIGKILL`);
  }
  live.delete(pid);
}

/** Synchronous last resort for exit and signal handlers. */
export function killAllServers() {
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  live.clear();
}
