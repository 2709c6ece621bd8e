/**
 * Workspace shapes for comparing two ways of scanning the same folder (the ripgrep path and the pure-Node
 * path): keys in ignored, unignored and nested-ignored files, symlinks, FIFOs, binaries, files over the size
 * cap, hidden files, UTF-16, suppressions, workflows. Built at test time in temporary folders.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generatePemKey } from './keys';

export const SMALL_CAP = 4096;

/** `mtime`: seconds since the epoch to stamp the files with (the scan cache ignores just-written files). */
export function writeTree(root: string, files: Record<string, string | Buffer>, mtime?: number): void {
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, ...relative.split('/'));
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    if (mtime !== undefined) utimesSync(absolute, mtime, mtime);
  }
}

export function tempRoot(made: string[], prefix: string): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(root);
  return root;
}

const SIGNING_WORKFLOW = 'on: push\njobs:\n  sign:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cosign sign --key cosign.key ghcr.io/o/i\n';

/** Every shape at once: the comparison must hold for each file and for how they interact. */
export function buildMixedWorkspace(made: string[]): { root: string; outside: string } {
  const root = tempRoot(made, 'keyward-shapes-');
  const outside = tempRoot(made, 'keyward-shapes-outside-');
  const key = () => generatePemKey('ec-sec1').text;
  const jks = Buffer.concat([Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1]), Buffer.alloc(64, 7)]);
  writeTree(outside, { 'secret.pem': key() });
  writeTree(root, {
    'src/app.js': 'console.log("hello");\n',
    'src/key.pem': key(),
    'src/notes.md': 'no key here, just -----BEGIN text\n',
    '.gitignore': 'ignored.pem\nbuild/\n*.log\n!keep.log\n',
    'ignored.pem': key(),
    'build/out.pem': key(),
    'keep.log': key(),
    'other.log': key(),
    'nested/.gitignore': 'local-*.pem\n',
    'nested/local-a.pem': key(),
    'nested/deeper/local-b.pem': key(),
    'nested/deeper/fine.pem': key(),
    '.env': `SIGNING_KEY="${key().replaceAll('\n', '\\n')}"\n`,
    '.hidden/dir/id.pem': key(),
    'vendor/lib/index.js': 'module.exports = 1;\n',
    'vendor/lib/fixture.pem': key(),
    'excluded/key.pem': key(),
    'also-excluded.pem': key(),
    'big/large.pem': key() + 'x'.repeat(SMALL_CAP),
    'big/large.txt': 'y'.repeat(SMALL_CAP * 2),
    'big/store.p12': Buffer.concat([Buffer.from([0x30, 0x82, 0x10, 0x00]), Buffer.alloc(SMALL_CAP * 2, 1)]),
    'bin/store.jks': jks,
    'bin/random.bin': Buffer.from([0, 1, 2, 3, 0, 255, 254, 10, 13, 0]),
    'bin/jks-magic-anywhere.dat': jks,
    'utf16/key.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(key(), 'utf16le')]),
    'utf16/plain.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('just text', 'utf16le')]),
    '.github/workflows/release.yml': SIGNING_WORKFLOW,
    '.github/workflows/empty.yml': 'name: nothing\n',
    // No rule anchor in it: only its path makes it worth reading (KW702 on the tag pins).
    '.github/workflows/attest.yml':
      'on: push\npermissions:\n  id-token: write\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/attest-build-provenance@v1\n',
    '.gitlab-ci.yml': 'sign:\n  script: cosign sign --key env://COSIGN_PRIVATE_KEY img\n',
    'suppressed/key.pem': key(),
    '.keywardignore': 'suppressed/key.pem KW101 reason: test fixture, rotated\n',
    'name with spaces/ünïcödé key.pem': key(),
    '-dash/-leading.pem': key(),
  });
  symlinkSync(path.join(root, 'src', 'key.pem'), path.join(root, 'link-to-key.pem'));
  symlinkSync(path.join(outside, 'secret.pem'), path.join(root, 'link-outside.pem'));
  symlinkSync(path.join(root, 'does-not-exist'), path.join(root, 'broken-link'));
  symlinkSync(path.join(root, 'nested'), path.join(root, 'link-to-folder'));
  symlinkSync(root, path.join(root, 'nested', 'loop'));
  symlinkSync(outside, path.join(root, 'link-outside-folder'));
  if (spawnSync('mkfifo', [path.join(root, 'src', 'pipe')]).status !== 0) throw new Error('mkfifo failed');
  return { root, outside };
}

export const MIXED_EXCLUDES = ['excluded/**', 'also-excluded.pem', '**/node_modules'];

/** A small pseudo-random tree (seeded): folders, ignore files, text with and without anchors, binaries. */
export function buildGeneratedTree(made: string[], seed: number, files: number, mtime?: number): string {
  const root = tempRoot(made, 'keyward-generated-');
  let state = seed >>> 0;
  const next = (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const folders = ['', 'a', 'a/b', 'a/b/c', 'node_modules/pkg', 'node_modules/pkg/lib', 'docs', '.config', 'dist'];
  const key = generatePemKey('ed25519-pkcs8').text;
  const contents: (() => string | Buffer)[] = [
    () => `export const v${next(1000)} = ${next(1000)};\n`.repeat(1 + next(40)),
    () => `# readme ${next(100)}\nsome words and BEGIN and PRIVATE but not together\n`,
    () => key,
    () => `cosign verify --certificate-identity-regexp '.*' img${next(9)}\n`,
    () => Buffer.from(Array.from({ length: 50 + next(200) }, () => next(256))),
    () => `{"name":"p${next(50)}","version":"1.0.${next(9)}","dependencies":{"sigstore":"4.1.0"}}\n`,
  ];
  const tree: Record<string, string | Buffer> = { '.gitignore': 'dist/\n*.tmp\n', 'a/.gitignore': '!keep.tmp\nb/c/\n' };
  for (let i = 0; i < files; i++) {
    const folder = folders[next(folders.length)]!;
    const name = `${['file', 'x', 'keep', 'Data'][next(4)]}${i}.${['js', 'tmp', 'pem', 'json', 'md', 'bin'][next(6)]}`;
    tree[folder === '' ? name : `${folder}/${name}`] = contents[next(contents.length)]!();
  }
  tree['node_modules/pkg/package.json'] = '{"name":"pkg","dependencies":{"sigstore":"4.1.0"}}\n';
  writeTree(root, tree, mtime);
  return root;
}
