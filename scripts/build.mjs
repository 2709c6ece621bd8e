// Builds the shipped bundles (dist/) and a plain transpile of src+test for the unit tests (out/).
// Type checking is separate (`npm run check-types`), as in the esbuild sample.
import * as esbuild from 'esbuild';
import fg from 'fast-glob';
import { rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

async function bundles() {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all([
    // The activation bundle: adapter + engine. Heavy, rarely used code is split into its own bundle.
    esbuild.build({ ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
    esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  ]);
}

async function transpileForTests() {
  rmSync('out', { recursive: true, force: true });
  const entryPoints = await fg(['src/**/*.ts', 'test/**/*.ts'], { ignore: ['**/*.d.ts'] });
  await esbuild.build({ entryPoints, outdir: 'out', outbase: '.', bundle: false, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'warning' });
}

if (!only || only === 'dist') await bundles();
if (!only || only === 'out') await transpileForTests();
