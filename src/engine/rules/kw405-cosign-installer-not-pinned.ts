import type { RawFinding, Severity } from '../types';
import { githubWorkflow, isWorkflowPath, usesName } from '../workflows/github';
import { nodeRange, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const cosignInstallerNotPinned: Rule = {
  meta: {
    id: 'KW405',
    name: 'cosign-installer-not-pinned',
    title: '`sigstore/cosign-installer` pinned by tag instead of a commit SHA',
    severity: 'information',
    threats: ['T4'],
    kind: 'config',
    summary:
      '`uses: sigstore/cosign-installer@<tag>` runs whatever the tag points to now, in the job that signs: pin the 40-hex commit SHA (with the version in a comment).',
    docs: `
**Risk (T4, vulnerable clients / supply chain).** The installer action runs in the signing job — usually one with \`id-token: write\` — and decides which cosign binary signs. A tag can be moved; a commit SHA cannot. Floating majors are worse: \`@v3\` installs cosign v2.5.2 by default, which is affected by several advisories, and there is **no** \`v4\` tag (\`@v4\` fails with "Unable to resolve action").

\`\`\`yaml
- uses: sigstore/cosign-installer@v4.1.2     # information: tag
- uses: sigstore/cosign-installer@v3         # warning: floating major, old cosign
- uses: sigstore/cosign-installer@v4         # error: no such tag
- uses: sigstore/cosign-installer@main       # warning: branch
\`\`\`

**Fix.** Pin the commit SHA of a current release and keep the version in a comment; Dependabot/Renovate keep such pins up to date:

\`\`\`yaml
- uses: sigstore/cosign-installer@<40-hex sha> # v4.1.2 (cosign v3.0.6)
\`\`\`

Keyward does not resolve tags offline, so there is no automatic edit.
`,
    fixes: [],
  },
  gate: { path: isWorkflowPath, requires: /cosign-installer/ },
  check(file) {
    const workflow = githubWorkflow(file);
    if (!workflow || !workflow.text.includes('cosign-installer')) return [];
    const out: RawFinding[] = [];
    let count = 0;
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (usesName(step) !== 'sigstore/cosign-installer') continue;
        const value = stringValue(step.uses) ?? '';
        const ref = value.slice(value.indexOf('@') + 1);
        const range = nodeRange(step.uses);
        if (!range || !value.includes('@') || /^[0-9a-f]{40}$/.test(ref)) continue;
        const { severity, why } = assess(ref);
        count++;
        out.push({
          ruleId: 'KW405',
          range,
          severity,
          message: `sigstore/cosign-installer@${ref} ${why} Pin the 40-hex commit SHA of a current release (keep the version in a comment).`,
          carrier: 'text',
          identity: count === 1 ? `installer|${ref}` : `installer|${ref}#${count}`,
        });
      }
    }
    return out;
  },
};

function assess(ref: string): { severity: Severity; why: string } {
  if (ref === 'v4') return { severity: 'error', why: 'does not resolve: the installer has no floating `v4` tag, so the job fails.' };
  if (/^v[0-3]$/.test(ref))
    return {
      severity: 'warning',
      why: 'is a floating major tag that installs an old cosign by default (v3 → cosign v2.5.2, affected by published advisories).',
    };
  if (!/^v\d+\.\d+\.\d+$/.test(ref)) return { severity: 'warning', why: 'follows a branch or floating ref: the signing job runs whatever it points to next.' };
  return { severity: 'information', why: 'is a tag, which its repository can move: the signing job would run the new code.' };
}
