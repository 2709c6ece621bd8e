// Generates the benchmark workspace: a deterministic (seeded) monorepo-like tree with app sources in
// several languages, vendored dependencies (node_modules, Go vendor/, Python third_party/), lockfiles,
// YAML (GitHub Actions workflows, Kubernetes manifests, Helm values), JSON data, minified bundles,
// binaries, a few huge logs, and the planted set (./planted.mjs). No .gitignore is written: every tool
// sees every file. The tree is cached under bench/.work/trees/<stamp>/ and reused while the stamp
// (generator version, profile, seed) is the same.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cargoLock, createContent, decoyPem, goSum, helmValues, jsonData, k8sManifest, packageJson, packageLock, plainWorkflow, yarnLock } from './content.mjs';
import { createRandom } from './prng.mjs';
import { plantedSet } from './planted.mjs';

/** Bump when the generated tree changes, so cached trees are regenerated. */
export const GENERATOR_VERSION = 1;

const MB = 1024 * 1024;

export const PROFILES = {
  // ≥ 100,000 files and ≥ 1 GiB (issue #8).
  full: { files: 100_000, hugeLogsMB: [20, 40, 60], sourceMean: 9_000 },
  // For iterating on the benchmark itself: about 10,000 files and 100 MiB.
  quick: { files: 10_000, hugeLogsMB: [12], sourceMean: 8_000 },
};

const APP_LANGUAGES = [
  ['ts', 'ts', 5],
  ['js', 'js', 3],
  ['py', 'py', 3],
  ['go', 'go', 3],
  ['java', 'java', 2],
  ['rs', 'rs', 1],
  ['rb', 'rb', 1],
  ['c', 'c', 1],
  ['css', 'css', 1],
  ['html', 'html', 1],
  ['md', 'md', 1],
  ['sh', 'sh', 1],
];

/**
 * Returns { tree, manifest, cached }: `tree` is the folder to scan; `manifest` has the stamp, file and byte
 * counts, generation time, the planted set, notes, and `fileList` (a TSV of size and path, outside the tree).
 */
export function ensureWorkspace({ workDir, profileName, seed, log = console.log }) {
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown profile ${profileName}`);
  const stamp = `v${GENERATOR_VERSION}-${profileName}-seed${seed}`;
  const treesDir = join(workDir, 'trees');
  const base = join(treesDir, stamp);
  const manifestPath = join(base, 'manifest.json');
  if (existsSync(manifestPath)) return { tree: join(base, 'tree'), manifest: JSON.parse(readFileSync(manifestPath, 'utf8')), cached: true };

  // A stale tree of the same profile (older generator or another seed) only takes disk space.
  for (const old of existsSync(treesDir) ? readdirSync(treesDir) : []) {
    if (old.includes(`-${profileName}-`)) rmSync(join(treesDir, old), { recursive: true, force: true });
  }
  rmSync(base, { recursive: true, force: true });
  const tree = join(base, 'tree');
  log(`generating the ${profileName} workspace (${profile.files.toLocaleString('en')} files, seed ${seed}) in ${tree} …`);
  const started = performance.now();
  const manifest = generate(tree, profile, seed);
  manifest.stamp = stamp;
  manifest.profile = profileName;
  manifest.seconds = (performance.now() - started) / 1000;
  manifest.fileList = join(base, 'files.tsv');
  writeFileSync(manifest.fileList, manifest.list.join('\n') + '\n');
  delete manifest.list;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { tree, manifest, cached: false };
}

function generate(tree, profile, seed) {
  const random = createRandom(seed);
  const content = createContent(random);
  const made = new Set();
  const list = [];
  let bytes = 0;
  const write = (path, data) => {
    let unique = path;
    for (let n = 2; list.length && made.has(unique); n++) unique = path.replace(/(\.[^./]+)?$/, `-${n}$1`);
    made.add(unique);
    const abs = join(tree, unique);
    const dir = dirname(abs);
    if (!made.has(`dir:${dir}`)) {
      mkdirSync(dir, { recursive: true });
      made.add(`dir:${dir}`);
    }
    writeFileSync(abs, data);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    bytes += size;
    list.push(`${size}\t${unique}`);
  };

  const { files: plantedFiles, planted, notes } = plantedSet();
  for (const { path, content: text } of plantedFiles) write(path, text);

  const budget = profile.files - list.length;
  const share = (fraction) => Math.max(1, Math.round(budget * fraction));
  const r = random;
  const sourceSize = () => r.size(profile.sourceMean, 200, 600_000);

  // A few huge logs (> 2 MiB): written in chunks, never held in memory.
  for (const [i, mb] of profile.hugeLogsMB.entries()) {
    const path = `logs/archive/service-${i + 1}.log`;
    const abs = join(tree, path);
    mkdirSync(dirname(abs), { recursive: true });
    const fd = openSync(abs, 'w');
    let size = 0;
    while (size < mb * MB) {
      const parts = [];
      for (let k = 0; k < 256; k++) parts.push(content.logChunk());
      size += writeSync(fd, parts.join(''));
    }
    closeSync(fd);
    bytes += size;
    list.push(`${size}\t${path}`);
    made.add(path);
  }

  // Certificates and public keys: PEM blocks that are not secrets (vendored CA bundles, test fixtures).
  for (let i = 0; i < 20; i++)
    write(
      `node_modules/${r.word()}-tls/test/fixtures/${r.word()}.${r.pick(['crt', 'pem', 'pub'])}`,
      decoyPem(r, r.pick(['CERTIFICATE', 'PUBLIC KEY', 'RSA PUBLIC KEY'])),
    );

  // Vendored npm packages: manifest, readme, licence, sources, types, sometimes a minified dist bundle.
  let remaining = share(0.4);
  while (remaining > 0) {
    const name = r.chance(0.2) ? `@${r.word()}/${r.word()}` : `${r.word()}-${r.word()}`;
    const root = r.chance(0.15) ? `node_modules/${r.word()}/node_modules/${name}` : `node_modules/${name}`;
    write(`${root}/package.json`, packageJson(r, name));
    write(`${root}/README.md`, content.source('md', r.size(4000, 300, 60_000), name));
    write(
      `${root}/LICENSE`,
      `MIT License\n\nCopyright (c) ${r.int(2010, 2026)} ${r.word()}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n`,
    );
    write(`${root}/index.js`, content.source('js', r.size(2000, 200, 40_000), name));
    remaining -= 4;
    for (let k = r.int(2, 14); k > 0 && remaining > 0; k--, remaining--) {
      write(
        r.chance(0.25) ? `${root}/types/${r.word()}.d.ts` : `${root}/lib/${r.word()}.js`,
        content.source(r.chance(0.25) ? 'ts' : 'js', sourceSize(), `${name}/${k}`),
      );
    }
  }

  // Minified bundles (a few hundred KB each, one long line).
  for (let i = share(0.003); i > 0; i--)
    write(
      `${r.pick(['node_modules', 'services/web/public', 'apps/admin/dist'])}/${r.word()}/dist/${r.word()}.min.js`,
      content.minified(r.size(300_000, 120_000, 900_000, 0.4), `bundle ${i}`),
    );

  // Go vendor/ and Python third_party/.
  for (let i = share(0.06); i > 0; i--) write(`vendor/github.com/${r.word()}/${r.word()}/${r.word()}.go`, content.source('go', sourceSize(), i));
  for (let i = share(0.04); i > 0; i--) write(`third_party/python/${r.word()}/${r.word()}.py`, content.source('py', sourceSize(), i));

  // Lockfiles, one set per service.
  for (let i = share(0.0005); i > 0; i--) {
    const svc = `services/${r.word()}`;
    write(`${svc}/package-lock.json`, packageLock(r, svc, r.int(100, 3000)));
    write(`${svc}/yarn.lock`, yarnLock(r, r.int(100, 2000)));
    write(`${svc}/go.sum`, goSum(r, r.int(50, 800)));
    write(`${svc}/Cargo.lock`, cargoLock(r, r.int(50, 600)));
  }

  // YAML: workflows, Kubernetes manifests, Helm values.
  for (let i = share(0.002); i > 0; i--) write(`.github/workflows/${r.word()}.yml`, plainWorkflow(r));
  for (let i = share(0.018); i > 0; i--) write(`deploy/k8s/${r.word()}/${r.word()}.yaml`, k8sManifest(r));
  for (let i = share(0.01); i > 0; i--) write(`charts/${r.word()}/values-${r.word()}.yaml`, helmValues(r));

  // JSON data and binaries.
  for (let i = share(0.04); i > 0; i--) write(`data/${r.word()}/${r.word()}.json`, jsonData(r, r.size(5000, 100, 400_000)));
  for (let i = share(0.04); i > 0; i--) {
    const kind = r.pick(['png', 'png', 'zip', 'so', 'wasm', 'bin']);
    write(`assets/${r.word()}/${r.word()}.${kind}`, content.binary(kind, r.size(40_000, 500, 1_500_000, 1.1)));
  }

  // Application sources fill the rest.
  const weights = APP_LANGUAGES.flatMap(([lang, ext, weight]) => Array(weight).fill([lang, ext]));
  const apps = Array.from({ length: 12 }, () => `apps/${r.word()}`);
  while (list.length < profile.files) {
    const [lang, ext] = r.pick(weights);
    write(
      `${r.pick(apps)}/${r.pick(['src', 'lib', 'internal', 'pkg', 'test'])}/${r.word()}/${r.word()}.${ext}`,
      content.source(lang, sourceSize(), list.length),
    );
  }
  return { generator: GENERATOR_VERSION, seed, files: list.length, bytes, planted, notes, list };
}
