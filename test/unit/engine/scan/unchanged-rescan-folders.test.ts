/**
 * The unchanged re-scan without git's untracked listing (scan/unchanged-rescan.ts `resultWithoutListing`):
 * where folder timestamps are trusted, the stored result records the lstat of every folder git reads for that
 * listing, and a re-scan that finds them all as they were does not ask git for it. Each test settles its own
 * repository (real git) to that point, changes one thing, and checks that the next re-scan does not take the
 * stored result and reports what a scan without the cache reports.
 *
 * A folder is recorded only when it last changed more than the racy margin (2 s) before git was asked: the
 * repositories are all made first, then one wait lets their folders age.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { directoryTimesKept } from '../../../../src/engine/scan/recorded-folders';
import type { WorkspaceScanOptions } from '../../../../src/engine/scan/workspace-options';
import type { Finding, ScanResult } from '../../../../src/engine/types';
import { generatePemKey } from '../../../helpers/keys';
import { comparable, JournalRepo, PAST, REAL_GIT, ruleIdsAt, SIGNING_SCRIPT, startingRepoFiles } from '../../../helpers/journal-repo';
import { tempDir } from '../../../helpers/temp-tree';

function startingFiles(): Record<string, string> {
  return { ...startingRepoFiles(), 'docs/readme.md': '# readme\n' };
}

const CASES = [
  'settled',
  'tracked file edited',
  'untracked key added',
  'folder mtime restored',
  'untracked folder added',
  'added then removed',
  'untracked file staged',
  'changed while stored',
  'edits one after another',
  'binary and too large',
  'excluded file edited',
  'ignore file edited',
  'tracked file removed',
  'edit and untracked file',
  'tracked file in an ignored folder',
  'index rewritten',
  'staged and committed',
  'index written while listed',
  'untracked file removed and renamed',
  'ignored folder made',
  'link or fifo made',
  'tracked file became a folder',
  'glob characters in a folder',
  'stored without folder stats',
  'stored with damaged folder stats',
  'folder below the root',
] as const;
type Case = (typeof CASES)[number];
const repos = new Map<Case, JournalRepo>();

function repo(name: Case): JournalRepo {
  const made = repos.get(name);
  assert.ok(made, name);
  return made;
}

/** The stored result as written next to the cache file. */
function storedFolders(repo: JournalRepo): string[] | undefined {
  const stored = JSON.parse(readFileSync(`${repo.cacheFile}.unchanged`, 'utf8')) as { folders?: { paths: string } };
  return stored.folders?.paths.split('\0');
}

/** Walked, then a journal re-scan that stores its result with the folders; the next re-scan answers without git's listing. */
async function settle(repo: JournalRepo, options: Partial<WorkspaceScanOptions> = {}, extraFolders: readonly string[] = []): Promise<void> {
  await repo.cachedScan(undefined, undefined, options);
  assert.equal((await repo.cachedScan(undefined, undefined, options)).unchanged, false, 'the first re-scan uses the journal');
  const expected = ['', 'deploy', 'docs', 'src', 'src/deep', 'src/deep/er', ...extraFolders].sort();
  assert.deepEqual(storedFolders(repo)?.sort(), expected, 'the folders git reads are recorded');
  const { result, unchanged, withoutListing } = await repo.cachedScan(undefined, undefined, options);
  assert.ok(unchanged && withoutListing, "the stored result answers without git's untracked listing");
  assert.deepEqual(comparable(result), comparable(await repo.freshScan(undefined, options)), 'the stored result is a fresh scan’s');
}

/** A folder changed, but not what the walk lists: the stored result stands, told without git's listing. */
async function assertStandsWithoutListing(repo: JournalRepo, what: string): Promise<void> {
  const { result, unchanged, withoutListing } = await repo.cachedScan();
  assert.ok(unchanged && withoutListing, `${what}: the stored result stands, without git's listing`);
  assert.deepEqual(comparable(result), comparable(await repo.freshScan()), `${what}: as a fresh scan`);
}

/** The next re-scan does not take the stored result, and reports what a fresh scan reports. */
async function assertNoticed(repo: JournalRepo, what: string, options: Partial<WorkspaceScanOptions> = {}): Promise<ScanResult> {
  const { result } = await rescan(repo, what, options);
  return result;
}

/** assertNoticed, telling whether only the changed tracked files were scanned (scan/changed-rescan.ts). */
async function rescan(repo: JournalRepo, what: string, options: Partial<WorkspaceScanOptions> = {}): Promise<{ result: ScanResult; changedOnly: boolean }> {
  const { result, unchanged, changedOnly } = await repo.cachedScan(undefined, undefined, options);
  assert.equal(unchanged, false, `${what}: the stored result must not stand`);
  assert.deepEqual(comparable(result), comparable(await repo.freshScan(undefined, options)), `${what}: the re-scan equals a fresh scan`);
  return { result, changedOnly };
}

const key = () => generatePemKey('ec-pkcs8').text;

describe(
  "unchanged re-scan without git's untracked listing: the folders' lstat speak for it",
  { skip: !directoryTimesKept(tmpdir()) && 'folder timestamps are not trusted on the temporary folder’s file system' },
  () => {
    before(async () => {
      for (const name of CASES) repos.set(name, new JournalRepo(startingFiles()));
      repo('untracked file staged').write({ 'src/loose.pem': key() });
      repo('ignore file edited').write({ 'src/loose.pem': key() });
      repo('index written while listed').write({ 'src/loose.pem': key() });
      const binary = repo('binary and too large');
      binary.write({ 'src/blob.bin': '\0\0\0binary\0' });
      binary.git('add', 'src/blob.bin');
      binary.git('commit', '-q', '-m', 'a binary file');
      const ignored = repo('tracked file in an ignored folder');
      ignored.write({ 'build/sign.sh': '#!/bin/sh\necho later\n' });
      ignored.git('add', '-f', 'build/sign.sh');
      ignored.git('commit', '-q', '-m', 'a tracked file in an ignored folder');
      repo('untracked file removed and renamed').write({ 'src/loose.pem': key(), 'docs/notes.txt': 'notes\n' });
      const globby = repo('glob characters in a folder');
      globby.write({ 'src/we[i]rd*/tracked.pem': key(), 'src/we[i]rd*/other.txt': 'tracked\n' });
      globby.git('add', 'src');
      globby.git('commit', '-q', '-m', 'a folder named like a glob');
      const parent = repo('folder below the root');
      // A committed key beside the files made later: taken for an untracked one, its finding would differ.
      parent.write({ 'app/src/main.js': 'export const a = 1;\n', 'app/README.md': '# app\n', 'app/release.pem': key() });
      parent.git('add', '-A');
      parent.git('commit', '-q', '-m', 'an app folder');
      // Older than the racy margin before the next scans ask git.
      await sleep(2100);
    });

    test('settled: answered from the folders alone, and again', async () => {
      await settle(repo('settled'));
      const again = await repo('settled').cachedScan();
      assert.ok(again.unchanged && again.withoutListing);
    });

    test('a tracked file edited: no folder changes, git reports the file', async () => {
      const r = repo('tracked file edited');
      await settle(r);
      r.write({ 'src/deep/er/plain.js': key() });
      assert.ok(ruleIdsAt(await assertNoticed(r, 'edited'), 'src/deep/er/plain.js').length > 0, 'the key is found');
    });

    test('an untracked key written in a deep tracked folder: that folder read, the key alone scanned', async () => {
      const r = repo('untracked key added');
      await settle(r);
      r.write({ 'src/deep/er/new.pem': key() });
      const { result, changedOnly } = await rescan(r, 'key added');
      assert.ok(changedOnly, 'over the stored result (scan/folder-journal.ts)');
      assert.ok(ruleIdsAt(result, 'src/deep/er/new.pem').length > 0, 'the new key is found');
    });

    test("a key added, then the folder's mtime set back: its ctime still differs", async () => {
      const r = repo('folder mtime restored');
      await settle(r);
      const folder = path.join(r.root, 'src', 'deep');
      const { mtimeNs } = statSync(folder, { bigint: true });
      r.write({ 'src/deep/new.pem': key() });
      // To the nanosecond (utimes takes a double of seconds; touch takes the digits).
      const seconds = mtimeNs / 1_000_000_000n;
      const fraction = String(mtimeNs % 1_000_000_000n).padStart(9, '0');
      execFileSync('touch', ['-m', '-d', `@${seconds}.${fraction}`, folder]);
      assert.equal(statSync(folder, { bigint: true }).mtimeNs, mtimeNs, 'mtime restored');
      assert.ok(ruleIdsAt(await assertNoticed(r, 'mtime restored'), 'src/deep/new.pem').length > 0, 'the new key is found');
    });

    test('an untracked folder holding a key, made inside a tracked folder', async () => {
      const r = repo('untracked folder added');
      await settle(r);
      mkdirSync(path.join(r.root, 'docs', 'extra'));
      r.write({ 'docs/extra/release.key': key() });
      assert.ok(ruleIdsAt(await assertNoticed(r, 'folder added'), 'docs/extra/release.key').length > 0, 'the new key is found');
    });

    test('a file added and removed again: the folder changed, its entries did not, and reading it says so', async () => {
      const r = repo('added then removed');
      await settle(r);
      r.write({ 'src/tmp.txt': 'x' });
      r.write({ 'src/tmp.txt': null });
      await assertStandsWithoutListing(r, 'a file added and removed again');
    });

    test('untracked files removed, and one renamed: dropped, and the new name scanned, over the stored result', async () => {
      const r = repo('untracked file removed and renamed');
      await settle(r);
      r.write({ 'docs/notes.txt': null });
      const removed = await rescan(r, 'an untracked file removed');
      assert.ok(removed.changedOnly);
      renameSync(path.join(r.root, 'src', 'loose.pem'), path.join(r.root, 'src', 'moved.pem'));
      const renamed = await rescan(r, 'an untracked key renamed');
      assert.ok(renamed.changedOnly);
      assert.deepEqual(ruleIdsAt(renamed.result, 'src/loose.pem'), []);
      assert.ok(ruleIdsAt(renamed.result, 'src/moved.pem').length > 0, 'found under its new name');
    });

    test('a folder .gitignore ignores made (build output): no change, without git’s listing', async () => {
      const r = repo('ignored folder made');
      await settle(r);
      r.write({ 'build/out/bundle.js': key() });
      await assertStandsWithoutListing(r, 'the root changed by an ignored folder only');
    });

    test('a link or a FIFO made: git is asked for its listing, as before', async () => {
      const r = repo('link or fifo made');
      await settle(r);
      symlinkSync('../deploy/sign.sh', path.join(r.root, 'src', 'linked.sh'));
      assert.equal((await rescan(r, 'a link made')).changedOnly, false);
      await r.cachedScan();
      // git lists no FIFO, so neither does the journal walk until the next full walk (scan/journal-walk.ts): no key in one.
      execFileSync('mkfifo', [path.join(r.root, 'docs', 'pipe')]);
      const fifo = await r.cachedScan();
      assert.ok(!fifo.changedOnly && !fifo.withoutListing, "git's listing asked");
    });

    test('a tracked file replaced by a folder holding a key: the walk', async () => {
      const r = repo('tracked file became a folder');
      await settle(r);
      r.write({ 'docs/readme.md': null });
      r.write({ 'docs/readme.md/inside.pem': key() });
      const { result, changedOnly } = await rescan(r, 'a tracked file became a folder');
      assert.equal(changedOnly, false);
      assert.ok(ruleIdsAt(result, 'docs/readme.md/inside.pem').length > 0);
    });

    test('a folder named with glob characters: its tracked files are told by name, not by pattern', async () => {
      const r = repo('glob characters in a folder');
      await settle(r, {}, ['src/we[i]rd*']);
      r.write({ 'src/we[i]rd*/new.pem': key() });
      const { result, changedOnly } = await rescan(r, 'an untracked key beside tracked ones');
      assert.ok(changedOnly);
      assert.ok(ruleIdsAt(result, 'src/we[i]rd*/new.pem').length > 0);
    });

    for (const [name, how] of [
      ['stored without folder stats', 'missing (an earlier version)'],
      ['stored with damaged folder stats', 'not what the stored digest is of'],
    ] as const) {
      test(`each folder’s lstat ${how}: git lists the untracked files`, async () => {
        const r = repo(name);
        await settle(r);
        const statsFile = `${r.cacheFile}.unchanged.folders`;
        const recorded = readFileSync(statsFile);
        assert.equal(recorded.length, 6 * 32, 'device, inode, mtime and ctime of each of the six folders');
        if (name === 'stored without folder stats') rmSync(statsFile);
        else writeFileSync(statsFile, Buffer.from(recorded.map((byte, i) => (i === recorded.length - 1 ? byte ^ 1 : byte))));
        r.write({ 'src/new.pem': key() });
        const { result, changedOnly } = await rescan(r, `a key made, the folders’ lstat ${how}`);
        assert.equal(changedOnly, false);
        assert.ok(ruleIdsAt(result, 'src/new.pem').length > 0);
      });
    }

    test('a workspace folder below the repository root: git names the tracked files relative to it', async () => {
      const ws = new JournalRepo({}, { repo: repo('folder below the root'), folder: 'app' });
      await ws.cachedScan();
      await ws.cachedScan();
      const settled = await ws.cachedScan();
      assert.ok(settled.unchanged && settled.withoutListing, 'settled');
      ws.write({ 'src/new.pem': key(), 'notes.txt': 'beside README.md\n' });
      const { result, changedOnly } = await rescan(ws, 'files made in the workspace folder and below');
      assert.ok(changedOnly);
      assert.ok(ruleIdsAt(result, 'src/new.pem').length > 0);
    });

    test('an untracked key staged with git add: no folder changes, the index does', async () => {
      const r = repo('untracked file staged');
      await settle(r);
      const stagedBefore = (await r.cachedScan()).result;
      assert.ok(ruleIdsAt(stagedBefore, 'src/loose.pem').length > 0, 'the untracked key is reported');
      const folder = statSync(path.join(r.root, 'src'));
      r.git('add', 'src/loose.pem');
      assert.equal(statSync(path.join(r.root, 'src')).ctimeMs, folder.ctimeMs, 'the folder did not change');
      const after = ruleIdsAt(await assertNoticed(r, 'staged'), 'src/loose.pem');
      const findings = (result: ScanResult) => JSON.stringify(result.findings.filter((f) => f.path === 'src/loose.pem'));
      assert.notEqual(findings((await r.cachedScan()).result), findings(stagedBefore), 'the finding now says the key is tracked');
      assert.ok(after.length > 0);
    });

    test('tracked files edited one after another: each re-scan reads only them, over the same stored result', async () => {
      const r = repo('edits one after another');
      await settle(r);
      // README.md sorts before the stored finding in deploy/, src/other.js after it.
      r.write({ 'src/other.js': key(), 'README.md': key() });
      const first = await rescan(r, 'keys written into tracked files');
      assert.ok(first.changedOnly, 'only the changed files were scanned');
      assert.ok(ruleIdsAt(first.result, 'src/other.js').length > 0, 'the key is found');
      assert.deepEqual([...new Set(first.result.findings.map((f) => f.path))], ['README.md', 'deploy/sign.sh', 'src/other.js']);
      assert.equal(first.result.fromCache, first.result.filesScanned - 2);
      const heard: Finding[] = [];
      const { result } = await r.cachedScan(undefined, undefined, { onFindings: (findings) => heard.push(...findings) });
      assert.deepEqual(heard, [...result.findings], 'onFindings hears every finding of the merged result, in order');
      assert.ok(heard.length > 0);

      r.write({ 'deploy/sign.sh': '#!/bin/sh\necho nothing to sign\n' });
      const second = await rescan(r, 'a finding edited away in another file');
      assert.ok(second.changedOnly);
      assert.deepEqual(ruleIdsAt(second.result, 'deploy/sign.sh'), [], 'its finding is gone');
      assert.ok(ruleIdsAt(second.result, 'src/other.js').length > 0, 'the first edit still counts');

      r.write({ 'src/other.js': 'export const b = 2;\n' });
      const third = await rescan(r, 'the first file put back');
      assert.ok(third.changedOnly, 'git still lists both files (their stat differs from the index)');
      assert.deepEqual(ruleIdsAt(third.result, 'src/other.js'), []);
    });

    test('tracked files that became binary, or larger than the size cap: skipped as a full scan skips them', async () => {
      const r = repo('binary and too large');
      const options = { maxFileSize: 4096 };
      await settle(r, options);
      r.write({ 'src/other.js': `\0\0binary\0${key()}` });
      r.write({ 'docs/readme.md': '# readme\n' + 'x'.repeat(5000) });
      const { result, changedOnly } = await rescan(r, 'binary and too large', options);
      assert.ok(changedOnly);
      assert.deepEqual(
        result.skipped.filter((entry) => entry.path === 'src/other.js' || entry.path === 'docs/readme.md').map((entry) => [entry.path, entry.reason]),
        [
          ['docs/readme.md', 'too-large'],
          ['src/other.js', 'binary'],
        ],
      );
      r.write({ 'docs/readme.md': '# readme\n' });
      assert.ok((await rescan(r, 'back under the cap', options)).changedOnly);
      // Skipped in the stored result, so not counted there: counted now.
      r.write({ 'src/blob.bin': key() });
      const text = await rescan(r, 'a binary file rewritten as text', options);
      assert.ok(text.changedOnly);
      assert.ok(ruleIdsAt(text.result, 'src/blob.bin').length > 0);
    });

    test('an edited tracked file the options exclude: still not scanned', async () => {
      const r = repo('excluded file edited');
      const options = { exclude: ['docs/**'] };
      await settle(r, options);
      r.write({ 'docs/readme.md': key() });
      const { result, changedOnly } = await rescan(r, 'excluded file edited', options);
      assert.ok(changedOnly);
      assert.deepEqual(ruleIdsAt(result, 'docs/readme.md'), []);
      assert.equal(
        result.skipped.some((entry) => entry.path === 'docs/readme.md'),
        false,
      );
    });

    test('a tracked .gitignore edited: its rules decide about other files, so the folder is walked again', async () => {
      const r = repo('ignore file edited');
      await settle(r);
      assert.ok(ruleIdsAt((await r.cachedScan()).result, 'src/loose.pem').length > 0, 'the untracked key is reported');
      r.write({ '.gitignore': 'build/\n*.pem\n' });
      const { result, changedOnly } = await rescan(r, '.gitignore edited');
      assert.equal(changedOnly, false);
      assert.deepEqual(ruleIdsAt(result, 'src/loose.pem'), [], 'the now ignored untracked key is no longer scanned');
    });

    test('a tracked file removed, or an edit beside a new untracked file: over the stored result, the folders read', async () => {
      const removed = repo('tracked file removed');
      await settle(removed);
      removed.write({ 'deploy/sign.sh': null });
      const gone = await rescan(removed, 'tracked file removed');
      assert.ok(gone.changedOnly);
      assert.deepEqual(ruleIdsAt(gone.result, 'deploy/sign.sh'), [], 'its finding is gone');

      const both = repo('edit and untracked file');
      await settle(both);
      both.write({ 'src/other.js': key(), 'src/deep/new.pem': key() });
      const { result, changedOnly } = await rescan(both, 'edit and untracked file');
      assert.ok(changedOnly);
      assert.ok(ruleIdsAt(result, 'src/deep/new.pem').length > 0, 'the new untracked key is found');
    });

    test('a tracked file in a folder .gitignore ignores, edited: scanned, as tracked files always are', async () => {
      const r = repo('tracked file in an ignored folder');
      await settle(r, {}, ['build']);
      r.write({ 'build/sign.sh': SIGNING_SCRIPT });
      const { result, changedOnly } = await rescan(r, 'edited in an ignored folder');
      assert.ok(changedOnly);
      assert.ok(ruleIdsAt(result, 'build/sign.sh').length > 0, 'the edit is scanned');
    });

    test('the index file rewritten with the same entries: recognised from git’s listing, then by its new digest', async () => {
      const r = repo('index rewritten');
      await settle(r);
      const indexFile = path.join(r.root, '.git', 'index');
      const before = readFileSync(indexFile);
      r.git('update-index', '--index-version', '4');
      assert.notDeepEqual(readFileSync(indexFile), before, 'the index file changed');
      const first = await r.cachedScan();
      assert.ok(first.unchanged && first.withoutListing, 'the stored result stands: the same entries');
      assert.deepEqual(comparable(first.result), comparable(await r.freshScan()));
      const again = await r.cachedScan();
      assert.ok(again.unchanged && again.withoutListing);
    });

    test('an edit staged, then committed: the commit rewrites the index, not its entries', async () => {
      const r = repo('staged and committed');
      await settle(r);
      r.write({ 'src/other.js': key() });
      r.git('add', 'src/other.js');
      assert.equal((await rescan(r, 'staged')).changedOnly, false, 'the index changed: the journal walk');
      const staged = await r.cachedScan();
      assert.ok(staged.unchanged && staged.withoutListing, 'its result is stored, with the folders');
      const indexFile = path.join(r.root, '.git', 'index');
      const before = readFileSync(indexFile);
      r.git('commit', '-q', '-m', 'a key');
      assert.notDeepEqual(readFileSync(indexFile), before, 'the commit rewrote the index file');
      const committed = await r.cachedScan();
      assert.ok(committed.unchanged && committed.withoutListing, 'the stored result stands after the commit');
      assert.deepEqual(comparable(committed.result), comparable(await r.freshScan()));
      assert.ok(ruleIdsAt(committed.result, 'src/other.js').length > 0);
    });

    test('the index written while git lists it: nothing is stored or taken under the digest read before', async () => {
      const r = repo('index written while listed');
      await settle(r);
      const indexFile = path.join(r.root, '.git', 'index');
      const untrackedIndex = readFileSync(indexFile);
      r.git('add', 'src/loose.pem');
      const trackedIndex = readFileSync(indexFile);

      // A git that, the first time it is asked for the index listing, puts the old index back before listing it:
      // the index digested before (loose.pem tracked) is not the index listed (untracked, as stored).
      const bin = tempDir('keyward-racing-git-');
      const saved = path.join(bin, 'untracked-index');
      const once = path.join(bin, 'swapped');
      writeFileSync(saved, untrackedIndex);
      writeFileSync(
        path.join(bin, 'git'),
        `#!/bin/sh\ncase "$*" in *--debug*) if [ ! -e "${once}" ]; then : > "${once}"; cp "${saved}" "${indexFile}"; fi;; esac\nexec "${REAL_GIT}" "$@"\n`,
      );
      chmodSync(path.join(bin, 'git'), 0o755);
      const savedPath = process.env['PATH'];
      process.env['PATH'] = `${bin}${path.delimiter}${savedPath ?? ''}`;
      try {
        const racing = await r.cachedScan();
        assert.ok(existsSync(once), 'the index was swapped during the listing');
        assert.equal(racing.unchanged, false);
        assert.deepEqual(comparable(racing.result), comparable(await r.freshScan()));
      } finally {
        process.env['PATH'] = savedPath;
      }

      // The index back to the bytes digested before the listing: the result computed from the other listing must not stand.
      writeFileSync(indexFile, trackedIndex);
      const { result, unchanged } = await r.cachedScan();
      assert.equal(unchanged, false, 'no result was stored or adopted under the digest read before the listing');
      assert.deepEqual(comparable(result), comparable(await r.freshScan()));
    });

    test('a key written into a walked folder while the storing scan runs: the folders are not recorded', async () => {
      const r = repo('changed while stored');
      await r.cachedScan();
      let written = false;
      await r.cachedScan(undefined, undefined, {
        onFindings: () => {
          if (written) return;
          written = true;
          r.write({ 'src/during.pem': key() }, PAST);
        },
      });
      assert.ok(written, 'the scan reported findings');
      assert.equal(storedFolders(r)?.includes('src') ?? false, false, 'a folder changed after git was asked is not recorded');
      assert.ok(ruleIdsAt(await assertNoticed(r, 'written during the storing scan'), 'src/during.pem').length > 0, 'the key is found');
    });
  },
);

test('folder timestamps are trusted only on file systems known to keep them', () => {
  if (process.platform !== 'linux') {
    assert.equal(directoryTimesKept(process.cwd()), false);
    return;
  }
  assert.equal(directoryTimesKept('/proc'), false, 'procfs');
  assert.equal(directoryTimesKept(path.join(process.cwd(), 'no-such-folder')), false, 'a folder that does not exist');
});

test('an index file Keyward cannot digest (a symlink): the journal answers, no result is stored or taken', async () => {
  const r = new JournalRepo(startingFiles());
  const indexFile = path.join(r.root, '.git', 'index');
  renameSync(indexFile, `${indexFile}.real`);
  symlinkSync('index.real', indexFile);
  await r.cachedScan();
  for (const what of ['first re-scan', 'second re-scan']) {
    const { result, unchanged, journal } = await r.cachedScan();
    assert.equal(unchanged, false, `${what}: no stored result`);
    assert.match(journal ?? 'walked', /answered from git's index/, `${what}: git's journal still answers`);
    assert.deepEqual(comparable(result), comparable(await r.freshScan()));
  }
  assert.equal(existsSync(`${r.cacheFile}.unchanged`), false);
});
