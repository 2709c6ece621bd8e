import type { RawFinding } from '../types';
import { githubWorkflow, isWorkflowPath, type Permissions } from '../workflows/github';
import { nodeRange } from '../workflows/yaml-edit';
import type { Rule } from './rule';

/** Triggers that run with the base repository's privileges on behalf of code or input from forks. */
const UNTRUSTED_TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment'];

export const idTokenOnUntrustedTrigger: Rule = {
  meta: {
    id: 'KW402',
    name: 'id-token-on-untrusted-trigger',
    title: '`id-token: write` in a workflow triggered by `pull_request_target` or `workflow_run`',
    severity: 'error',
    threats: ['T3'],
    kind: 'config',
    summary:
      "Workflows triggered by `pull_request_target`, `workflow_run` or `issue_comment` run with the base repository's privileges on behalf of forks: with `id-token: write`, code or input from a pull request can obtain a signing identity of this repository.",
    docs: `
**Risk (T3, OIDC token theft).** \`pull_request_target\`, \`workflow_run\` and \`issue_comment\` run in the context of the base repository — with its secrets and its token permissions — but are started by (and often check out or process) contributions from forks. With \`id-token: write\`, a malicious pull request that gets its code executed (a build script, a test, a poisoned artifact from the triggering run) can request an OIDC token and get a Fulcio certificate that says *this repository's workflow* signed it. Plain \`pull_request\` runs from forks never receive an OIDC token, which is why they are safe.

\`\`\`yaml
on: pull_request_target            # runs for fork PRs, with base-repo privileges
permissions:
  id-token: write                  # error
jobs:
  build:
    steps:
      - uses: actions/checkout@…
        with: { ref: \${{ github.event.pull_request.head.sha }} }
      - run: make && cosign sign --yes "$IMAGE@$DIGEST"
\`\`\`

**Fix.** Split the workflow: build and test on \`pull_request\` (no \`id-token\`), sign only on \`push\` to the default branch, on tags or on \`release\`, in the one job that signs:

\`\`\`yaml
on:
  push:
    branches: [main]
jobs:
  sign:
    permissions:
      contents: read
      id-token: write
\`\`\`

There is no automatic fix: moving signing to another trigger is a design change. Suppress the finding only when the workflow provably never runs pull request code.
`,
    fixes: [],
  },
  gate: { path: isWorkflowPath, requires: /id-token|write-all/ },
  check(file) {
    const workflow = githubWorkflow(file);
    if (!workflow) return [];
    const triggers = UNTRUSTED_TRIGGERS.filter((t) => workflow.triggers.has(t));
    if (triggers.length === 0) return [];
    const out: RawFinding[] = [];
    const report = (permissions: Permissions | undefined, where: string): void => {
      if (!permissions) return;
      const scope = permissions.scopes.get('id-token');
      const node = scope?.access === 'write' ? scope.pair : permissions.shorthand === 'write-all' ? permissions.pair : undefined;
      const start = nodeRange(node?.key)?.start;
      const end = nodeRange(node?.value)?.end;
      if (start === undefined || end === undefined) return;
      out.push({
        ruleId: 'KW402',
        range: { start, end },
        message: `${where} can mint an OIDC token although the workflow runs on ${triggers.map((t) => `\`${t}\``).join(', ')}, on behalf of forks: pull request code or input could obtain a signing identity of this repository. Sign in a separate workflow triggered by push or release.`,
        carrier: 'text',
        identity: `untrusted-trigger|${where}`,
      });
    };
    report(workflow.permissions, 'Every job of this workflow');
    for (const job of workflow.jobs) report(job.permissions, `Job \`${job.id}\``);
    return out;
  },
};
