// Route B: one journey through the UI with the packaged extension, as a user would take it. Installs the
// .vsix with code-server's CLI into the run's extensions dir, opens the workspace with the committed key,
// and checks what a person sees: the status-bar count, the squiggle in the key file opened with Quick Open,
// and the Problems panel entry. A screenshot of the end state is always saved.
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, newPage, screenshot, workbenchUrl } from './browser.mjs';
import { installVsix, startServer } from './code-server.mjs';
import { ARTIFACTS, TEMPLATES } from './paths.mjs';
import { finishRun, makeRunDir, runDirEnv } from './run-dir.mjs';

const KEY_FILE = 'signing.pem';

/** The journey's steps, in order; each gets the page and a per-step timeout, and throws when it fails. */
const steps = [
  {
    title: 'the workbench opens the workspace',
    run: async (page, timeout) => {
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    },
  },
  {
    title: 'Keyward (from the .vsix) shows "Keyward: 1" in the status bar',
    run: async (page, timeout) => {
      // The item's accessible label is "Keyward: <details>"; its text ends with the count.
      const item = page.locator('#workbench\\.parts\\.statusbar [aria-label^="Keyward:"]').first();
      await item.waitFor({ state: 'visible', timeout });
      await page.waitForFunction(
        () => [...document.querySelectorAll('#workbench\\.parts\\.statusbar [aria-label^="Keyward:"]')].some((e) => /Keyward: 1\b/.test(e.textContent ?? '')),
        undefined,
        { timeout },
      );
    },
  },
  {
    title: `Quick Open (Ctrl+P) opens secrets/${KEY_FILE}`,
    run: async (page, timeout) => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout });
      await page.waitForFunction(() => document.activeElement?.closest('.quick-input-widget') !== null, undefined, { timeout });
      await page.keyboard.type(KEY_FILE, { delay: 25 });
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: KEY_FILE }).first().waitFor({ state: 'visible', timeout });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: KEY_FILE }).waitFor({ state: 'visible', timeout });
    },
  },
  {
    title: 'an error squiggle marks the key in the editor',
    run: async (page, timeout) => {
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'attached', timeout });
    },
  },
  {
    title: 'the Problems panel (Ctrl+Shift+M) lists the KW101 finding',
    run: async (page, timeout) => {
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'KW101' }).first().waitFor({ state: 'visible', timeout });
    },
  },
];

/** Never throws; returns the same outcome shape as route A. */
export async function runUiJourney({ support, vsix, timeoutMs, keep }) {
  const started = Date.now();
  const outcome = { name: `packaged ${path.basename(vsix)}`, route: 'B', ok: false, tests: [], problems: [], notes: [], durationMs: 0 };
  const scenario = support.findScenario(support.uiJourneyScenario);
  const run = makeRunDir('ui');
  const serverLog = path.join(ARTIFACTS, 'ui-journey-server.log');
  const browserLog = path.join(ARTIFACTS, 'ui-journey-browser.log');
  let server;
  let browser;
  let page;
  try {
    const workspace = support.prepareWorkspace(scenario, TEMPLATES, run.dir);
    const env = runDirEnv(run);
    const installed = installVsix(run, env, vsix);
    appendFileSync(serverLog, `--install-extension:\n${installed}\n`);
    server = await startServer({ run, env, trusted: scenario.trusted, testDriver: false, logFile: serverLog });
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('console', (message) => appendFileSync(browserLog, `${message.type()}: ${message.text()}\n`));
    page.on('pageerror', (error) => appendFileSync(browserLog, `pageerror: ${error.message}\n`));
    await page.goto(workbenchUrl(server.url, workspace.folder), { timeout: 180_000, waitUntil: 'domcontentloaded' });

    const deadline = Date.now() + timeoutMs;
    for (const step of steps) {
      const stepStarted = Date.now();
      const timeout = Math.max(1_000, deadline - Date.now());
      try {
        await step.run(page, timeout);
        outcome.tests.push({ title: `ui: ${step.title}`, state: 'passed', durationMs: Date.now() - stepStarted });
      } catch (error) {
        outcome.tests.push({ title: `ui: ${step.title}`, state: 'failed', durationMs: Date.now() - stepStarted, error: error.message.split('\n')[0] });
        break; // later steps build on this one
      }
    }
    outcome.ok = outcome.tests.length === steps.length && outcome.tests.every((t) => t.state === 'passed');
  } catch (error) {
    outcome.problems.push(error.stack ?? String(error));
  } finally {
    if (page) {
      const shot = await screenshot(page, path.join(ARTIFACTS, outcome.ok ? 'ui-journey.png' : 'ui-journey-failure.png'));
      if (shot) outcome.notes.push(`screenshot: ${path.relative(process.cwd(), shot)}`);
    }
    await finishRun({ browser, server, run, keep, outcome, started });
  }
  return outcome;
}
