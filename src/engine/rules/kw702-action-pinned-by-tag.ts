import { usesRefs } from '../advisories/pins/actions';
import { SIGNING_COMMANDS } from '../cosign/subcommands';
import { cosignView } from '../cosign/view';
import { isOwnAction, mustBeReferencedByTag } from '../workflows/action-ownership';
import type { RawFinding } from '../types';
import type { Rule } from './rule';

/** Actions whose presence makes a workflow a signing workflow even without a `cosign sign` line. */
const SIGNING_ACTIONS =
  /^(?:sigstore\/cosign-installer|sigstore\/gh-action-sigstore-python|actions\/attest(?:-build-provenance|-sbom)?|slsa-framework\/slsa-github-generator\/.*)$/;

/**
 * Actions that another rule reports when pinned by tag (KW405 `cosign-installer-not-pinned`): skipped
 * here so one `uses:` line never gets two findings for the same thing.
 */
export const REPORTED_ELSEWHERE: ReadonlySet<string> = new Set<string>(['sigstore/cosign-installer']);

/** Same test as signsWithCosign, on the per-file view the cosign rules already built (shared, not rebuilt). */
function signsInView(file: Parameters<Rule['check']>[0]): boolean {
  if (!file.text?.includes('cosign')) return false;
  return cosignView(file).commands.some((c) => SIGNING_COMMANDS.has(c.subcommand) && !c.documentation);
}

function isWorkflow(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path);
}

export const actionPinnedByTag: Rule = {
  meta: {
    id: 'KW702',
    name: 'action-pinned-by-tag',
    title: 'An action in a signing workflow is pinned to a tag, not a commit SHA',
    severity: 'information',
    threats: ['T4'],
    kind: 'advisory',
    summary:
      'A workflow that signs (cosign, attestations, sigstore-python) runs an action by tag or branch: whoever can move that tag runs code in a job that can obtain your signing identity.',
    docs: `
**Risk (T4, vulnerable clients / supply chain).** A tag such as \`@v3\` or a branch such as \`@main\` is mutable: the action's maintainers (or whoever compromises their repository) can point it at new code. In a job with \`id-token: write\` that code can request an OIDC token and sign as your workflow. A full 40-character commit SHA cannot be moved.

\`\`\`yaml
- uses: actions/checkout@v4                                          # information
- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683   # v4.2.2  (no finding)
\`\`\`

Only workflows that sign are checked: a \`cosign sign\` / \`attest\` command, or a signing action (\`sigstore/cosign-installer\`, \`actions/attest*\`, \`sigstore/gh-action-sigstore-python\`, the SLSA generator). Local actions (\`./…\`) and \`docker://\` images are skipped, and so is \`sigstore/cosign-installer\`, which KW405 reports. Calls to the repository's own reusable workflows and actions are skipped (known from the git remote; without one, a reusable workflow whose path exists in the workspace), and so are the SLSA generators' reusable workflows at a full \`vX.Y.Z\` tag, which refuse a SHA by design.

**Fix.** Replace the tag with the commit SHA it points to and keep the tag in a comment (\`uses: owner/repo@<sha> # v1.2.3\`); tools such as Dependabot keep SHA pins up to date. Keyward cannot resolve tags offline, so there is no automatic edit.
`,
    fixes: [],
  },
  gate: { path: isWorkflow },
  check(file) {
    if (file.text === undefined || !isWorkflow(file.path) || !file.text.includes('uses:')) return [];
    const text = file.text;
    const refs = usesRefs(text);
    const signs = refs.some((r) => SIGNING_ACTIONS.test(r.action)) || (file.workspace?.signingWorkflows?.includes(file.path) ?? false) || signsInView(file);
    if (!signs) return [];
    const findings: RawFinding[] = [];
    for (const r of refs) {
      if (/^[0-9a-f]{40}$/.test(r.ref) || REPORTED_ELSEWHERE.has(r.action)) continue;
      if (mustBeReferencedByTag(r.action, r.ref) || isOwnAction(r.action, file.workspace)) continue;
      if (findings.length >= 500) break; // a generated workflow with thousands of steps gets the first ones
      findings.push({
        ruleId: 'KW702',
        range: { start: r.start, end: r.end },
        message: `\`${r.action}@${r.ref}\` is pinned to a mutable ${/^v?\d/.test(r.ref) ? 'tag' : 'ref'} in a workflow that signs: whoever can move it runs code that can sign as this workflow. Pin the full commit SHA and keep \`# ${r.ref}\` as a comment.`,
        carrier: 'text',
        identity: `${r.action}@${r.ref}`,
      });
    }
    return findings;
  },
};
