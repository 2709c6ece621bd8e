import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Temporary folders of one test process, removed when it exits (also when a test failed half-way). */
const made: string[] = [];
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new empty temporary folder. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A new temporary folder holding `files` (workspace-relative paths with `/`, and their text). */
export function tempTree(prefix: string, files: Readonly<Record<string, string>>): string {
  const root = tempDir(prefix);
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, ...relative.split('/'));
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return root;
}

/** Runs the real `git` (never Keyward's hardened runner) to build a test repository; extra `-c` settings first. */
export function testGit(gitPath: string, cwd: string, args: readonly string[], config: readonly string[] = []): string {
  const settings = ['user.name=Keyward Test', 'user.email=test@example.invalid', 'commit.gpgsign=false', ...config].flatMap((setting) => ['-c', setting]);
  return execFileSync(gitPath, [...settings, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
