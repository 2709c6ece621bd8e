import { realpathSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { GITLAB_CI_FILE } from '../workflows/gitlab-refs';
import { workspaceFactsFromFiles, type WorkspaceFiles } from '../cosign/signing-files';
import { readOptionalText } from '../io/safe-read';
import { silentLogger, type Logger } from '../types';
import type { WorkspaceFacts } from './workspace-facts';

/**
 * Reads the files WorkspaceFacts come from, with plain file reads: git is never run, because a
 * repository's own configuration can make git run programs (core.fsmonitor, hooks …). So this is safe in
 * an untrusted workspace too. Every file is optional; what is missing or unreadable is left out.
 */

/** Larger `.git/config`, HEAD or workflow files are not real ones: they are not read. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Enough for any real repository; bounds the work on a hostile one. */
const MAX_WORKFLOWS = 200;
export const WORKFLOWS_DIR = '.github/workflows';

/** The workspace-relative paths whose change changes the facts (for file watchers). */
export const WORKSPACE_FACTS_GLOB = '{.git/config,.git/HEAD,.git/refs/remotes/origin/HEAD,.github/workflows/*.yml,.github/workflows/*.yaml,.gitlab-ci.yml}';

export async function readWorkspaceFacts(root: string, options: { readonly logger?: Logger | undefined } = {}): Promise<WorkspaceFacts> {
  return workspaceFactsFromFiles(await readWorkspaceFiles(root, options));
}

/** The inputs of `workspaceFactsFromFiles`, read from a workspace folder. */
export async function readWorkspaceFiles(root: string, options: { readonly logger?: Logger | undefined } = {}): Promise<WorkspaceFiles> {
  const logger = options.logger ?? silentLogger;
  const dirs = await gitDirs(root);
  const [gitConfig, originHead, head, workflows, gitlabCi] = await Promise.all([
    dirs ? readSmallText(path.join(dirs.common, 'config'), dirs.common) : undefined,
    dirs ? readSmallText(path.join(dirs.common, 'refs', 'remotes', 'origin', 'HEAD'), dirs.common) : undefined,
    dirs ? readSmallText(path.join(dirs.gitDir, 'HEAD'), dirs.gitDir) : undefined,
    readWorkflows(root),
    readSmallText(path.join(root, GITLAB_CI_FILE), root),
  ]);
  logger.debug(
    `workspace facts of ${path.basename(root)}: git config ${gitConfig === undefined ? 'absent' : 'read'}, ` +
      `origin/HEAD ${originHead === undefined ? 'absent' : 'read'}, ${workflows.length} workflow file(s)`,
  );
  return {
    ...(gitConfig === undefined ? {} : { gitConfig }),
    ...(originHead === undefined ? {} : { originHead }),
    ...(head === undefined ? {} : { head }),
    workflows,
    ...(gitlabCi === undefined ? {} : { gitlabCi }),
  };
}

interface GitDirs {
  /** Per-worktree state: HEAD. */
  readonly gitDir: string;
  /** Shared state: config, refs. The same as gitDir except in linked worktrees. */
  readonly common: string;
}

/**
 * `.git` is a folder, or (worktrees, submodules) a file `gitdir: <path>`; a linked worktree's gitdir has a
 * `commondir` file naming the shared folder that holds config and refs. A `.git` that is a symlink is not
 * followed. A `gitdir:` pointer leads outside the folder, so it is followed only to a git directory that
 * points back at this folder, as git's own do: a worktree's `gitdir` file names this `.git`, a submodule's
 * `core.worktree` names this folder. Without that, a planted `.git` file could have any folder read as git's.
 */
async function gitDirs(root: string): Promise<GitDirs | undefined> {
  const dotGit = path.join(root, '.git');
  let info;
  try {
    info = await lstat(dotGit);
  } catch {
    return undefined;
  }
  if (info.isDirectory()) {
    const commondir = readSmallText(path.join(dotGit, 'commondir'), dotGit)?.trim();
    // A commondir leading out of a `.git` folder is no real repository's: config and refs stay in it.
    const common = commondir ? path.resolve(dotGit, commondir) : dotGit;
    return { gitDir: dotGit, common: common === dotGit || isInside(dotGit, common) ? common : dotGit };
  }
  if (!info.isFile()) return undefined;
  const pointer = readSmallText(dotGit, root);
  const target = pointer === undefined ? undefined : /^gitdir:\s*(.+?)\s*$/m.exec(pointer)?.[1];
  if (target === undefined) return undefined;
  const gitDir = path.resolve(root, target);
  const commondir = readSmallText(path.join(gitDir, 'commondir'), gitDir)?.trim();
  const common = commondir ? path.resolve(gitDir, commondir) : gitDir;
  return pointsBack(root, gitDir, common) ? { gitDir, common } : undefined;
}

/** Whether the git directory a `.git` file names belongs to this folder (see gitDirs). */
function pointsBack(root: string, gitDir: string, common: string): boolean {
  const backPointer = readSmallText(path.join(gitDir, 'gitdir'), gitDir)?.trim();
  if (backPointer !== undefined) return samePath(path.resolve(gitDir, backPointer), path.join(root, '.git'));
  const config = readSmallText(path.join(common, 'config'), common);
  const worktree = config === undefined ? undefined : /^\s*worktree\s*=\s*(.+?)\s*$/m.exec(config)?.[1];
  return worktree !== undefined && samePath(path.resolve(common, worktree), root);
}

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** `.github/workflows/*.yml|*.yaml` (not recursive: GitHub reads only that folder), in name order. */
async function readWorkflows(root: string): Promise<{ path: string; text: string }[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, ...WORKFLOWS_DIR.split('/')));
  } catch {
    return [];
  }
  const selected = names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .slice(0, MAX_WORKFLOWS);
  const read = await Promise.all(
    selected.map(async (name) => {
      const text = readSmallText(path.join(root, ...WORKFLOWS_DIR.split('/'), name), root);
      return text === undefined ? undefined : { path: `${WORKFLOWS_DIR}/${name}`, text };
    }),
  );
  return read.filter((w): w is { path: string; text: string } => w !== undefined);
}

/** A regular file's text inside `folder` (see safe-read.ts), or undefined when absent, refused or unreadable. */
function readSmallText(file: string, folder: string): string | undefined {
  return readOptionalText(file, { maxBytes: MAX_FILE_BYTES, inside: folder });
}
