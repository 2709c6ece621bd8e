import { branchFromSymbolicRef, parseGitRemoteUrl, remoteUrlFromGitConfig, type WorkspaceFacts } from '../facts/workspace-facts';
import { gitlabSigningRefs } from '../workflows/gitlab-refs';
import { workflowRefs, type WorkflowRefs } from '../workflows/signing-refs';
import { SIGNING_COMMANDS } from './subcommands';
import { buildCosignView } from './view';

/** Whether a file runs a cosign signing command (`sign`, `sign-blob`, `attest`, `attest-blob`) in any carrier. */
export function signsWithCosign(path: string, text: string): boolean {
  return buildCosignView(path, text).commands.some((c) => SIGNING_COMMANDS.has(c.subcommand) && !c.documentation);
}

/** Files the host has read (never by running git): the inputs of `workspaceFactsFromFiles`. */
export interface WorkspaceFiles {
  /** `.git/config`. */
  readonly gitConfig?: string;
  /** `.git/refs/remotes/origin/HEAD` (the remote's default branch, written by `git clone`). */
  readonly originHead?: string;
  /** `.git/HEAD` (the checked-out branch: used only when it is `main` or `master`). */
  readonly head?: string;
  /** `.gitlab-ci.yml`. */
  readonly gitlabCi?: string;
  /** `.github/workflows/*.yml` files with their text. */
  readonly workflows?: readonly { readonly path: string; readonly text: string }[];
}

/** WorkspaceFacts from file contents: the origin remote, the default branch, the workflows that sign and their refs. */
export function workspaceFactsFromFiles(files: WorkspaceFiles): WorkspaceFacts {
  const url = files.gitConfig === undefined ? undefined : remoteUrlFromGitConfig(files.gitConfig);
  const remote = url === undefined ? undefined : parseGitRemoteUrl(url);
  const current = files.head === undefined ? undefined : branchFromSymbolicRef(files.head);
  const defaultBranch =
    (files.originHead === undefined ? undefined : branchFromSymbolicRef(files.originHead)) ??
    (current === 'main' || current === 'master' ? current : undefined);
  const signing = (files.workflows ?? []).filter((w) => signsWithCosign(w.path, w.text));
  const signingWorkflowRefs: Record<string, WorkflowRefs> = {};
  for (const workflow of signing) {
    const refs = workflowRefs(workflow.text);
    if (refs) signingWorkflowRefs[workflow.path] = refs;
  }
  return {
    ...(remote ? { remote } : {}),
    ...(defaultBranch ? { defaultBranch } : {}),
    signingWorkflows: signing.map((w) => w.path),
    signingWorkflowRefs,
    workflowPaths: (files.workflows ?? []).map((w) => w.path),
    ...withGitlabRefs(files.gitlabCi),
  };
}

function withGitlabRefs(text: string | undefined): { gitlabSigningRefs?: WorkflowRefs } {
  const refs = text === undefined ? undefined : gitlabSigningRefs(text);
  return refs ? { gitlabSigningRefs: refs } : {};
}
