// Bench scripts call engine code straight from src/ (one source for what they measure or restate): esbuild
// bundles a small entry module into bench/.work and the script requires the bundle.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Bundles `contents` (TypeScript importing from `./src/...`, resolved from the repository root) into
 * `<workDir>/<name>.cjs` and returns its exports, or `{ reason }` when esbuild cannot bundle it.
 */
export async function bundleFromSrc(root, workDir, name, contents) {
  const esbuild = await import('esbuild');
  const outfile = join(workDir, `${name}.cjs`);
  try {
    await esbuild.build({
      stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: `bench-${name}-entry.ts` },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      logLevel: 'error',
      legalComments: 'none',
    });
  } catch (error) {
    return { reason: `esbuild could not bundle ${name} from src/: ${error.message.split('\n')[0]}` };
  }
  return { exports: createRequire(import.meta.url)(outfile) };
}
