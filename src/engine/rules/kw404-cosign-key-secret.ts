import { keySigningCause } from './helpers/cosign-findings';
import { classifyKeyRef, isManagedKey } from '../cosign/key-ref';
import { effectiveFlag } from '../cosign/command';
import { SIGNING_COMMANDS } from '../cosign/subcommands';
import { cosignView } from '../cosign/view';
import type { RawFinding, TextRange } from '../types';
import { githubWorkflow, isWorkflowPath } from '../workflows/github';
import type { FileContext } from './rule';
import type { Rule } from './rule';

/** `${{ secrets.COSIGN_PRIVATE_KEY }}` and friends (the names `cosign generate-key-pair github://` creates). */
const SECRET_REFERENCE = /\$\{\{\s*secrets\.(COSIGN_PRIVATE_KEY|COSIGN_PASSWORD|COSIGN_KEY)\s*\}\}/g;

export const cosignKeySecret: Rule = {
  meta: {
    id: 'KW404',
    name: 'cosign-key-secret',
    title: 'Workflow reads a cosign private key or its password from repository secrets',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      "`${{ secrets.COSIGN_PRIVATE_KEY }}`, `secrets.COSIGN_PASSWORD` or `secrets.COSIGN_KEY` in a workflow means a long-lived signing key lives in the repository's secrets and is copied onto runners.",
    docs: `
**Risk (T5, exposed keys).** \`cosign generate-key-pair github://OWNER/REPO\` stores the private key and its password as the repository secrets \`COSIGN_PRIVATE_KEY\` and \`COSIGN_PASSWORD\`. Every workflow run that references them copies the key onto a runner, where any step of the job (and any compromised action) can read it; anyone with write access to workflows can exfiltrate it. A stolen key signs forever, and verifiers cannot tell.

\`\`\`yaml
env:
  COSIGN_PRIVATE_KEY: \${{ secrets.COSIGN_PRIVATE_KEY }}   # warning
  COSIGN_PASSWORD: \${{ secrets.COSIGN_PASSWORD }}         # warning
\`\`\`

**Fix.** Migrate to keyless signing (the "Migrate to keyless signing" fix on the KW201/KW204 finding of the \`cosign sign\` command rewrites the command, grants the job \`id-token: write\` and removes these env entries), then delete the repository secrets and rotate the key:

\`\`\`yaml
permissions:
  contents: read
  id-token: write
steps:
  - run: cosign sign --yes "$IMAGE@$DIGEST"
\`\`\`
`,
    fixes: [],
  },
  gate: { path: isWorkflowPath },
  check(file) {
    const text = file.text;
    if (text === undefined || !isWorkflowPath(file.path) || !text.includes('COSIGN_')) return [];
    const out: RawFinding[] = [];
    const seen = new Map<string, number>();
    const causeOf = rootCauses(file);
    for (const match of text.matchAll(SECRET_REFERENCE)) {
      const start = match.index;
      const name = match[1] ?? '';
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      // A reference after a YAML comment marker is commented out (`#` inside `${{ }}` cannot occur here).
      if (/(^|\s)#/.test(text.slice(lineStart, start).replace(/"[^"]*"|'[^']*'/g, ''))) continue;
      const count = (seen.get(name) ?? 0) + 1;
      seen.set(name, count);
      out.push({
        ruleId: 'KW404',
        range: { start, end: start + match[0].length },
        message: `This workflow reads the repository secret ${name}: a long-lived cosign ${name === 'COSIGN_PASSWORD' ? 'key password' : 'private key'} copied onto the runner. Migrate to keyless signing, then delete the secret and rotate the key.`,
        carrier: 'text',
        identity: count === 1 ? `secret|${name}` : `secret|${name}#${count}`,
        ...withCause(causeOf(start)),
      });
    }
    return out;
  },
};

/**
 * The problem a secret reference belongs to: the `cosign sign --key` it feeds (the one key-signing command
 * in the same step, else job, else workflow), so the signing finding (KW201) carries it as a related
 * location; or, with no such command, the step, so a key and its password read by one step are one finding.
 */
function rootCauses(file: FileContext): (offset: number) => string | undefined {
  const workflow = githubWorkflow(file);
  if (!workflow) return () => undefined;
  const signing = cosignView(file).commands.filter((command) => {
    const key = SIGNING_COMMANDS.has(command.subcommand) ? effectiveFlag(command, 'key') : undefined;
    return key !== undefined && !isManagedKey(classifyKeyRef(key.value ?? ''));
  });
  const inside = (range: TextRange, offset: number): boolean => range.start <= offset && offset < range.end;
  return (offset) => {
    const job = workflow.jobs.find((j) => inside(j.range, offset));
    const step = job?.steps.find((s) => inside(s.range, offset));
    for (const container of [step?.range, job?.range, { start: 0, end: file.text?.length ?? 0 }]) {
      if (container === undefined) continue;
      const commands = signing.filter((command) => inside(container, command.range.start));
      if (commands.length === 1) return keySigningCause(commands[0] as (typeof commands)[number]);
      if (commands.length > 1) return undefined;
    }
    return step ? `cosign-secrets@${step.range.start}` : undefined;
  };
}

function withCause(cause: string | undefined): { rootCause?: string } {
  return cause === undefined ? {} : { rootCause: cause };
}
