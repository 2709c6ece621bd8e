import type { CosignCommand } from '../cosign/command';
import type { RawFinding } from '../types';
import { isKeylessCosign, signingCommandsIn } from '../workflows/github-signing';
import { type GitlabJob, gitlabPipeline, type GitlabPipeline, grantSigstoreToken, hasSigstoreToken, isGitlabCiPath } from '../workflows/gitlab';
import { mergeEdits } from '../workflows/yaml-edit';
import type { FileContext, Rule } from './rule';

export const gitlabSigningWithoutIdToken: Rule = {
  meta: {
    id: 'KW420',
    name: 'gitlab-signing-without-id-token',
    title: 'GitLab job signs keyless without a Sigstore `id_tokens` entry',
    severity: 'error',
    threats: ['T3', 'T5'],
    kind: 'config',
    summary:
      'A GitLab CI job runs `cosign sign|sign-blob|attest` keyless but defines no `id_tokens:` entry with `aud: sigstore`: cosign gets no identity token, signing fails, and pipelines tend to fall back to a stored key.',
    docs: `
**Risk.** In GitLab CI, cosign signs keyless with the job's OIDC ID token, which the job must request: \`id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }\` (cosign reads \`SIGSTORE_ID_TOKEN\` automatically; Fulcio's GitLab issuer expects the audience \`sigstore\`). Without it the job fails — and the common workaround, a key in CI/CD variables, brings back a long-lived secret (T5). The token is also what binds the certificate to this project's pipeline (T3).

\`\`\`yaml
sign:
  image: cgr.dev/chainguard/cosign
  script:
    - cosign sign --yes "$CI_REGISTRY_IMAGE@$DIGEST"     # error: no id_tokens
\`\`\`

**Fix: Add the Sigstore ID token.** Adds to the job (before \`script:\`), or to its existing \`id_tokens:\` block:

\`\`\`yaml
sign:
  id_tokens:
    SIGSTORE_ID_TOKEN:
      aud: sigstore
  script:
    - cosign sign --yes "$CI_REGISTRY_IMAGE@$DIGEST"
\`\`\`

Tokens inherited through \`extends:\` and \`default:\` count. When the job inherits other tokens but not this one, no automatic edit is offered: a job-level \`id_tokens\` would replace the inherited ones. \`id_tokens\` in included files or child pipelines is not supported by GitLab for this purpose; keep the signing job in the project's own CI file. Key-based signing is KW201's business; \`--identity-token\` given explicitly is not flagged.
`,
    fixes: [
      {
        kind: 'add-id-token',
        label: 'Add a sigstore id_tokens entry to the job',
        safety: 'safe',
        migration: true,
        title: /^Add id_tokens SIGSTORE_ID_TOKEN \(aud: sigstore\) to job .+$/,
      },
    ],
  },
  gate: { path: isGitlabCiPath },
  check(file) {
    const pipeline = gitlabPipeline(file);
    if (!pipeline) return [];
    const out: RawFinding[] = [];
    for (const job of pipeline.jobs) {
      if (job.hidden) continue;
      const commands = jobCommands(file, pipeline, job).filter(isKeylessCosign);
      const first = commands[0];
      if (!first || hasSigstoreToken(pipeline, job)) continue;
      const edits = grantSigstoreToken(pipeline.text, pipeline, job);
      const merged = edits ? mergeEdits(edits, pipeline.text) : undefined;
      const finding: RawFinding = {
        ruleId: 'KW420',
        range: first.headRange,
        message: `Job \`${job.name}\` runs \`cosign ${first.subcommand}\` keyless but requests no ID token with \`aud: sigstore\`: cosign cannot get a Fulcio certificate. Add \`id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore\` to the job.`,
        carrier: 'text',
        severity: first.documentation ? 'information' : 'error',
        identity: `gitlab-no-token|${job.name}`,
      };
      out.push(
        merged && merged.length > 0
          ? { ...finding, fixes: [{ title: `Add id_tokens SIGSTORE_ID_TOKEN (aud: sigstore) to job ${job.name}`, edits: merged, safety: 'safe' }] }
          : finding,
      );
    }
    return out;
  },
};

/** The job's own commands and those of the hidden templates it extends. */
function jobCommands(file: FileContext, pipeline: GitlabPipeline, job: GitlabJob, seen = new Set<string>()): CosignCommand[] {
  seen.add(job.name);
  const out = signingCommandsIn(file, job.range);
  for (const parent of job.extends) {
    const template = pipeline.jobs.find((j) => j.name === parent);
    if (template && !seen.has(parent)) out.push(...jobCommands(file, pipeline, template, seen));
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
