import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../../src/engine/scan/workspace-scan';
import type { Logger, ScanResult } from '../../src/engine/types';
import type { WorkspaceScanOptions } from '../../src/engine/scan/workspace-options';
import { tempDir, testGit } from './temp-tree';

/** For the git-journal tests (scan/git-journal.ts): repositories made with real git, scanned with and without the cache. */
export const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** A cosign command signing with a key file (a finding to carry through re-scans): `deploy/sign.sh` of the journal tests' repositories. */
export const SIGNING_SCRIPT = `#!/bin/sh\ncosign sign --key cosign.key ghcr.io/acme/app@sha256:${'c'.repeat(64)}\n`;

/** A small repository of the unchanged re-scan tests: a finding in deploy/, nested folders, an ignored build/. */
export function startingRepoFiles(): Record<string, string> {
  return {
    '.gitignore': 'build/\n',
    'README.md': '# app\n',
    'deploy/sign.sh': SIGNING_SCRIPT,
    'src/deep/er/plain.js': 'export const a = 1;\n',
    'src/other.js': 'export const b = 2;\n',
  };
}

/** Older than the cache's racy window, so every scanned file is cached. */
export const PAST = new Date(Date.now() - 3600_000);

export class JournalRepo {
  readonly root: string;
  /** Outside the repository, as the CLI's --cache FILE and the editor's storage are. */
  readonly cacheFile = path.join(tempDir('keyward-journal-cache-'), 'cache.json');

  /** A new repository holding `files`, committed; or, with `folderOf`, a workspace folder inside that repository. */
  constructor(files: Readonly<Record<string, string>>, folderOf?: { readonly repo: JournalRepo; readonly folder: string }) {
    if (folderOf) {
      this.root = path.join(folderOf.repo.root, folderOf.folder);
      return;
    }
    this.root = tempDir('keyward-journal-');
    this.git('init', '-q');
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', 'initial');
  }

  git(...args: string[]): string {
    return testGit(REAL_GIT, this.root, args);
  }

  /** Writes files dated `when` (an hour ago by default); null deletes. */
  write(files: Readonly<Record<string, string | null>>, when: Date = PAST): void {
    for (const [relative, content] of Object.entries(files)) {
      const absolute = path.join(this.root, ...relative.split('/'));
      if (content === null) {
        rmSync(absolute, { force: true });
        continue;
      }
      mkdirSync(path.dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
      utimesSync(absolute, when, when);
    }
  }

  touch(relative: string, when: Date): void {
    utimesSync(path.join(this.root, ...relative.split('/')), when, when);
  }

  /**
   * A scan with the cache; `journal` is the git journal's summary line when it answered, undefined when the folder was walked;
   * `unchanged`: the previous result was returned whole (scan/unchanged-rescan.ts).
   */
  async cachedScan(
    exclude?: readonly string[],
    ripgrep?: 'path',
    options: Partial<WorkspaceScanOptions> = {},
  ): Promise<{
    result: ScanResult;
    journal: string | undefined;
    ripgrepSearched: boolean;
    unchanged: boolean;
    withoutListing: boolean;
    changedOnly: boolean;
    watchmanUnchanged: boolean;
    /** Every line the scan logged. */
    log: readonly string[];
  }> {
    const lines: string[] = [];
    const log = (message: string) => lines.push(message);
    const logger: Logger = { trace: log, debug: log, info: log, warn: log, error: log };
    const result = await scanWorkspace({
      root: this.root,
      trusted: true,
      cacheFile: this.cacheFile,
      jobs: 1,
      logger,
      exclude,
      ...(ripgrep ? { ripgrep } : {}),
      ...options,
    });
    return {
      result,
      unchanged: lines.some((line) => line.startsWith('scan: unchanged since the last scan')),
      withoutListing: lines.some((line) => line.startsWith("scan: git's untracked listing not asked for")),
      changedOnly: lines.some((line) => /^scan: \d+ tracked files changed since the stored result/.test(line)),
      watchmanUnchanged: lines.some((line) => line.startsWith('watchman: nothing in the workspace changed since the last scan')),
      log: lines,
      journal: lines.find((line) => line.startsWith('git journal: ') && line.includes("answered from git's index")),
      ripgrepSearched: lines.some((line) => /^scan: ripgrep \(.*\) searched \d+ files$/.test(line)),
    };
  }

  freshScan(exclude?: readonly string[], options: Partial<WorkspaceScanOptions> = {}): Promise<ScanResult> {
    return scanWorkspace({ root: this.root, trusted: true, jobs: 1, exclude, ...options });
  }

  /**
   * Re-scans with the cache, asserts git's journal answered (not the unchanged re-scan: something changed), and
   * that the result is a fresh scan's; then re-scans again, unchanged, and asserts the same of that result
   * (which the unchanged re-scan may give whole).
   */
  async assertRescanMatchesFresh(what: string, exclude?: readonly string[]): Promise<ScanResult> {
    const { result, journal } = await this.cachedScan(exclude);
    assert.match(journal ?? 'walked', /answered from git's index/, `${what}: the re-scan used git's journal`);
    const fresh = await this.freshScan(exclude);
    assert.deepEqual(comparable(result), comparable(fresh), `${what}: the cached re-scan equals a scan without the cache`);
    const again = await this.cachedScan(exclude);
    assert.deepEqual(comparable(again.result), comparable(fresh), `${what}, scanned again: the cached re-scan equals a scan without the cache`);
    return result;
  }
}

/** The whole result as JSON keeps it (the cache stores findings as JSON), without the cache's own count. */
export function comparable(result: ScanResult): unknown {
  const { fromCache: _fromCache, ...rest } = result;
  return JSON.parse(JSON.stringify(rest));
}

export function ruleIdsAt(result: ScanResult, relative: string): string[] {
  return result.findings.filter((f) => f.path === relative).map((f) => f.ruleId);
}
