import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { createPathFilter, discoverFiles, type DiscoveryResult } from '../../../../src/engine/discovery/discover';
import type { GitState } from '../../../../src/engine/process/git';

// Every tree is built at test time in its own temporary folder.
const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-discovery-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return root;
}

const paths = (result: DiscoveryResult) => result.files.map((f) => f.path);
const skippedAs = (result: DiscoveryResult) => Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));

/** A tree exercising .gitignore negations, folder patterns, nested files and info/exclude. */
const GITIGNORE_TREE: Record<string, string> = {
  '.gitignore': '*.log\nbuild/\n!keep.log\nsecrets/*\n!secrets/public.pem\n/rooted.txt\n# comment\n\\#hash.txt\n',
  'a.txt': 'a',
  'x.log': 'x',
  'keep.log': 'k',
  'rooted.txt': 'r',
  '#hash.txt': 'h',
  'build/out.txt': 'o',
  'build/nested/deep.txt': 'd',
  'secrets/k.pem': 'k',
  'secrets/public.pem': 'p',
  'sub/.gitignore': 'local.txt\n!*.log\n',
  'sub/local.txt': 'l',
  'sub/y.log': 'y',
  'sub/rooted.txt': 'not the root one',
  'sub/deeper/local.txt': 'l',
  'sub/deeper/other.txt': 'o',
  'other/build': 'a file named build, not a folder',
  'excluded-locally.txt': 'e',
  '.git/info/exclude': 'excluded-locally.txt\n',
  '.git/config': '[core]\n',
  'nested/.git/HEAD': 'ref: refs/heads/main\n',
};

const GITIGNORE_EXPECTED = [
  '.gitignore',
  'a.txt',
  'keep.log',
  'other/build',
  'secrets/public.pem',
  'sub/.gitignore',
  'sub/deeper/other.txt',
  'sub/rooted.txt',
  'sub/y.log',
];

describe('discoverFiles: .gitignore', () => {
  test('honours root and nested .gitignore files, negations, folder patterns and .git/info/exclude', async () => {
    const root = makeTree(GITIGNORE_TREE);
    const result = await discoverFiles({ root });
    assert.deepEqual(paths(result), GITIGNORE_EXPECTED);
    assert.equal(result.cancelled, false);
    // Ignored files are not listed one by one as skipped: they were never candidates.
    assert.deepEqual(result.skipped, []);
  });

  test('agrees with git itself on the same tree (git ls-files --others --exclude-standard)', async () => {
    const root = makeTree(GITIGNORE_TREE);
    rmSync(path.join(root, '.git'), { recursive: true });
    rmSync(path.join(root, 'nested'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(path.join(root, '.git', 'info', 'exclude'), 'excluded-locally.txt\n');
    const fromGit = execFileSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .sort();
    const result = await discoverFiles({ root });
    assert.deepEqual(paths(result), fromGit);
    assert.deepEqual(fromGit, GITIGNORE_EXPECTED);
  });

  test('useGitignore: false scans ignored files too, but never .git/', async () => {
    const root = makeTree(GITIGNORE_TREE);
    const result = await discoverFiles({ root, useGitignore: false });
    assert.ok(paths(result).includes('x.log'));
    assert.ok(paths(result).includes('build/nested/deep.txt'));
    assert.ok(paths(result).includes('excluded-locally.txt'));
    assert.ok(!paths(result).some((p) => p.split('/').includes('.git')), 'nothing under .git');
  });

  test('a whitelist .gitignore (ignore everything, re-include folders and *.pem) works', async () => {
    const root = makeTree({ '.gitignore': '*\n!*/\n!*.pem\n', 'a.txt': 'a', 'k.pem': 'k', 'd/b.txt': 'b', 'd/e/k2.pem': 'k' });
    assert.deepEqual(paths(await discoverFiles({ root })), ['d/e/k2.pem', 'k.pem']);
  });

  test('files git tracks are scanned even when .gitignore matches them (ignoring does not un-commit)', async () => {
    const root = makeTree({ '.gitignore': 'secrets/\n*.key\n', 'secrets/tracked.pem': 't', 'secrets/untracked.pem': 'u', 'cosign.key': 'c', 'other.key': 'o' });
    const tracked = new Set(['secrets/tracked.pem', 'cosign.key', '.gitignore']);
    const git: GitState = { isTracked: (p) => tracked.has(p), hasTrackedUnder: (d) => d === 'secrets' };
    assert.deepEqual(paths(await discoverFiles({ root, git })), ['.gitignore', 'cosign.key', 'secrets/tracked.pem']);
    // Without git state the ignored files are not scanned.
    assert.deepEqual(paths(await discoverFiles({ root })), ['.gitignore']);
  });
});

describe('discoverFiles: exclude globs', () => {
  test('excludes files and whole folders with minimatch globs (dot files included)', async () => {
    const root = makeTree({
      'README.md': 'r',
      'docs/README.md': 'd',
      'docs/guide/a.txt': 'a',
      'node_modules/pkg/key.pem': 'k',
      'packages/x/node_modules/pkg/key.pem': 'k',
      'build/out.pem': 'o',
      '.cache/thing.pem': 't',
      'src/main.ts': 'm',
      'src/.env': 'e',
    });
    const result = await discoverFiles({ root, exclude: ['**/node_modules', 'docs/**', '*.md', 'build/', './.cache', '**/.env'] });
    assert.deepEqual(paths(result), ['src/main.ts']);
    // `*.md` is relative to the root: it does not reach into folders.
    const onlyMd = await discoverFiles({ root, exclude: ['*.md'] });
    assert.ok(paths(onlyMd).includes('docs/README.md'));
    assert.ok(!paths(onlyMd).includes('README.md'));
  });

  test('excluded folders are never entered', async () => {
    const root = makeTree({ 'keep/a.txt': 'a', 'skip/a.txt': 'a' });
    // An unreadable folder would be reported as skipped if discovery entered it.
    const result = await discoverFiles({ root, exclude: ['skip'], paths: ['.'] });
    assert.deepEqual(paths(result), ['keep/a.txt']);
    assert.deepEqual(result.skipped, []);
  });
});

describe('discoverFiles: size cap', () => {
  test('skips files over the cap as too-large, except key containers by name', async () => {
    const big = 'x'.repeat(200);
    const root = makeTree({ 'small.txt': 'ok', 'big.txt': big, 'store.p12': big, 'store.PFX': big, 'java.jks': big, 'app.keystore': big, 'big.pem': big });
    const result = await discoverFiles({ root, maxFileSize: 100 });
    assert.deepEqual(paths(result), ['app.keystore', 'java.jks', 'small.txt', 'store.PFX', 'store.p12']);
    assert.deepEqual(skippedAs(result), { 'big.pem': 'too-large', 'big.txt': 'too-large' });
    assert.match(result.skipped[0]?.detail ?? '', /200 bytes/);
    assert.equal(result.files.find((f) => f.path === 'store.p12')?.size, 200);
  });

  test('the default cap is 2 MiB', async () => {
    const root = makeTree({ 'at-cap.txt': new Uint8Array(2 * 1024 * 1024), 'over-cap.txt': new Uint8Array(2 * 1024 * 1024 + 1) });
    const result = await discoverFiles({ root });
    assert.deepEqual(paths(result), ['at-cap.txt']);
    assert.deepEqual(skippedAs(result), { 'over-cap.txt': 'too-large' });
  });
});

describe('discoverFiles: symlinks', { skip: process.platform === 'win32' ? 'symlinks need privileges on Windows' : false }, () => {
  function symlinkTree(): { root: string; outside: string } {
    const outside = makeTree({ 'secret.pem': 'outside', 'dir/inner.pem': 'outside' });
    const root = makeTree({ 'real/key.pem': 'k', 'real/deeper/other.pem': 'o', 'ignored/hidden.pem': 'h', '.gitignore': 'ignored/\n' });
    symlinkSync(path.join(root, 'real', 'key.pem'), path.join(root, 'link-to-key.pem'));
    symlinkSync('real/key.pem', path.join(root, 'relative-link.pem'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'link-to-real-dir'));
    symlinkSync(path.join(outside, 'secret.pem'), path.join(root, 'link-outside.pem'));
    symlinkSync(path.join(outside, 'dir'), path.join(root, 'link-outside-dir'));
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    symlinkSync('..', path.join(root, 'real', 'up'));
    symlinkSync('does-not-exist.pem', path.join(root, 'broken.pem'));
    symlinkSync('ignored/hidden.pem', path.join(root, 'link-to-ignored.pem'));
    return { root, outside };
  }

  test('links inside are scanned once under the real path; outside, loops and broken links are skipped', async () => {
    const { root } = symlinkTree();
    const result = await discoverFiles({ root });
    assert.deepEqual(paths(result), ['.gitignore', 'real/deeper/other.pem', 'real/key.pem']);
    assert.deepEqual(skippedAs(result), {
      'broken.pem': 'unreadable',
      'link-outside-dir': 'symlink-outside-workspace',
      'link-outside.pem': 'symlink-outside-workspace',
      'loop-a': 'symlink-loop',
      'loop-b': 'symlink-loop',
      'real/up': 'symlink-loop',
    });
    const key = result.files.find((f) => f.path === 'real/key.pem');
    assert.equal(key?.absolutePath, path.join(root, 'real', 'key.pem'));
  });

  test('a workspace root reached through a symlink works the same', async () => {
    const { root } = symlinkTree();
    const alias = path.join(mkdtempSync(path.join(tmpdir(), 'keyward-alias-')), 'ws');
    made.push(path.dirname(alias));
    symlinkSync(root, alias);
    const result = await discoverFiles({ root: alias });
    assert.deepEqual(paths(result), ['.gitignore', 'real/deeper/other.pem', 'real/key.pem']);
    assert.equal(result.files.find((f) => f.path === 'real/key.pem')?.absolutePath, path.join(alias, 'real', 'key.pem'));
    assert.equal(skippedAs(result)['link-outside.pem'], 'symlink-outside-workspace');
  });

  test('an explicit path that is a link to a file inside resolves to the target', async () => {
    const { root } = symlinkTree();
    const result = await discoverFiles({ root, paths: ['link-to-key.pem', 'link-outside.pem'] });
    assert.deepEqual(paths(result), ['real/key.pem']);
    assert.deepEqual(skippedAs(result), { 'link-outside.pem': 'symlink-outside-workspace' });
  });
});

describe('discoverFiles: explicit paths', () => {
  test('scans only the given files and folders, reporting excluded and missing ones', async () => {
    const root = makeTree({ '.gitignore': '*.log\n', 'a/one.pem': '1', 'a/two.pem': '2', 'b/three.pem': '3', 'c.pem': 'c', 'debug.log': 'd' });
    const outside = makeTree({ 'x.pem': 'x' });
    const result = await discoverFiles({
      root,
      paths: ['a', path.join(root, 'c.pem'), 'a/one.pem', 'debug.log', 'missing.pem', path.join(outside, 'x.pem'), 'b/three.pem'],
      exclude: ['b/**'],
    });
    assert.deepEqual(paths(result), ['a/one.pem', 'a/two.pem', 'c.pem']);
    const skipped = Object.fromEntries(result.skipped.map((s) => [s.path, `${s.reason}: ${s.detail}`]));
    assert.equal(skipped['debug.log'], 'excluded: ignored by .gitignore');
    assert.equal(skipped['b/three.pem'], 'excluded: matches exclude pattern b/**');
    assert.match(skipped['missing.pem'] ?? '', /^unreadable/);
    assert.equal(Object.keys(skipped).length, 4);
    assert.ok(Object.values(skipped).some((s) => s === 'excluded: outside the workspace folder'));
  });

  test('an explicit folder inside an ignored folder is excluded', async () => {
    const root = makeTree({ '.gitignore': 'vendor/\n', 'vendor/lib/k.pem': 'k' });
    const result = await discoverFiles({ root, paths: ['vendor/lib'] });
    assert.deepEqual(paths(result), []);
    assert.deepEqual(skippedAs(result), { 'vendor/lib': 'excluded' });
  });
});

describe('discoverFiles: special files and cancellation', () => {
  test('FIFOs are reported, never opened', { skip: process.platform === 'win32' ? 'no mkfifo' : false }, async () => {
    const root = makeTree({ 'a.txt': 'a' });
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const result = await discoverFiles({ root });
    assert.deepEqual(paths(result), ['a.txt']);
    assert.deepEqual(skippedAs(result), { pipe: 'unreadable' });
  });

  test('cancellation stops the walk and returns a partial result', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${String(i).padStart(2, '0')}/f.txt`] = 'x';
    const root = makeTree(files);
    let checks = 0;
    const cancellation = {
      get isCancellationRequested() {
        return ++checks > 10;
      },
    };
    const result = await discoverFiles({ root, cancellation });
    assert.equal(result.cancelled, true);
    assert.ok(result.files.length > 0 && result.files.length < 30, `partial: ${result.files.length}`);
    const full = await discoverFiles({ root, cancellation: { isCancellationRequested: false } });
    assert.equal(full.files.length, 30);
    assert.equal(full.cancelled, false);
  });

  test('a long walk lets the event loop run (editor events, cancellation) while it lists folders', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${String(i).padStart(2, '0')}/f.txt`] = 'x';
    const root = makeTree(files);
    // Each cancellation check (one per folder) takes 2 ms, so the walk outlasts its 10 ms slices; an immediate
    // queued at the third check (the walk's first folders are listed; the start's own awaits are behind it)
    // must run before the walk returns.
    let walkDone = false;
    let ranDuringWalk = false;
    let checks = 0;
    const cancellation = {
      get isCancellationRequested() {
        if (++checks === 3) setImmediate(() => (ranDuringWalk = !walkDone));
        const until = Date.now() + 2;
        while (Date.now() < until);
        return false;
      },
    };
    const result = await discoverFiles({ root, cancellation });
    walkDone = true;
    assert.equal(result.files.length, 30);
    assert.ok(checks >= 30, `checks: ${checks}`);
    assert.equal(ranDuringWalk, true);
  });
});

describe('createPathFilter', () => {
  test('answers for single documents: .git, excludes on folders, nested .gitignore, tracked exception', async () => {
    const root = makeTree({ '.gitignore': '*.log\nsecrets/\n', 'pkg/.gitignore': 'gen/\n!important.log\n' });
    const filter = await createPathFilter(root, { exclude: ['**/node_modules'] });
    assert.equal(filter('src/key.pem'), true);
    assert.equal(filter('./src/key.pem'), true);
    assert.equal(filter('debug.log'), false);
    assert.equal(filter('pkg/important.log'), true);
    assert.equal(filter('pkg/gen/k.pem'), false);
    assert.equal(filter('secrets/k.pem'), false);
    assert.equal(filter('a/node_modules/x/k.pem'), false);
    assert.equal(filter('.git/config'), false);
    assert.equal(filter('../outside.pem'), false);
    assert.equal(filter(''), false);

    const withGit = await createPathFilter(root, { git: { isTracked: (p) => p === 'secrets/k.pem' } });
    assert.equal(withGit('secrets/k.pem'), true);
    assert.equal(withGit('secrets/other.pem'), false);

    const noGitignore = await createPathFilter(root, { useGitignore: false });
    assert.equal(noGitignore('debug.log'), true);
  });
});
