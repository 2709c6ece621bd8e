import type { RawFinding } from '../types';
import { isWorkflowPath } from '../workflows/github';
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
    summary: '`${{ secrets.COSIGN_PRIVATE_KEY }}`, `secrets.COSIGN_PASSWORD` or `secrets.COSIGN_KEY` in a workflow means a long-lived signing key lives in the repository\'s secrets and is copied onto runners.',
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
      });
    }
    return out;
  },
};
