// Route A: the standard extension test runner. VS Code loads the extension unpacked from its folder and
// calls run() of the compiled test entry inside the real extension host; the workbench reports the
// outcome through window.codeAutomationExit.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, newPage, remoteUri, screenshot, workbenchUrl } from './browser.mjs';
import { startServer } from './code-server.mjs';
import { ARTIFACTS, TEMPLATES } from './paths.mjs';
import { finishRun, makeRunDir, runDirEnv } from './run-dir.mjs';

const HOST_LOG_PREFIX = '[keyward-e2e]';

/**
 * Runs one scenario in its own server and browser. Never throws: returns
 * { name, route, ok, tests: [{title, state, error?}], problems: [string], notes: [string], durationMs, metrics? }
 * (metrics: Keyward's KeywardApi.metrics() after the suites ran).
 * `workspaceFolder` opens an existing folder instead of preparing the scenario's template (the editor
 * benchmark generates its large workspace once and reuses it); `env` adds variables for the extension host.
 */
export async function runScenario({ support, scenarioName, extensionPath, testEntry, timeoutMs, keep, workspaceFolder, env: extraEnv = {} }) {
  const started = Date.now();
  const outcome = { name: scenarioName, route: 'A', ok: false, tests: [], problems: [], notes: [], durationMs: 0 };
  const scenario = support.findScenario(scenarioName);
  const run = makeRunDir(scenario.name);
  const serverLog = path.join(ARTIFACTS, `${scenario.name}-server.log`);
  const browserLog = path.join(ARTIFACTS, `${scenario.name}-browser.log`);
  let server;
  let browser;
  let page;
  let watchman;
  try {
    const workspace = workspaceFolder ? { folder: workspaceFolder } : support.prepareWorkspace(scenario, TEMPLATES, run.dir);
    const env = runDirEnv(run, {
      ...extraEnv,
      [support.ENV.scenario]: scenario.name,
      [support.ENV.results]: run.results,
      ...(workspace.gitTrap
        ? {
            [support.ENV.gitMarker]: workspace.gitTrap.marker,
            [support.ENV.gitLog]: workspace.gitTrap.log,
            PATH: `${workspace.gitTrap.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
          }
        : {}),
    });
    if (scenario.watchman) watchman = startWatchman(workspace.folder, env);
    const serverStarted = Date.now();
    server = await startServer({ run, env, trusted: scenario.trusted, testDriver: true, logFile: serverLog });
    const serverReady = Date.now();

    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (error) => appendFileSync(browserLog, `pageerror: ${error.message}\n`));
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      appendFileSync(browserLog, `${level}: ${text}\n`);
      if (text.startsWith(HOST_LOG_PREFIX)) console.log(`  ${scenario.name}: ${text.slice(HOST_LOG_PREFIX.length + 1)}`);
    });
    const payload = [
      ['extensionDevelopmentPath', remoteUri(extensionPath)],
      ['extensionTestsPath', remoteUri(testEntry)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    // Generous: the first load of a fresh code-server on a busy 2-core machine can take well over 30 s.
    await page.goto(workbenchUrl(server.url, workspace.folder, payload), { timeout: 180_000, waitUntil: 'domcontentloaded' });

    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const serverGone = server.exitPromise.then((e) => `server exited (${JSON.stringify(e)})`);
    const code = await Promise.race([exited, timedOut, serverGone]);
    clearTimeout(timer);
    outcome.notes.push(
      `prepare ${serverStarted - started} ms, server ready ${serverReady - serverStarted} ms, workbench + tests ${Date.now() - serverReady} ms`,
    );

    if (code === 'timeout') outcome.problems.push(`no result from the extension host within ${timeoutMs / 1000} s`);
    else if (typeof code === 'string') outcome.problems.push(code);
    else if (code !== 0) outcome.problems.push(`the test runner exited with code ${code}`);

    if (existsSync(run.results)) {
      const results = JSON.parse(readFileSync(run.results, 'utf8'));
      outcome.tests = results.tests;
      if (results.metrics) outcome.metrics = results.metrics;
      if (results.runnerError) outcome.problems.push(`runner error: ${results.runnerError}`);
      if (results.workspaceTrusted !== scenario.trusted) {
        outcome.problems.push(`workspace trust was ${results.workspaceTrusted}, the scenario expects ${scenario.trusted}`);
      }
    } else {
      outcome.problems.push('the extension host wrote no results file');
    }
    if (outcome.problems.length === 0 && outcome.tests.length === 0) outcome.problems.push('no test ran');
    outcome.ok = outcome.problems.length === 0 && outcome.tests.every((t) => t.state !== 'failed');
  } catch (error) {
    outcome.problems.push(error.stack ?? String(error));
  } finally {
    if (!outcome.ok && page) {
      const shot = await screenshot(page, path.join(ARTIFACTS, `${scenario.name}-failure.png`));
      if (shot) outcome.problems.push(`screenshot: ${path.relative(process.cwd(), shot)}`);
    }
    // Before finishRun removes the run's TMPDIR, where the service's socket is.
    watchman?.stop();
    await finishRun({ browser, server, run, keep, outcome, started });
  }
  return outcome;
}

/**
 * A watchman service of the run's own watching `folder`: watchman 4.9 keeps its socket in $TMPDIR/$USER-state,
 * and `env` is the server's, so the extension host's watchman client finds this service and no other.
 */
function startWatchman(folder, env) {
  const watched = spawnSync('watchman', ['watch-project', folder], { env, encoding: 'utf8', timeout: 60_000 });
  if (watched.status !== 0) throw new Error(`watchman watch-project failed (${watched.error?.message ?? watched.stderr}): install watchman (apt)`);
  return { stop: () => spawnSync('watchman', ['--no-spawn', 'shutdown-server'], { env, timeout: 30_000 }) };
}
