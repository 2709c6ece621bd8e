// The "many small package files" tree: a vendored node_modules as npm leaves it (68,000 files at full size),
// where per-file costs (listing, opening, reading) dominate and bytes hardly matter. Seeded, cached under
// bench/.work/trees/small-<files>-seed<seed>/ like the main tree. One planted key in a package's test
// fixture, so a scan has something to find.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { packageJson } from './content.mjs';
import { createRandom } from './prng.mjs';

export const SMALL_FILES_FULL = 68_000;
export const SMALL_FILES_QUICK = 6_800;
const GENERATOR_VERSION = 1;

const FILE_KINDS = [
  ['index.js', (r) => `'use strict';\nmodule.exports = require('./lib/${r.word()}');\n`],
  ['README.md', (r) => `# ${r.word()}\n\n${Array.from({ length: r.int(3, 30) }, () => r.word()).join(' ')}\n`],
  ['LICENSE', () => 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy…\n'],
  ['index.d.ts', (r) => `export declare function ${r.word()}(input: string): number;\n`],
  ['CHANGELOG.md', (r) => `## ${r.int(0, 9)}.${r.int(0, 30)}.0\n- ${r.word()} ${r.word()}\n`],
];

/** Returns { tree, files }: `tree` is the folder to scan (a `node_modules` inside it). */
export function ensureSmallFilesTree({ workDir, files, seed, log = console.log }) {
  const base = join(workDir, 'trees', `small-v${GENERATOR_VERSION}-${files}-seed${seed}`);
  const tree = join(base, 'tree');
  const done = join(base, 'done');
  if (existsSync(done)) return { tree, files, plantedPath: 'node_modules/pkg-0-tls/test/fixtures/server.key', cached: true };
  for (const old of existsSync(join(workDir, 'trees')) ? readdirSync(join(workDir, 'trees')) : []) {
    if (old.startsWith('small-') && old !== `small-v${GENERATOR_VERSION}-${files}-seed${seed}`)
      rmSync(join(workDir, 'trees', old), { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
  log(`generating the small-files tree (${files.toLocaleString('en')} files, seed ${seed}) in ${tree} …`);
  const random = createRandom(seed);
  const write = (relative, content) => {
    const absolute = join(tree, relative);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  };
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' });
  write('node_modules/pkg-0-tls/test/fixtures/server.key', key);
  let written = 1;
  for (let p = 0; written < files; p++) {
    // Scoped and nested packages, as npm lays them out.
    const name = p % 7 === 0 ? `@scope-${p % 13}/pkg-${p}` : `pkg-${p}`;
    const folder = p % 11 === 0 ? `node_modules/pkg-${p - 1}/node_modules/${name}` : `node_modules/${name}`;
    write(`${folder}/package.json`, packageJson(random, name));
    written++;
    for (const [file, make] of FILE_KINDS) {
      if (written >= files) break;
      if (random.chance(0.8)) {
        write(`${folder}/${file}`, make(random));
        written++;
      }
    }
    const libFiles = random.int(0, 6);
    for (let i = 0; i < libFiles && written < files; i++, written++)
      write(`${folder}/lib/${random.word()}-${i}.js`, `exports.v${i} = ${random.int(0, 1e6)};\n`);
  }
  writeFileSync(done, `${written}\n`);
  return { tree, files: written, plantedPath: 'node_modules/pkg-0-tls/test/fixtures/server.key', cached: false };
}
