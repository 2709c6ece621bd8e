import { refIdentity } from '../workflows/ref-identity';
import type { WorkflowRefs } from '../workflows/signing-refs';

/**
 * What the engine knows about the workspace beyond one file: where its git remote points, its default
 * branch and which CI workflows sign with cosign. The host (CLI or editor) gathers these by READING
 * files (`.git/config`, `.git/HEAD`, `.git/refs/remotes/origin/HEAD`, the workflows) — it never runs
 * git, whose configuration can run programs — and passes them to rules through `FileContext.workspace`.
 * Everything here is pure.
 */
export interface WorkspaceFacts {
  readonly remote?: GitRemote;
  /** Short branch name: `main`. */
  readonly defaultBranch?: string;
  /** Workspace-relative paths of CI workflows that sign with cosign: `.github/workflows/release.yml`. */
  readonly signingWorkflows?: readonly string[];
  /** Workspace-relative paths of every workflow under `.github/workflows/`: calls to them are the repository's own. */
  readonly workflowPaths?: readonly string[];
  /** The refs each signing workflow runs on (its `on:` triggers), by workspace-relative path. */
  readonly signingWorkflowRefs?: Readonly<Record<string, WorkflowRefs>>;
  /** The refs the signing jobs of `.gitlab-ci.yml` run on (`only:` / `rules:`). */
  readonly gitlabSigningRefs?: WorkflowRefs;
}

export interface GitRemote {
  /** `github.com`, `gitlab.com` or another host. */
  readonly host: 'github.com' | 'gitlab.com' | (string & {});
  /** The owner, or the group path on GitLab (`group/subgroup`). */
  readonly owner: string;
  readonly repo: string;
}

export interface SignerIdentity {
  /**
   * The certificate SAN to require (`--certificate-identity`), or with `match: 'regexp'` an anchored
   * regexp over the refs the signing workflow runs on (`--certificate-identity-regexp`).
   */
  readonly identity: string;
  readonly match: 'exact' | 'regexp';
  /** The OIDC issuer to require: `--certificate-oidc-issuer`. */
  readonly issuer: string;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITLAB_ISSUER = 'https://gitlab.com';

export type CiProvider = 'github' | 'gitlab';

/**
 * The identity a keyless signature made in this repository's CI carries (Fulcio's SAN templates):
 * GitHub `https://github.com/OWNER/REPO/.github/workflows/FILE@REF`, GitLab
 * `https://gitlab.com/OWNER/REPO//.gitlab-ci.yml@refs/heads/BRANCH` (the double slash is part of the
 * `ci_config_ref_uri` claim). REF comes from the signing workflow's triggers: one branch gives the exact
 * identity, tag pushes, releases or several branches an anchored regexp over exactly those refs (see
 * `refIdentity`); without known triggers, the default branch. Undefined when any part is unknown: a
 * guessed identity that does not match would make verification fail, or worse, look right and pin the
 * wrong signer.
 *
 * `workflowFile` names the GitHub workflow that signs (a path under `.github/workflows/` or a bare
 * file name); without it, the one signing workflow of the workspace is used when there is exactly one.
 */
export function inferSignerIdentity(facts: WorkspaceFacts | undefined, options: { readonly workflowFile?: string } = {}): SignerIdentity | undefined {
  const remote = facts?.remote;
  const branch = facts?.defaultBranch !== undefined && isSafeRefPart(facts.defaultBranch) ? facts.defaultBranch : undefined;
  if (!remote) return undefined;
  const host = remote.host.toLowerCase();
  if (host === 'github.com') {
    const file = signingWorkflowFile(facts, options.workflowFile);
    if (!file) return undefined;
    const base = `https://github.com/${remote.owner}/${remote.repo}/.github/workflows/${file}@`;
    const refs = facts?.signingWorkflowRefs?.[`.github/workflows/${file}`];
    if (refs) {
      const matched = refIdentity(base, refs, branch);
      return matched ? { ...matched, issuer: GITHUB_ISSUER } : undefined;
    }
    return branch ? { identity: `${base}refs/heads/${branch}`, match: 'exact', issuer: GITHUB_ISSUER } : undefined;
  }
  if (host === 'gitlab.com') {
    const base = `https://gitlab.com/${remote.owner}/${remote.repo}//.gitlab-ci.yml@`;
    const refs = facts?.gitlabSigningRefs;
    if (refs) {
      const matched = refIdentity(base, refs, branch);
      return matched ? { ...matched, issuer: GITLAB_ISSUER } : undefined;
    }
    return branch ? { identity: `${base}refs/heads/${branch}`, match: 'exact', issuer: GITLAB_ISSUER } : undefined;
  }
  return undefined;
}

export interface PlaceholderIdentity extends SignerIdentity {
  /** true: inferred exactly; false: contains `<…>` placeholders the user must fill in. */
  readonly exact: boolean;
  /** The parts that could not be inferred, for the fix's note: `the workflow file`, `the default branch` … */
  readonly missing: readonly string[];
}

/**
 * The inferred identity, or a snippet with every known part filled in and the unknown parts as
 * placeholders, wrapped in `<…>` so it can neither pass review unnoticed nor match a real certificate.
 * `provider` is the CI the command belongs to when the file says so (a GitLab CI file, a workflow).
 */
export function signerIdentityOrPlaceholder(
  facts: WorkspaceFacts | undefined,
  options: { readonly workflowFile?: string; readonly provider?: CiProvider } = {},
): PlaceholderIdentity {
  const exact = inferSignerIdentity(facts, options);
  if (exact) return { ...exact, exact: true, missing: [] };
  const remote = facts?.remote;
  const remoteProvider = remote ? providerOfHost(remote.host) : undefined;
  const provider = remoteProvider ?? options.provider;
  const missing: string[] = [];
  if (!remote || remoteProvider === undefined || remoteProvider !== provider) missing.push('the repository (a github.com or gitlab.com git remote)');
  const branch = facts?.defaultBranch && isSafeRefPart(facts.defaultBranch) ? facts.defaultBranch : undefined;
  if (!branch) missing.push('the default branch');
  const owner = remote && remoteProvider === provider ? remote.owner : 'OWNER';
  const repo = remote && remoteProvider === provider ? remote.repo : 'REPO';
  if (provider === 'gitlab') {
    return {
      identity: `<https://gitlab.com/${owner}/${repo}//.gitlab-ci.yml@refs/heads/${branch ?? 'main'}>`,
      match: 'exact',
      issuer: GITLAB_ISSUER,
      exact: false,
      missing,
    };
  }
  const file = signingWorkflowFile(facts, options.workflowFile);
  if (!file) missing.push('the signing workflow file');
  return {
    identity: `<https://github.com/${owner}/${repo}/.github/workflows/${file ?? 'FILE.yml'}@refs/heads/${branch ?? 'main'}>`,
    match: 'exact',
    issuer: provider === 'github' ? GITHUB_ISSUER : `<${GITHUB_ISSUER}>`,
    exact: false,
    missing,
  };
}

export function providerOfHost(host: string): CiProvider | undefined {
  const lower = host.toLowerCase();
  if (lower === 'github.com') return 'github';
  if (lower === 'gitlab.com') return 'gitlab';
  return undefined;
}

function signingWorkflowFile(facts: WorkspaceFacts | undefined, workflowFile: string | undefined): string | undefined {
  const given = workflowFile === undefined ? undefined : workflowFileName(workflowFile);
  if (given) return given;
  const files = [...new Set((facts?.signingWorkflows ?? []).map(workflowFileName).filter((f): f is string => f !== undefined))];
  return files.length === 1 ? files[0] : undefined;
}

/** `.github/workflows/release.yml` or `release.yml` → `release.yml`; anything else → undefined. */
export function workflowFileName(path: string): string | undefined {
  const match = /(?:^|\/)\.github\/workflows\/([^/]+\.ya?ml)$/.exec(path) ?? /^([^/]+\.ya?ml)$/.exec(path);
  return match?.[1];
}

function isSafeRefPart(branch: string): boolean {
  return /^[A-Za-z0-9._/-]+$/.test(branch) && !branch.includes('..');
}

/**
 * `https://github.com/OWNER/REPO(.git)`, `ssh://git@host[:port]/OWNER/REPO.git`, scp-like
 * `git@host:OWNER/REPO.git`, `git://host/OWNER/REPO`. GitLab subgroups stay in `owner`. Local paths
 * and `file://` URLs have no remote identity: undefined.
 */
export function parseGitRemoteUrl(url: string): GitRemote | undefined {
  const trimmed = url.trim();
  let host: string | undefined;
  let path: string | undefined;
  const withScheme = /^(?:https?|ssh|git|git\+ssh|ssh\+git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(trimmed);
  const scp = /^(?:[^@/\s]+@)?([^/:\s]+):(?!\/)(.+)$/.exec(trimmed);
  if (withScheme) {
    host = withScheme[1];
    path = withScheme[2];
  } else if (scp && !/^[A-Za-z]:$/.test(`${scp[1]}:`)) {
    host = scp[1];
    path = scp[2];
  }
  if (!host || !path) return undefined;
  const segments = path
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .filter((s) => s !== '');
  const repo = segments.pop();
  if (!repo || segments.length === 0) return undefined;
  return { host: host.toLowerCase(), owner: segments.join('/'), repo };
}

/** The URL of `[remote "NAME"]` in a `.git/config` text. */
export function remoteUrlFromGitConfig(configText: string, remoteName = 'origin'): string | undefined {
  let inSection = false;
  for (const line of configText.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]\s]+)(?:\s+"([^"]*)")?\s*\]/.exec(line);
    if (section) {
      inSection = section[1]?.toLowerCase() === 'remote' && section[2] === remoteName;
      continue;
    }
    const url = inSection ? /^\s*url\s*=\s*(.+?)\s*$/i.exec(line) : null;
    if (url?.[1]) return url[1];
  }
  return undefined;
}

/** The branch of a symbolic ref file (`ref: refs/remotes/origin/main` or `ref: refs/heads/main`). */
export function branchFromSymbolicRef(refText: string): string | undefined {
  const match = /^ref:\s*refs\/(?:remotes\/[^/]+|heads)\/(.+?)\s*$/m.exec(refText);
  return match?.[1];
}
