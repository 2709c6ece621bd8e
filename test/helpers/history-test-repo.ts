/**
 * Real git repositories for the history, staged and pre-commit tests, built at test time. Commits get
 * fixed author and committer dates so "first seen" is deterministic. Keys come from test/helpers/keys.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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
