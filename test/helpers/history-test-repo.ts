/**
 * Real git repositories for the history, staged and pre-commit tests, built at test time. Commits get
 * fixed author and committer dates so "first seen" is deterministic. Keys come from test/helpers/keys.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generatePemKey } from './keys';
import { buildCliBundles } from './verify-cli-build';

export const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
assert.ok(REAL_GIT, 'git must be installed for the history tests');

/**
 * The CLI under test: a fresh cli.js bundle in a temporary folder, built once per test process (out/ is
 * rebuilt by parallel test runs, so running out/src/cli/main.js from a child process could race them).
 */
export function cliPath(): string {
  return path.join(buildCliBundles(), 'cli.js');
}

const made: string[] = [];
export function cleanupRepos(): void {
  made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}

export class TestRepo {
  readonly root: string;
  private clock = Date.UTC(2024, 0, 1) / 1000;

  constructor() {
    this.root = mkdtempSync(path.join(tmpdir(), 'keyward-history-'));
    made.push(this.root);
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    const date = `${this.clock} +0000`;
    return execFileSync(
      REAL_GIT,
      ['-c', 'user.name=Keyward Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args],
      {
        cwd: this.root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      },
    );
  }

  write(relative: string, content: string | Uint8Array): void {
    mkdirSync(path.dirname(path.join(this.root, relative)), { recursive: true });
    writeFileSync(path.join(this.root, relative), content);
  }

  /** Commits everything staged (and `files`, written and added first) one day after the previous commit. */
  commit(message: string, files: Record<string, string | Uint8Array> = {}): string {
    for (const [relative, content] of Object.entries(files)) {
      this.write(relative, content);
      this.git('add', '--', relative);
    }
    this.clock += 86_400;
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** The ISO author date of a commit, as git prints it (%aI). */
  authorDate(commit: string): string {
    return this.git('log', '-1', '--format=%aI', commit).trim();
  }
}

/** Runs the CLI in `cwd` with extra environment; output is returned, never printed (it is checked for leaks). */
export function runKeyward(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cliPath(), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The history fixture of history-scan.test.ts and history-cli.test.ts:
 * main:   c1 add keys/a.pem (A)             c2 move keys/a.pem → moved/a.pem      c3 delete moved/a.pem
 *         c4 add config/app.yaml with B inline   c5 edit app.yaml (B moves down)  c6 add d.pem (D)
 *         c7 delete d.pem                   c8 re-add A at again/a.pem
 * feature (branch): f1 add feature/e.pem (E)
 * v1 (tag only, its branch deleted): t1 add tagged/c.pem (C)
 */
export function buildHistoryRepo() {
  const keys = {
    A: generatePemKey('ec-pkcs8'),
    B: generatePemKey('ed25519-pkcs8'),
    C: generatePemKey('ec-sec1'),
    D: generatePemKey('rsa-pkcs1'),
    E: generatePemKey('ec-pkcs8'),
  };
  const repo = new TestRepo();
  const c0 = repo.commit('readme', { 'README.md': '# test\n' });
  const c1 = repo.commit('add A', { 'keys/a.pem': keys.A.text });
  mkdirSync(path.join(repo.root, 'moved'));
  repo.git('mv', 'keys/a.pem', 'moved/a.pem');
  const c2 = repo.commit('move A');
  repo.git('rm', '-q', 'moved/a.pem');
  repo.commit('delete A');
  const yaml = (pad: string) => `${pad}signing:\n  key: |\n${indent(keys.B.text, '    ')}`;
  const c4 = repo.commit('config with B', { 'config/app.yaml': yaml('') });
  repo.commit('B moves down', { 'config/app.yaml': yaml('# header\n# more\n') });
  const c6 = repo.commit('add D', { 'd.pem': keys.D.text });
  repo.git('rm', '-q', 'd.pem');
  repo.commit('delete D');
  const c8 = repo.commit('re-add A', { 'again/a.pem': keys.A.text });

  repo.git('checkout', '-q', '-b', 'feature');
  const f1 = repo.commit('add E on a branch', { 'feature/e.pem': keys.E.text });
  repo.git('checkout', '-q', 'main');

  repo.git('checkout', '-q', '-b', 'release', c0);
  const t1 = repo.commit('add C, tagged', { 'tagged/c.pem': keys.C.text });
  repo.git('tag', 'v1');
  repo.git('checkout', '-q', 'main');
  repo.git('branch', '-q', '-D', 'release');
  return { repo, keys, commits: { c1, c2, c4, c6, c8, f1, t1 } };
}

function indent(text: string, pad: string): string {
  return text.replace(/^(?=.)/gm, pad);
}
