import type { Fix, RawFinding, TextEdit } from '../types';
import { type GithubJob, githubWorkflow, type GithubWorkflow, isWorkflowPath } from '../workflows/github';
import { describeScopes, grantIdToken, removeWorkflowIdToken } from '../workflows/github-permissions';
import { jobSigningSteps, jobUsesOidcOtherwise } from '../workflows/github-signing';
import { mergeEdits, nodeRange } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const workflowLevelIdToken: Rule = {
  meta: {
    id: 'KW401',
    name: 'workflow-level-id-token',
    title: '`id-token: write` granted to every job of a workflow',
    severity: 'warning',
    threats: ['T3'],
    kind: 'config',
    summary:
      '`permissions: id-token: write` at workflow level lets every job — tests, linters, third-party actions — mint an OIDC token that Fulcio turns into a signing certificate for this workflow.',
    docs: `
**Risk (T3, OIDC token theft).** A keyless signature is only as trustworthy as the OIDC token behind it. Granted at workflow level, \`id-token: write\` reaches every job, so any action or build script in any job (a compromised test dependency, a third-party linter) can request a token and get a Fulcio certificate that verifiers accept as *this workflow*. Grant it to the one job that signs.

\`\`\`yaml
permissions:
  contents: read
  id-token: write        # warning: every job can sign as this workflow
jobs:
  test: …
  release:
    steps:
      - run: cosign sign --yes "$IMAGE@$DIGEST"
\`\`\`

**Fix: Move id-token: write to the signing job.** The scope is removed from the workflow level and added to each job that signs (cosign \`sign\`/\`attest\`/\`sign-blob\`, \`actions/attest*\`, \`npm publish --provenance\`) or otherwise uses the token (cloud logins, reusable workflows). A job-level \`permissions:\` block *replaces* the workflow-level one (unlisted scopes become \`none\`), so the new block repeats the workflow's other scopes and at least \`contents: read\`:

\`\`\`yaml
permissions:
  contents: read
jobs:
  test: …
  release:
    permissions:
      contents: read
      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC
    steps:
      - run: cosign sign --yes "$IMAGE@$DIGEST"
\`\`\`

When \`id-token: write\` was the only workflow-level scope, the block becomes \`permissions: {}\` (not removed: without it every job would get the repository's broader default permissions). Review the result: jobs that needed the token for something Keyward does not recognise must get it too.
`,
    fixes: [
      {
        kind: 'move-to-job',
        label: 'Move id-token: write to the signing job',
        safety: 'review',
        migration: true,
        title: /^Move id-token: write to the signing job$/,
      },
      {
        kind: 'remove-unused',
        label: 'Remove the unused workflow-level id-token: write',
        safety: 'review',
        migration: true,
        title: /^Remove id-token: write from the workflow level \(no job uses it\)$/,
      },
    ],
  },
  gate: { path: isWorkflowPath, requires: /id-token/ },
  check(file) {
    const workflow = githubWorkflow(file);
    const scope = workflow?.permissions?.scopes.get('id-token');
    if (!workflow || !scope || scope.access !== 'write') return [];
    const start = nodeRange(scope.pair.key)?.start;
    const end = nodeRange(scope.pair.value)?.end;
    if (start === undefined || end === undefined) return [];
    const text = workflow.text;
    const users = workflow.jobs.filter((job) => jobSigningSteps(file, job).length > 0 || jobUsesOidcOtherwise(job));
    const finding: RawFinding = {
      ruleId: 'KW401',
      range: { start, end },
      message: `\`id-token: write\` is granted at workflow level, so all ${workflow.jobs.length} job(s) can mint an OIDC token (and a Fulcio signing certificate for this workflow). ${users.length > 0 ? `Grant it only to ${users.map((j) => `\`${j.id}\``).join(', ')}.` : 'No job here signs or uses the token: remove it.'}`,
      carrier: 'text',
      identity: 'workflow-id-token',
    };
    const fix = moveFix(text, workflow, users);
    return [fix ? { ...finding, fixes: [fix] } : finding];
  },
};

function moveFix(text: string, workflow: GithubWorkflow, users: readonly GithubJob[]): Fix | undefined {
  const removal = removeWorkflowIdToken(text, workflow);
  if (!removal) return undefined;
  const edits: TextEdit[] = [removal];
  const notes: string[] = [];
  for (const job of users) {
    const change = grantIdToken(text, workflow, job, workflow.permissions ?? null);
    if (!change) return undefined;
    edits.push(...change.edits);
    if (change.scopes.length > 0) notes.push(`\`${job.id}\` gets its own block (${describeScopes(change.scopes)})`);
    else if (change.edits.length > 0) notes.push(`\`${job.id}\` gets \`id-token: write\` in its existing block`);
  }
  const merged = mergeEdits(edits, text);
  if (!merged) return undefined;
  return {
    title: users.length > 0 ? 'Move id-token: write to the signing job' : 'Remove id-token: write from the workflow level (no job uses it)',
    edits: merged,
    safety: 'review',
    note: `${notes.join('; ')}${notes.length > 0 ? '. ' : ''}A job-level permissions block replaces the workflow-level one, so it repeats the workflow's other scopes. Check that no other job needed the token.`,
  };
}
