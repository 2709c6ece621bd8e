// Where the e2e harness finds the editor (installed by setup.sh) and puts its own output.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE = process.env.KEYWARD_E2E_CACHE ?? path.join(ROOT, '.vscode-test');
export const NODE24 = path.join(CACHE, 'node24/node_modules/node/bin/node');
export const CODE_SERVER_ENTRY = path.join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.KEYWARD_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const TEMPLATES = path.join(ROOT, 'test/e2e/workspaces');
/** Screenshots and logs of the last run (git-ignored). */
export const ARTIFACTS = path.join(ROOT, '.e2e/artifacts');
/** Keyward's own timing metrics (activation, engine load, first scan) per scenario of the last run. */
export const METRICS = path.join(ROOT, '.e2e/metrics.json');

export function assertEditorInstalled() {
  const missing = [NODE24, CODE_SERVER_ENTRY, CHROMIUM].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`the e2e editor is not installed (missing: ${missing.join(', ')}); run: bash scripts/e2e/setup.sh`);
  }
}
