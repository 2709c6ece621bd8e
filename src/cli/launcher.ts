/**
 * The `keyward` command's entry point (dist/cli.js): a few kilobytes that turn on the V8 compile cache
 * (compile-cache.ts) before the CLI bundle (dist/cli-main.js) is loaded, so that bundle's compilation is cached
 * too. Loading it by a computed path keeps esbuild from bundling it in here.
 */
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { enableCompileCache } from './compile-cache';

enableCompileCache(nodeModule);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = require(join(__dirname, 'cli-main.js')) as typeof import('./main');
void cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
