// Compiles the in-host test entry and suites (test/e2e/suite/*.ts) and the driver's support module
// (scenarios, key generation, workspace preparation) into a fresh temp folder per invocation: not under
// out/, which scripts/build.mjs deletes whenever unit tests are built, and not shared, so two e2e runs at
// once (or a build meanwhile) cannot pull the test entry from under a running editor. Each suite is its own bundle so that
// mocha can require it after setting up its globals; mocha itself (an ES module package) is bundled into
// the entry as CommonJS, so the extension host needs nothing from node_modules.
import * as esbuild from 'esbuild';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './paths.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha's parallel mode resolves worker files at run time; the runner never uses parallel mode.
  logOverride: { 'require-resolve-not-external': 'silent' },
  absWorkingDir: ROOT,
};

/** Returns the entry and support paths, and remove() for the folder. */
export async function buildTests() {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'keyward-e2e-build-'));
  const suiteDir = path.join(ROOT, 'test/e2e/suite');
  const suites = readdirSync(suiteDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: suites.map((f) => path.join(suiteDir, f)),
      outdir: path.join(outDir, 'suite'),
      external: ['vscode'],
    }),
    esbuild.build({
      ...common,
      entryPoints: { support: path.join(ROOT, 'test/e2e/support/driver-api.ts') },
      outdir: outDir,
    }),
  ]);
  return {
    dir: outDir,
    entry: path.join(outDir, 'suite/index.js'),
    support: path.join(outDir, 'support.js'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
