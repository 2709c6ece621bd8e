// One temp folder per run holds everything the editor writes: user data, extensions, XDG folders and
// TMPDIR (else code-server writes into ~ and leaves vscode-ipc-*.sock files in /tmp).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Settings that keep the window quiet and deterministic. The built-in git extension is off: it is not under
// test, and in the Restricted Mode scenario any git call it made would look like one of Keyward's.
const USER_SETTINGS = {
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  // The minimap would render key bodies into screenshots (masked in the editor itself, see browser.mjs).
  'editor.minimap.enabled': false,
};

/** Run dirs not yet removed, for removeAllRunDirs() when the driver is interrupted. */
const live = new Set();

export function makeRunDir(label) {
  // A short path under the system temp dir: unix socket paths inside it must stay under 108 bytes.
  const dir = mkdtempSync(path.join(os.tmpdir(), `keyward-e2e-${label}-`));
  live.add(dir);
  const paths = {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    tmp: path.join(dir, 'tmp'),
    xdgConfig: path.join(dir, 'xdg/config'),
    xdgData: path.join(dir, 'xdg/data'),
    xdgCache: path.join(dir, 'xdg/cache'),
    results: path.join(dir, 'results.json'),
  };
  for (const p of [paths.userData, paths.extensions, paths.tmp, paths.xdgConfig, paths.xdgData, paths.xdgCache]) mkdirSync(p, { recursive: true });
  mkdirSync(path.join(paths.userData, 'User'), { recursive: true });
  writeFileSync(path.join(paths.userData, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return paths;
}

/** Environment for code-server and everything it spawns (extension host included). */
export function runDirEnv(run, extra = {}) {
  return {
    ...process.env,
    TMPDIR: run.tmp,
    XDG_CONFIG_HOME: run.xdgConfig,
    XDG_DATA_HOME: run.xdgData,
    XDG_CACHE_HOME: run.xdgCache,
    ...extra,
  };
}

export function removeRunDir(run) {
  rmSync(run.dir, { recursive: true, force: true, maxRetries: 3 });
  live.delete(run.dir);
}

/** Synchronous, for exit handlers: the generated keys live in these folders. */
export function removeAllRunDirs() {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      console.warn(`e2e: could not remove ${dir}: ${error.message}`);
    }
  }
  live.clear();
}

/** After --keep: forget the dir so the exit handler leaves it. */
export function keepRunDir(run) {
  live.delete(run.dir);
}

/** The common end of every run: close the browser and the server, keep or remove the run dir, record the time. */
export async function finishRun({ browser, server, run, keep, outcome, started }) {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (keep) {
    keepRunDir(run);
    outcome.notes.push(`run dir kept: ${run.dir}`);
  } else {
    removeRunDir(run);
  }
  outcome.durationMs = Date.now() - started;
}
