// Prepares one scenario's workspace in a temp run folder: copies the template, generates its keys, commits
// them to a fresh git repository and, for the Restricted Mode scenario, arms a trap that records any git
// process started for it. Runs in the driver (plain Node), never in the extension host.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GeneratedKey } from './keys';
import { writeGeneratedKeys } from './keys';
import type { Scenario } from './scenarios';

export interface GitTrap {
  /** Written (appended to) by the core.fsmonitor script whenever git reads the index. */
  readonly marker: string;
  /** One line per call of the `git` wrapper that is first on the server's PATH. */
  readonly log: string;
  /** Folder holding the wrapper; prepend it to PATH. */
  readonly binDir: string;
}

export interface PreparedWorkspace {
  readonly folder: string;
  readonly keys: readonly GeneratedKey[];
  readonly gitTrap?: GitTrap;
}

// Our own git calls must not depend on the machine's user config (name, signing, hooks).
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };

function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = gitEnv): string {
  return execFileSync('git', [...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function whichGit(): string {
  const found = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  if (!found.startsWith('/')) throw new Error('git is not installed (needed to commit the e2e workspace)');
  return found;
}

function commitAll(folder: string): void {
  git(folder, ['init', '-q', '-b', 'main']);
  git(folder, ['add', '-A']);
  git(folder, ['-c', 'user.name=Keyward E2E', '-c', 'user.email=e2e@keyward.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'e2e workspace']);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Arms the trap after the commit (our own git calls would fire it), then proves both halves fire, so a
 * clean trap after the test means "no git ran", not "the trap was broken".
 */
function armGitTrap(folder: string, trapDir: string): GitTrap {
  const marker = path.join(trapDir, 'fsmonitor-ran');
  const log = path.join(trapDir, 'git-calls.log');
  const binDir = path.join(trapDir, 'bin');
  mkdirSync(binDir, { recursive: true });

  const fsmonitor = path.join(trapDir, 'fsmonitor.sh');
  writeFileSync(fsmonitor, `#!/bin/sh\necho "fsmonitor $*" >> ${shellQuote(marker)}\n`);
  chmodSync(fsmonitor, 0o755);
  git(folder, ['config', 'core.fsmonitor', fsmonitor]);

  const wrapper = path.join(binDir, 'git');
  writeFileSync(wrapper, `#!/bin/sh\nprintf 'git %s (cwd %s)\\n' "$*" "$PWD" >> ${shellQuote(log)}\nexec ${shellQuote(whichGit())} "$@"\n`);
  chmodSync(wrapper, 0o755);

  git(folder, ['status', '--porcelain'], { ...gitEnv, PATH: `${binDir}${path.delimiter}${process.env['PATH'] ?? ''}` });
  if (!existsSync(marker)) throw new Error('git trap self-test failed: core.fsmonitor did not run on `git status`');
  if (!readFileSync(log, 'utf8').includes('git status')) throw new Error('git trap self-test failed: the git wrapper on PATH was not used');
  rmSync(marker);
  rmSync(log);
  return { marker, log, binDir };
}

/** `runDir` must exist; the workspace goes to `<runDir>/ws/<template>`. */
export function prepareWorkspace(scenario: Scenario, templatesDir: string, runDir: string): PreparedWorkspace {
  const template = path.join(templatesDir, scenario.template);
  if (!existsSync(template)) throw new Error(`e2e workspace template missing: ${template}`);
  const folder = path.join(runDir, 'ws', scenario.template);
  cpSync(template, folder, { recursive: true });
  const keys = writeGeneratedKeys(folder, scenario.keys);
  if (scenario.gitCommit) commitAll(folder);
  if (!scenario.gitTrap) return { folder, keys };
  if (!scenario.gitCommit) throw new Error(`scenario ${scenario.name}: gitTrap needs gitCommit`);
  return { folder, keys, gitTrap: armGitTrap(folder, path.join(runDir, 'git-trap')) };
}
