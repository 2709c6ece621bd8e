/**
 * watchman as the change journal of the unchanged re-scan (scan/watchman-journal.ts): where the user's watchman
 * service watches the workspace, the stored result keeps watchman's clock, and a re-scan that watchman says
 * nothing changed since asks git neither `diff-files` nor its listings. Each test makes its own repository
 * (real git), watched by a watchman service of the test's own, settles it, changes one thing, and checks that
 * the next re-scan does not take the stored result and reports what a scan without the cache reports.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { resolveWatchmanExecutable } from '../../../../src/engine/process/git-executable';
import { directoryTimesKept } from '../../../../src/engine/scan/recorded-folders';
import { hiddenFolders, sortedWatchmanFiles } from '../../../../src/engine/scan/watchman-journal';
import type { WorkspaceScanOptions } from '../../../../src/engine/scan/workspace-options';
import type { ScanResult } from '../../../../src/engine/types';
import { generatePemKey } from '../../../helpers/keys';
import { comparable, JournalRepo, REAL_GIT, ruleIdsAt, SIGNING_SCRIPT, startingRepoFiles } from '../../../helpers/journal-repo';
import { tempDir } from '../../../helpers/temp-tree';
import { skipWithoutWatchman, WatchmanService } from '../../../helpers/watchman';

const key = () => generatePemKey('ec-pkcs8').text;

/** The watchman clock the stored result keeps, if any. */
function storedClock(repo: JournalRepo): unknown {
  const file = `${repo.cacheFile}.unchanged`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { watchman?: unknown }).watchman : undefined;
}

/** A git on PATH that logs each command line to `log` (then runs the real git). */
function loggingGit(): { bin: string; log: string } {
  const bin = tempDir('keyward-logging-git-');
  const log = path.join(bin, 'calls.log');
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${REAL_GIT}" "$@"\n`);
  chmodSync(path.join(bin, 'git'), 0o755);
  return { bin, log };
}

async function withPathFirst<T>(bin: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = `${bin}${path.delimiter}${saved ?? ''}`;
  try {
    return await body();
  } finally {
    process.env['PATH'] = saved;
  }
}

describe(
  'unchanged re-scan with watchman as the journal',
  {
    skip: skipWithoutWatchman || (!directoryTimesKept(tmpdir()) && 'watchman is used only on local file systems, which the temporary folder is not on'),
  },
  () => {
    const service = new WatchmanService();
    after(() => service.shutdown());

    /** A committed repository, watched; scanned, then re-scanned by the journal, which stores its result with a clock. */
    async function settledRepo(files: Record<string, string> = startingRepoFiles(), options: Partial<WorkspaceScanOptions> = {}): Promise<JournalRepo> {
      const repo = new JournalRepo(files);
      service.watch(repo.root);
      await repo.cachedScan(undefined, undefined, options);
      const journal = await repo.cachedScan(undefined, undefined, options);
      assert.equal(journal.unchanged, false, 'the first re-scan uses the journal');
      return repo;
    }

    /** The next re-scan does not take the stored result, and reports what a fresh scan reports. */
    async function assertNoticed(repo: JournalRepo, what: string): Promise<ScanResult> {
      const { result, unchanged } = await repo.cachedScan();
      assert.equal(unchanged, false, `${what}: the stored result must not stand`);
      assert.deepEqual(comparable(result), comparable(await repo.freshScan()), `${what}: the re-scan equals a fresh scan`);
      return result;
    }

    test("settled: watchman's answer alone, without git's diff-files or listings", async () => {
      await service.during(async () => {
        const r = await settledRepo();
        assert.ok(storedClock(r), 'the stored result keeps a watchman clock');
        const git = loggingGit();
        const again = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(again.unchanged && again.watchmanUnchanged, 'watchman answered');
        assert.deepEqual(comparable(again.result), comparable(await r.freshScan()));
        const calls = readFileSync(git.log, 'utf8');
        assert.match(calls, /rev-parse --git-path index/, 'the logging git was the one asked');
        assert.doesNotMatch(calls, /diff-files|ls-files/, 'no tracked file or folder was compared by git');
        // A commit writes inside .git only (COMMIT_EDITMSG, the index, refs): no change in the work tree.
        r.git('commit', '-q', '--allow-empty', '-m', 'nothing');
        const committed = await r.cachedScan();
        assert.ok(committed.unchanged && committed.watchmanUnchanged, "changes inside .git are not the work tree's");
        assert.deepEqual(comparable(committed.result), comparable(await r.freshScan()));
      });
    });

    test('tracked files rewritten (one with its old mtime): only they are scanned, on watchman’s word alone', async () => {
      await service.during(async () => {
        const r = await settledRepo();
        // `write` dates the file an hour back, as the repository's files were dated.
        r.write({ 'src/deep/er/plain.js': key(), 'README.md': '# app, edited\n' });
        const git = loggingGit();
        const { result, unchanged, changedOnly } = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(!unchanged && changedOnly, 'only the changed files were scanned');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
        assert.ok(ruleIdsAt(result, 'src/deep/er/plain.js').length > 0, 'the key is found');
        assert.doesNotMatch(readFileSync(git.log, 'utf8'), /diff-files|ls-files/, 'git compared no file and listed nothing');
        r.write({ 'src/deep/er/plain.js': 'export const a = 1;\n' });
        const again = await r.cachedScan();
        assert.ok(again.changedOnly, 'again over the same stored result');
        assert.deepEqual(comparable(again.result), comparable(await r.freshScan()), 'the key edited away');
      });
    });

    for (const untracked of ['src/notes.txt', 'build/notes.txt']) {
      test(`an untracked file edited in place (${untracked}): not taken for a tracked one`, async () => {
        await service.during(async () => {
          const r = new JournalRepo(startingRepoFiles());
          r.write({ [untracked]: 'nothing yet\n' });
          service.watch(r.root);
          await r.cachedScan();
          await r.cachedScan();
          assert.ok(storedClock(r) && (await r.cachedScan()).watchmanUnchanged, 'settled with the untracked file');
          r.write({ [untracked]: key() });
          const { result, changedOnly } = await r.cachedScan();
          assert.ok(!changedOnly, 'not the changed-files re-scan');
          assert.deepEqual(comparable(result), comparable(await r.freshScan()));
        });
      });
    }

    test('an untracked key made in a deep folder: only it is scanned, git lists nothing', async () => {
      await service.during(async () => {
        const r = await settledRepo();
        r.write({ 'src/deep/er/new.pem': key() });
        const git = loggingGit();
        const { result, changedOnly } = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(changedOnly, 'only the file made was scanned');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
        assert.ok(ruleIdsAt(result, 'src/deep/er/new.pem').length > 0, 'the new key is found');
        assert.doesNotMatch(readFileSync(git.log, 'utf8'), /diff-files|--others|--debug/, 'no comparison and no listing');
      });
    });

    test('files made: in a new folder, in an ignored folder, binary, over the size cap; a tracked file removed and made again', async () => {
      await service.during(async () => {
        const r = await settledRepo({ ...startingRepoFiles(), 'deploy/release.pem': key() });
        r.write({ 'deploy/release.pem': null });
        r.write({
          'deploy/release.pem': key(),
          'tools/new/sign.pem': key(),
          'build/out.pem': key(),
          'src/blob.bin': '\0\0\0binary\0',
        });
        r.write({ 'src/huge.txt': 'x'.repeat(3 * 1024 * 1024) });
        const { result, changedOnly } = await r.cachedScan();
        assert.ok(changedOnly, 'only the files changed and made were scanned');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
        assert.ok(ruleIdsAt(result, 'tools/new/sign.pem').length > 0);
        assert.ok(result.skipped.some((entry) => entry.path === 'src/huge.txt') && result.skipped.some((entry) => entry.path === 'src/blob.bin'));
        assert.equal(ruleIdsAt(result, 'build/out.pem').length, 0, 'the ignored file is not scanned');
      });
    });

    for (const [gitignore, what] of [
      ['build/\n', 'a file made that the options exclude: the folder is scanned (the walk counts it)'],
      ['build/\n*.log\n', 'a file made that both the options and .gitignore exclude: the options come first, and the walk counts it'],
    ] as const) {
      test(what, async () => {
        await service.during(async () => {
          const exclude = ['**/*.log'];
          const r = await settledRepo({ ...startingRepoFiles(), '.gitignore': gitignore }, { exclude });
          r.write({ 'src/run.log': 'nothing\n' });
          const { result, unchanged } = await r.cachedScan(exclude);
          assert.ok(!unchanged);
          assert.deepEqual(comparable(result), comparable(await r.freshScan(exclude)));
          assert.equal(result.excludedPaths, 1, 'the walk counts the file the options exclude');
        });
      });
    }

    test('a file made and removed again (a temporary file): no change; one that was there before: a removal', async () => {
      await service.during(async () => {
        const r = new JournalRepo(startingRepoFiles());
        r.write({ 'src/loose.txt': 'untracked\n' });
        service.watch(r.root);
        await r.cachedScan();
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled with an untracked file');
        r.write({ 'src/.edit.swp': 'x' });
        r.write({ 'src/.edit.swp': null });
        const git = loggingGit();
        const temporary = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(temporary.unchanged, 'a temporary file is no change');
        assert.doesNotMatch(readFileSync(git.log, 'utf8'), /diff-files|--others|--debug/, "on watchman's word");

        r.write({ 'src/loose.txt': null });
        r.write({ 'src/loose.txt': 'untracked\n' });
        r.write({ 'src/loose.txt': null });
        const { result, unchanged } = await r.cachedScan();
        assert.ok(!unchanged, 'an untracked file there before, made again and removed: removed');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));

        r.write({ 'README.md': null });
        r.write({ 'README.md': '# app\n' });
        r.write({ 'README.md': null });
        const removed = await r.cachedScan();
        assert.ok(!removed.unchanged, 'a tracked file removed, made again and removed: removed');
        assert.deepEqual(comparable(removed.result), comparable(await r.freshScan()));
      });
    });

    test('a .gitignore made, or a folder removed: the journal walk', async () => {
      await service.during(async () => {
        const r = await settledRepo({ ...startingRepoFiles(), 'src/loose.pem': key(), 'docs/readme.md': '# docs\n' });
        r.write({ 'src/.gitignore': '*.pem\n' });
        const made = await r.cachedScan();
        assert.ok(!made.changedOnly && !made.unchanged, 'an ignore file made');
        assert.deepEqual(comparable(made.result), comparable(await r.freshScan()));
        rmSync(path.join(r.root, 'docs'), { recursive: true });
        const { result, changedOnly } = await r.cachedScan();
        assert.equal(changedOnly, false, 'a folder removed');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
      });
    });

    test('build output .gitignore ignores rewritten, removed whole and made again, over 1,000 files: no change, on watchman’s word', async () => {
      await service.during(async () => {
        const r = new JournalRepo(startingRepoFiles());
        r.write({ 'build/out.txt': 'built\n', 'src/app.log': 'started\n', '.gitignore': 'build/\n*.log\n' });
        r.git('commit', '-q', '-am', 'ignore logs');
        service.watch(r.root);
        await r.cachedScan();
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled with the build output');
        const git = loggingGit();
        r.write({ 'build/out.txt': key(), 'src/app.log': `started\n${key()}` });
        const rewritten = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(rewritten.unchanged, 'ignored files rewritten: the stored result stands');
        assert.deepEqual(comparable(rewritten.result), comparable(await r.freshScan()));
        rmSync(path.join(r.root, 'build'), { recursive: true });
        r.write(Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`build/chunk-${i}/part.js`, `export const p${i} = ${i};\n`])));
        const rebuilt = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(rebuilt.unchanged, 'the ignored folder removed and made again with 1,200 files: the stored result stands');
        assert.deepEqual(comparable(rebuilt.result), comparable(await r.freshScan()));
        assert.doesNotMatch(readFileSync(git.log, 'utf8'), /diff-files|--others|--debug/, 'no comparison and no listing');
        assert.match(readFileSync(git.log, 'utf8'), /ls-files -z --cached --with-tree=HEAD -- (build|src\/app\.log) /, 'git asked what it holds there');
        // The folder removed for good: its entry in git's untracked listing is gone, which the re-scan sees.
        rmSync(path.join(r.root, 'build'), { recursive: true });
        const removed = await r.cachedScan();
        assert.deepEqual(comparable(removed.result), comparable(await r.freshScan()));
      });
    });

    test('an untracked .gitignore that ignores itself, edited: its new rules apply', async () => {
      await service.during(async () => {
        const r = new JournalRepo(startingRepoFiles());
        r.write({ 'src/.gitignore': '.gitignore\n*.pem\n', 'src/loose.pem': key() });
        service.watch(r.root);
        await r.cachedScan();
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled');
        r.write({ 'src/.gitignore': '.gitignore\n' });
        const result = await assertNoticed(r, 'the ignore file edited');
        assert.ok(ruleIdsAt(result, 'src/loose.pem').length > 0, 'the key it no longer ignores is found');
      });
    });

    test('an ignored folder where git holds a file: its changes still count', async () => {
      await service.during(async () => {
        const r = new JournalRepo({ ...startingRepoFiles(), '.gitignore': 'build/\nvendor/\n' });
        r.write({ 'vendor/kept.txt': 'vendored\n', 'vendor/loose.txt': 'not committed\n' });
        r.git('add', '-f', 'vendor/kept.txt');
        r.git('commit', '-q', '-m', 'force-added');
        service.watch(r.root);
        await r.cachedScan();
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled');
        r.write({ 'vendor/kept.txt': key(), 'vendor/loose.txt': key() });
        const committed = await assertNoticed(r, 'a committed file in an ignored folder edited');
        assert.ok(ruleIdsAt(committed, 'vendor/kept.txt').length > 0, 'the key in the committed file is found');
        assert.equal(ruleIdsAt(committed, 'vendor/loose.txt').length, 0, 'the ignored one beside it is not scanned');
        rmSync(path.join(r.root, 'vendor'), { recursive: true });
        const gone = await assertNoticed(r, 'the ignored folder holding a committed file removed');
        assert.equal(ruleIdsAt(gone, 'vendor/kept.txt').length, 0);
      });
    });

    test('files removed (tracked and untracked, with and without findings, ignored, binary): dropped from the stored result', async () => {
      await service.during(async () => {
        const r = new JournalRepo({ ...startingRepoFiles(), 'deploy/old.pem': key(), 'src/blob.bin': '\0\0\0binary\0' });
        r.write({ 'src/loose.pem': key(), 'src/notes.txt': 'notes\n', 'build/out.txt': 'built\n' });
        service.watch(r.root);
        await r.cachedScan();
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled');
        for (const file of ['deploy/old.pem', 'README.md', 'src/loose.pem', 'src/notes.txt', 'build/out.txt', 'src/blob.bin']) r.write({ [file]: null });
        const git = loggingGit();
        const { result, changedOnly } = await withPathFirst(git.bin, () => r.cachedScan());
        assert.ok(changedOnly, 'nothing was scanned but the stored result');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
        assert.doesNotMatch(readFileSync(git.log, 'utf8'), /diff-files|--others|--debug/, 'no comparison and no listing');
      });
    });

    test('a file the options exclude removed: the folder is scanned (the walk counted it)', async () => {
      await service.during(async () => {
        const exclude = ['**/*.log'];
        const r = new JournalRepo(startingRepoFiles());
        r.write({ 'src/run.log': 'nothing\n' });
        service.watch(r.root);
        await r.cachedScan(exclude);
        await r.cachedScan(exclude);
        assert.equal((await r.cachedScan(exclude)).result.excludedPaths, 1);
        r.write({ 'src/run.log': null });
        const { result } = await r.cachedScan(exclude);
        assert.deepEqual(comparable(result), comparable(await r.freshScan(exclude)));
        assert.equal(result.excludedPaths, 0);
      });
    });

    test('a removal staged without touching the work tree: the index is compared apart', async () => {
      await service.during(async () => {
        const r = await settledRepo({ ...startingRepoFiles(), 'deploy/old.pem': key() });
        assert.ok((await r.cachedScan()).watchmanUnchanged);
        r.git('rm', '-q', '--cached', 'deploy/old.pem');
        const result = await assertNoticed(r, 'removal staged');
        assert.ok(
          result.findings.some((f) => f.path === 'deploy/old.pem' && f.removalStaged === true),
          'the finding says the removal is staged',
        );
      });
    });

    test('the index reset to an older commit, the work tree as it was: git compares the tracked files', async () => {
      await service.during(async () => {
        const r = await settledRepo();
        r.write({ 'src/other.js': key() });
        r.git('commit', '-q', '-am', 'a key');
        await r.cachedScan();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled again');
        r.git('reset', '-q', 'HEAD~');
        const git = loggingGit();
        const result = await withPathFirst(git.bin, () => assertNoticed(r, 'reset'));
        assert.ok(ruleIdsAt(result, 'src/other.js').length > 0, 'the key is still found');
        assert.match(readFileSync(git.log, 'utf8'), /diff-files/, 'another index: git compared the tracked files with it');
      });
    });

    test('a .hg folder made after the clock, holding a key: watchman names only the folder; the watch is checked again', async () => {
      await service.during(async () => {
        const r = await settledRepo();
        assert.ok((await r.cachedScan()).watchmanUnchanged, 'settled');
        // watchman 4.9 names files directly in an ignore_vcs folder, not those of its subfolders.
        r.write({ '.hg/store/release.pem': key() });
        const { result, unchanged } = await r.cachedScan();
        assert.equal(unchanged, false, 'not taken for no change');
        assert.ok(ruleIdsAt(result, '.hg/store/release.pem').length > 0, 'the key is found');
        assert.deepEqual(comparable(result), comparable(await r.freshScan()));
      });
    });

    const hidingWatches = [
      { what: 'a repository holding a .hg folder, whose contents watchman does not report', files: { '.hg/hgrc': '[ui]\n' }, key: '.hg/store/release.pem' },
      {
        what: "a repository's .watchmanconfig hiding a folder",
        files: { '.watchmanconfig': '{"ignore_dirs": ["secrets"]}\n', 'secrets/README.md': 'nothing\n' },
        key: 'secrets/release.pem',
      },
    ];
    for (const hiding of hidingWatches) {
      test(`${hiding.what}: watchman is not used`, async () => {
        await service.during(async () => {
          const r = await settledRepo({ ...startingRepoFiles(), ...hiding.files });
          assert.ok(existsSync(`${r.cacheFile}.unchanged`), 'the result is stored');
          assert.equal(storedClock(r), undefined, 'without a clock');
          r.write({ [hiding.key]: key() });
          assert.ok(ruleIdsAt(await assertNoticed(r, 'key in the hidden folder'), hiding.key).length > 0, 'the key is found');
        });
      });
    }

    test('the watch made again: its clocks are new, the stored one is not trusted', async () => {
      await service.during(async () => {
        const r = await settledRepo();
        service.unwatch(r.root);
        r.write({ 'src/unseen.pem': key() });
        service.watch(r.root);
        assert.ok(ruleIdsAt(await assertNoticed(r, 'written while unwatched'), 'src/unseen.pem').length > 0, 'the key is found');
      });
    });

    test('watchman: false (--no-watchman): no clock is taken', async () => {
      await service.during(async () => {
        const off = await settledRepo(startingRepoFiles(), { watchman: false });
        assert.equal(storedClock(off), undefined);
        const on = await settledRepo();
        assert.ok(storedClock(on), 'the same repository with watchman on keeps a clock');
      });
    });

    test('a folder below the watched one: answered with the clock of the watch above', async () => {
      await service.during(async () => {
        const whole = new JournalRepo({ ...startingRepoFiles(), 'app/sign.sh': SIGNING_SCRIPT });
        service.watch(whole.root);
        const app = new JournalRepo({}, { repo: whole, folder: 'app' });
        await app.cachedScan();
        await app.cachedScan();
        assert.deepEqual((storedClock(app) as { relative: string }).relative, 'app');
        assert.ok((await app.cachedScan()).watchmanUnchanged);
        whole.write({ 'src/outside.pem': key() });
        assert.ok((await app.cachedScan()).watchmanUnchanged, 'a change outside the folder is not one');
        whole.write({ 'app/inside.pem': key() });
        const { result, unchanged } = await app.cachedScan();
        assert.equal(unchanged, false);
        assert.ok(ruleIdsAt(result, 'inside.pem').length > 0);
      });
    });
  },
);

describe("watchman's answer sorted", () => {
  const entry = (name: string, exists: boolean, made: boolean, type?: string | null) => ({ name, exists, new: made, ...(type !== undefined ? { type } : {}) });

  test('files modified, made, removed, and made and gone; folders made, changed or removed; .git left out', () => {
    assert.deepEqual(
      sortedWatchmanFiles([
        entry('a.txt', true, false, 'f'),
        entry('new/b.pem', true, true, 'f'),
        entry('new', true, true, 'd'),
        entry('src', true, false, 'd'),
        entry('gone.txt', false, false, 'f'),
        entry('tmp.swp', false, true, 'f'),
        entry('never-seen.tmp', false, true, '?'),
        entry('never-seen-either.tmp', false, true),
        entry('docs', false, false, 'd'),
        entry('made-and-gone', false, true, 'd'),
        entry('.git/index', true, false, 'f'),
        entry('.git/index.lock', false, true, 'f'),
      ]),
      { modified: ['a.txt'], created: ['new/b.pem'], removed: ['gone.txt'], vanished: ['tmp.swp'], folders: ['new', 'src'], removedFolders: ['docs'] },
    );
    assert.deepEqual(sortedWatchmanFiles([]), { modified: [], created: [], removed: [], vanished: [], folders: [], removedFolders: [] });
  });

  test('anything else: a link, an entry without its flags, too many', () => {
    assert.equal(sortedWatchmanFiles([entry('seen.tmp', true, true, '?')]), undefined, 'there now, of no known kind');
    assert.equal(sortedWatchmanFiles([entry('link', true, true, 'l')]), undefined);
    assert.equal(sortedWatchmanFiles([entry('old-link', false, false, 'l')]), undefined);
    assert.equal(sortedWatchmanFiles([{ name: 'a.txt', type: 'f' }]), undefined);
    assert.equal(sortedWatchmanFiles([{ exists: true, new: false, type: 'f' }]), undefined);
    // Most may be ignored build output (left out before the re-scan's own cap of 1,000); this cap bounds that work.
    const many = Array.from({ length: 20_001 }, (_, i) => entry(`f${i}.txt`, true, false, 'f'));
    assert.equal(sortedWatchmanFiles(many), undefined);
    assert.equal(sortedWatchmanFiles(many.slice(0, 20_000))?.modified.length, 20_000);
  });
});

describe('watchman: what a watch may hide', () => {
  test('ignore_dirs hides folders; ignore_vcs folders other than .git hide their contents once they exist', () => {
    const root = tempDir('keyward-watch-root-');
    assert.equal(hiddenFolders(root, {}, {}), undefined, 'the defaults, with no .hg or .svn: nothing');
    assert.equal(hiddenFolders(root, { ignore_dirs: [] }, {}), undefined);
    assert.match(hiddenFolders(root, { ignore_dirs: ['vendor'] }, {}) ?? '', /ignore_dirs/);
    assert.match(hiddenFolders(root, {}, { ignore_dirs: ['vendor'] }) ?? '', /ignore_dirs/, 'from the global configuration');
    assert.equal(hiddenFolders(root, { ignore_dirs: [] }, { ignore_dirs: ['vendor'] }), undefined, 'the local setting wins');
    mkdirSync(path.join(root, '.git'));
    assert.equal(hiddenFolders(root, {}, {}), undefined, '.git is never read');
    mkdirSync(path.join(root, '.svn'));
    assert.match(hiddenFolders(root, {}, {}) ?? '', /\.svn/);
    assert.equal(hiddenFolders(root, { ignore_vcs: ['.git'] }, {}), undefined);
    assert.match(hiddenFolders(root, { ignore_vcs: ['src'] }, {}) ?? 'none', /none/, 'an absent folder hides nothing yet');
    mkdirSync(path.join(root, 'src'));
    assert.match(hiddenFolders(root, { ignore_vcs: ['src'] }, {}) ?? '', /src/);
    assert.match(hiddenFolders(root, { ignore_vcs: 'src' }, {}) ?? '', /ignore_vcs/, 'a malformed setting');
  });

  test('a watchman inside the workspace is never run', () => {
    const root = tempDir('keyward-watch-bin-');
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'watchman'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, 'watchman'), 0o755);
    assert.equal(resolveWatchmanExecutable(root, { PATH: bin }, 'linux'), undefined);
    assert.equal(resolveWatchmanExecutable(tempDir('keyward-other-'), { PATH: bin }, 'linux'), path.join(bin, 'watchman'), 'outside it, found');
    assert.ok(existsSync(path.join(bin, 'watchman')));
  });
});
