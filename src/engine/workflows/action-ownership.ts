import type { WorkspaceFacts } from '../facts/workspace-facts';

/**
 * Reusable workflows that must be called by a release tag by their own design: the SLSA generators and
 * builders read their own ref from the OIDC token and refuse anything but `@vX.Y.Z` (a SHA or a branch
 * makes the build fail). Documented in slsa-framework/slsa-github-generator's README, "Referencing SLSA
 * builders and generators". A KW702 finding there could only be "fixed" by breaking the workflow.
 */
const TAG_BY_DESIGN: readonly { readonly action: RegExp; readonly ref: RegExp }[] = [
  { action: /^slsa-framework\/slsa-github-generator\/\.github\/workflows\/[^/]+\.ya?ml$/, ref: /^v\d+\.\d+\.\d+$/ },
];

/** The documented allowlist above: a full `vX.Y.Z` tag of a workflow that verifies its own ref. */
export function mustBeReferencedByTag(action: string, ref: string): boolean {
  return TAG_BY_DESIGN.some((entry) => entry.action.test(action) && entry.ref.test(ref));
}

/**
 * `owner/repo/.github/workflows/x.yml@main` or `owner/repo/path@ref` naming this very repository: its own
 * code, moved only by its own maintainers, not a third party's mutable pin. The repository is known from
 * its git remote (owner and name compared case-insensitively, as GitHub does); without a remote, a call to
 * a reusable workflow whose path exists in this workspace is taken as the repository's own.
 */
export function isOwnAction(action: string, workspace: WorkspaceFacts | undefined): boolean {
  const match = /^([^/]+)\/([^/]+)(?:\/(.+))?$/.exec(action);
  if (!match) return false;
  const [, owner = '', repo = '', path] = match;
  const remote = workspace?.remote;
  if (remote) return remote.host === 'github.com' && remote.owner.toLowerCase() === owner.toLowerCase() && remote.repo.toLowerCase() === repo.toLowerCase();
  if (path === undefined || !/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return false;
  return workspace?.workflowPaths?.includes(path) ?? false;
}
