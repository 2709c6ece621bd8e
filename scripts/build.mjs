// Builds the shipped bundles (dist/) and a plain transpile of src+test for the unit tests (out/).
// Type checking is separate (`npm run check-types`), as in the esbuild sample.
import * as esbuild from 'esbuild';
import fg from 'fast-glob';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// --outdir=DIR builds the dist bundles elsewhere (tests build a fresh copy without touching dist/).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
// --bundles=cli,verify builds only the named bundles.
const wanted = process.argv
  .find((a) => a.startsWith('--bundles='))
  ?.slice('--bundles='.length)
  .split(',');
// --metafiles writes <outdir>/<bundle>.meta.json, esbuild's list of each bundle's inputs (scripts/notices.mjs reads it).
const metafiles = process.argv.includes('--metafiles');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // No license comments in the bundles: THIRD-PARTY-NOTICES.md (scripts/notices.mjs) carries every bundled package's license.
  legalComments: 'none',
  metafile: metafiles,
};

/**
 * Every adapter module does `import * as vscode from 'vscode'`. With `vscode` external, esbuild turns each
 * into its own `__toESM(require('vscode'))`, which copies the whole API object (hundreds of properties)
 * once per module: measured, most of the activation bundle's evaluation time. This plugin routes them all
 * through one bundled module (`export * from 'vscode'`), so the API object is copied once.
 */
const vscodeImportedOnce = {
  name: 'vscode-imported-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

async function bundles() {
  rmSync(outdir, { recursive: true, force: true });
  const builds = {
    // The activation bundle: the VS Code adapter only, kept small because VS Code evaluates it while the
    // window starts (scripts/test.mjs fails above 300 KB). The engine and the verifier are separate bundles.
    extension: () =>
      esbuild.build({ ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir, external: ['vscode'], plugins: [vscodeImportedOnce] }),
    // The engine as the editor uses it (src/engine/api.ts): rules, parsers, advisories, the workspace scan.
    // Loaded with require('./engine.js') on first use, after activation (src/vscode/engine-loader.ts).
    engine: () => esbuild.build({ ...common, entryPoints: { engine: 'src/engine/api.ts' }, outdir }),
    // The `keyward` bin: a small launcher (src/cli/launcher.ts) that turns on the V8 compile cache, then loads the
    // CLI itself (cli-main.js), whose compilation is then cached too.
    cli: () =>
      Promise.all([
        esbuild.build({ ...common, entryPoints: { cli: 'src/cli/launcher.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } }),
        esbuild.build({ ...common, entryPoints: { 'cli-main': 'src/cli/main.ts' }, outdir }),
      ]),
    // The Sigstore verifier (sigstore libraries, trusted root, @noble/curves): loaded with
    // require('./verify.js') only when a verification runs, never at activation or for `keyward scan`.
    verify: () => esbuild.build({ ...common, entryPoints: { verify: 'src/engine/verify/index.ts' }, outdir }),
    // The MCP server (`keyward mcp`: the SDK and zod): loaded with require('./mcp.js') only by that command.
    mcp: () => esbuild.build({ ...common, entryPoints: { mcp: 'src/cli/mcp/server.ts' }, outdir }),
    // Worker threads of large workspace scans (src/engine/scan/worker-pool.ts finds it next to itself).
    'scan-worker': () => esbuild.build({ ...common, entryPoints: { 'scan-worker': 'src/engine/scan/scan-worker.ts' }, outdir }),
  };
  await Promise.all(
    Object.entries(builds)
      .filter(([name]) => !wanted || wanted.includes(name))
      .map(async ([, build]) => {
        const results = [await build()].flat();
        if (!metafiles) return;
        // One metafile per shipped .js file (the CLI build makes two: the launcher and cli-main.js).
        for (const { metafile } of results)
          for (const [output, { inputs }] of Object.entries(metafile.outputs))
            if (output.endsWith('.js')) writeFileSync(join(outdir, `${basename(output, '.js')}.meta.json`), JSON.stringify({ inputs }));
      }),
  );
}

async function transpileForTests() {
  rmSync('out', { recursive: true, force: true });
  const entryPoints = await fg(['src/**/*.ts', 'test/**/*.ts'], { ignore: ['**/*.d.ts'] });
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // src/engine/project.ts imports ../../package.json; one level deeper in out/, that resolves to out/package.json.
  copyFileSync('package.json', 'out/package.json');
}

if (!only || only === 'dist') await bundles();
if (!only || only === 'out') await transpileForTests();
