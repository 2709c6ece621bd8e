// Debian's Chromium driven by playwright-core (which never downloads a browser of its own).
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

// Without the background-networking flags Chromium keeps trying Google hosts this machine cannot reach.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

/** Editor lines that look like a key body (base64): masked in screenshots, as in every other output. */
function keyBodyLines(page) {
  return page.locator('.view-line').filter({ hasText: /^\s*[A-Za-z0-9+/=]{16,}\s*$/ });
}

/** Screenshot that never throws: it is taken while something already failed. */
export async function screenshot(page, file) {
  try {
    await page.screenshot({ path: file, timeout: 10_000, mask: [keyBodyLines(page)] });
    return file;
  } catch (error) {
    console.warn(`e2e: screenshot ${file} failed: ${error.message}`);
    return undefined;
  }
}

/** `?folder=` URL for a workspace folder; `payload` pairs are the workbench's test options (route A). */
export function workbenchUrl(serverUrl, folder, payload) {
  const params = [`folder=${encodeURIComponent(folder)}`];
  if (payload) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${serverUrl}/?${params.join('&')}`;
}

/** The payload values are parsed as URIs: an absolute server path must be a vscode-remote URI. */
export function remoteUri(absPath) {
  return `vscode-remote://remote${absPath.split('/').map(encodeURIComponent).join('/')}`;
}
