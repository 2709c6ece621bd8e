/**
 * Fixtures of the git hardening tests (test/unit/engine/process/git-hardening.test.ts in process,
 * test/integration/git-hardening-cli.test.ts through the CLI): a real repository with one committed key and
 * marker programs that record whether anything ran them.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REAL_GIT } from './history-test-repo';
import { generatePemKey } from './keys';
import { tempDir, testGit } from './temp-tree';

export function git(cwd: string, ...args: string[]): string {
  return testGit(REAL_GIT, cwd, args);
}

/** A repository with one committed key, `keys/signing.pem`. */
export function repoWithKey(): string {
  const root = tempDir('keyward-harden-');
  git(root, 'init', '-q', '-b', 'main');
  mkdirSync(path.join(root, 'keys'));
  writeFileSync(path.join(root, 'keys', 'signing.pem'), generatePemKey('ec-pkcs8').text);
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'key');
  return root;
}

/** An executable `dir/name` that appends its name and arguments to `marker` whenever it runs, then runs `body`. */
export function markerScript(dir: string, name: string, marker: string, body = ''): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "$0 $*" >> "${marker}"\n${body}`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A repository whose working tree holds fake `git` programs (at its root, in `bin/`, and behind a link from
 * outside), and a PATH that lists them all before the real git's folder. A bare `git` run there is a fake.
 */
export function repoWithFakeGits(): { root: string; marker: string; hostilePath: string } {
  const root = repoWithKey();
  const marker = path.join(tempDir('keyward-fake-marker-'), 'fake-git-ran');
  markerScript(root, 'git', marker, 'exit 0\n');
  mkdirSync(path.join(root, 'bin'));
  markerScript(path.join(root, 'bin'), 'git', marker, 'exit 0\n');
  // A link outside the workspace that leads into it is inside it too.
  const link = path.join(tempDir('keyward-link-'), 'into-root');
  symlinkSync(path.join(root, 'bin'), link);
  const hostilePath = ['.', '', 'bin', root, path.join(root, 'bin'), link, path.dirname(REAL_GIT)].join(path.delimiter);
  return { root, marker, hostilePath };
}
