import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { workspaceFactsFromFiles, type WorkspaceFiles } from './cosign/signing-files';
import { silentLogger, type Logger } from './types';
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
export const WORKSPACE_FACTS_GLOB = '{.git/config,.git/HEAD,.git/refs/remotes/origin/HEAD,.github/workflows/*.yml,.github/workflows/*.yaml}';

export async function readWorkspaceFacts(root: string, options: { readonly logger?: Logger | undefined } = {}): Promise<WorkspaceFacts> {
  return workspaceFactsFromFiles(await readWorkspaceFiles(root, options));
}

/** The inputs of `workspaceFactsFromFiles`, read from a workspace folder. */
export async function readWorkspaceFiles(root: string, options: { readonly logger?: Logger | undefined } = {}): Promise<WorkspaceFiles> {
  const logger = options.logger ?? silentLogger;
  const dirs = await gitDirs(root);
  const [gitConfig, originHead, head, workflows] = await Promise.all([
    dirs ? readSmallText(path.join(dirs.common, 'config')) : undefined,
    dirs ? readSmallText(path.join(dirs.common, 'refs', 'remotes', 'origin', 'HEAD')) : undefined,
    dirs ? readSmallText(path.join(dirs.gitDir, 'HEAD')) : undefined,
    readWorkflows(root),
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
 * `commondir` file naming the shared folder that holds config and refs.
 */
async function gitDirs(root: string): Promise<GitDirs | undefined> {
  const dotGit = path.join(root, '.git');
  let info;
  try {
    info = await stat(dotGit);
  } catch {
    return undefined;
  }
  let gitDir = dotGit;
  if (info.isFile()) {
    const pointer = await readSmallText(dotGit);
    const target = pointer === undefined ? undefined : /^gitdir:\s*(.+?)\s*$/m.exec(pointer)?.[1];
    if (target === undefined) return undefined;
    gitDir = path.resolve(root, target);
  } else if (!info.isDirectory()) return undefined;
  const commondir = (await readSmallText(path.join(gitDir, 'commondir')))?.trim();
  return { gitDir, common: commondir ? path.resolve(gitDir, commondir) : gitDir };
}

/** `.github/workflows/*.yml|*.yaml` (not recursive: GitHub reads only that folder), in name order. */
async function readWorkflows(root: string): Promise<{ path: string; text: string }[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, ...WORKFLOWS_DIR.split('/')));
  } catch {
    return [];
  }
  const selected = names.filter((name) => /\.ya?ml$/i.test(name)).sort().slice(0, MAX_WORKFLOWS);
  const read = await Promise.all(
    selected.map(async (name) => {
      const text = await readSmallText(path.join(root, ...WORKFLOWS_DIR.split('/'), name));
      return text === undefined ? undefined : { path: `${WORKFLOWS_DIR}/${name}`, text };
    }),
  );
  return read.filter((w): w is { path: string; text: string } => w !== undefined);
}

/** A regular file's text, or undefined when absent, not a file, too large or unreadable. */
async function readSmallText(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const text = await readFile(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
