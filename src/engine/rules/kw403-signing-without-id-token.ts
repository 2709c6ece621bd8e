import type { RawFinding } from '../types';
import { effectivePermissions, githubWorkflow, grantsIdToken, isWorkflowPath } from '../workflows/github';
import { describeScopes, grantIdToken } from '../workflows/github-permissions';
import { jobSigningSteps } from '../workflows/github-signing';
import { mergeEdits } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const signingWithoutIdToken: Rule = {
  meta: {
    id: 'KW403',
    name: 'signing-without-id-token',
    title: 'Keyless signing step in a job without `id-token: write`',
    severity: 'error',
    threats: ['T3'],
    kind: 'config',
    summary:
      'A job signs keyless (`cosign sign`/`attest` without a key, `actions/attest*`, `npm publish --provenance`) but is not granted `id-token: write`: it cannot get the OIDC token Fulcio needs, so signing fails — and the usual "quick fix" of falling back to a key re-introduces long-lived secrets.',
    docs: `
**Risk.** Keyless signing needs the job's OIDC token. Without \`permissions: id-token: write\` on the job (or on the workflow, see KW401), \`cosign sign\` fails in CI with "getting signer: … no provider" / interactive browser flow, \`actions/attest-build-provenance\` and \`npm publish --provenance\` fail too. Teams then often "fix" the pipeline by going back to a key in a secret (T5) — the finding points at the real fix instead. Threat model: the permission is what binds the signature to this job's identity (T3).

\`\`\`yaml
jobs:
  release:
    runs-on: ubuntu-latest       # error: no id-token: write
    steps:
      - run: cosign sign --yes "$IMAGE@$DIGEST"
\`\`\`

**Fix: Grant id-token: write to the job.** Adds the scope to the job's \`permissions:\` block, or adds a block. A job-level block replaces the workflow-level one, so the new block repeats the workflow's scopes and at least \`contents: read\` (plus \`packages: write\` when the job mentions \`ghcr.io\`, \`attestations: write\` for \`actions/attest*\`, when the workflow sets no permissions):

\`\`\`yaml
jobs:
  release:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write # Sigstore keyless signing: Fulcio certificate via GitHub OIDC
\`\`\`
`,
    fixes: [
      {
        kind: 'grant-id-token',
        label: 'Grant id-token: write to the job',
        safety: 'safe-or-review',
        migration: true,
        title: /^Grant id-token: write to job .+$/,
      },
    ],
  },
  // Signing steps: cosign commands, attestation and sigstore-python actions (names compared in lower case), npm --provenance.
  gate: { path: isWorkflowPath, requires: /cosign|sigstore|actions\/attest|--provenance/i },
  check(file) {
    const workflow = githubWorkflow(file);
    if (!workflow) return [];
    const out: RawFinding[] = [];
    for (const job of workflow.jobs) {
      if (grantsIdToken(effectivePermissions(workflow, job))) continue;
      const signing = jobSigningSteps(file, job).filter((s) => s.keyless);
      const first = signing[0];
      if (!first) continue;
      const change = grantIdToken(workflow.text, workflow, job);
      const edits = change ? mergeEdits(change.edits, workflow.text) : undefined;
      const finding: RawFinding = {
        ruleId: 'KW403',
        range: first.range,
        message: `Job \`${job.id}\` signs keyless (${[...new Set(signing.map((s) => s.label))].join(', ')}) but has no \`id-token: write\`: it cannot get the OIDC token Fulcio needs, so signing fails.`,
        carrier: 'text',
        identity: `no-id-token|${job.id}`,
      };
      out.push(
        change && edits && edits.length > 0
          ? {
              ...finding,
              fixes: [
                {
                  title: `Grant id-token: write to job ${job.id}`,
                  edits,
                  safety: change.scopes.length > 0 ? 'review' : 'safe',
                  ...(change.scopes.length > 0
                    ? {
                        note: `Adds a job permissions block (${describeScopes(change.scopes)}); it replaces the workflow-level permissions for this job, so check the scopes it needs.`,
                      }
                    : {}),
                },
              ],
            }
          : finding,
      );
    }
    return out;
  },
};
