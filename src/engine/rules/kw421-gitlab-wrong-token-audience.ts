import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { RawFinding } from '../types';
import { gitlabPipeline, isGitlabCiPath } from '../workflows/gitlab';
import { nodeRange, pairOf, stringValue } from '../workflows/yaml-edit';
import type { Rule } from './rule';

export const gitlabWrongTokenAudience: Rule = {
  meta: {
    id: 'KW421',
    name: 'gitlab-wrong-token-audience',
    title: 'GitLab `SIGSTORE_ID_TOKEN` with an audience other than `sigstore`',
    severity: 'error',
    threats: ['T3'],
    kind: 'config',
    summary:
      "`id_tokens: SIGSTORE_ID_TOKEN` must have `aud: sigstore`: Fulcio's GitLab issuers only accept that client id, so any other audience makes keyless signing fail.",
    docs: `
**Risk.** Fulcio accepts GitLab ID tokens only for the audience (client id) \`sigstore\`. A \`SIGSTORE_ID_TOKEN\` minted for another audience (a copy-paste of a Vault or cloud example) is rejected, signing fails, and the pipeline is likely to be "fixed" with a stored key (T5). Audiences are also what keeps a token minted for one relying party from being replayed to another (T3): do not widen them.

\`\`\`yaml
sign:
  id_tokens:
    SIGSTORE_ID_TOKEN:
      aud: https://gitlab.com      # error
\`\`\`

**Fix: Use the sigstore audience.** \`aud: sigstore\` (a list that contains \`sigstore\` is accepted as is):

\`\`\`yaml
sign:
  id_tokens:
    SIGSTORE_ID_TOKEN:
      aud: sigstore
\`\`\`
`,
    fixes: [{ kind: 'sigstore-audience', label: 'Use the sigstore audience', safety: 'safe', title: /^Use the sigstore audience$/ }],
  },
  gate: { path: isGitlabCiPath, requires: /SIGSTORE_ID_TOKEN/ },
  check(file) {
    const pipeline = gitlabPipeline(file);
    if (!pipeline) return [];
    const owners: { name: string; map: YAMLMap }[] = pipeline.jobs.map((j) => ({ name: j.name, map: j.map }));
    if (pipeline.defaults) owners.push({ name: 'default', map: pipeline.defaults });
    const out: RawFinding[] = [];
    for (const { name, map } of owners) {
      const tokens = pairOf(map, 'id_tokens')?.value;
      const token = isMap(tokens) ? pairOf(tokens, 'SIGSTORE_ID_TOKEN') : undefined;
      if (!token) continue;
      const aud = pairOf(token.value, 'aud');
      const audiences = isSeq(aud?.value) ? aud.value.items.map(stringValue) : [stringValue(aud?.value)];
      if (audiences.includes('sigstore')) continue;
      const range = nodeRange(aud?.value) ?? nodeRange(token.key);
      if (!range) continue;
      const finding: RawFinding = {
        ruleId: 'KW421',
        range,
        message: `\`${name}\` requests SIGSTORE_ID_TOKEN for ${
          aud
            ? `the audience ${
                audiences
                  .filter((a) => a !== undefined)
                  .map((a) => `\`${a}\``)
                  .join(', ') || '(none)'
              }`
            : 'no audience'
        }: Fulcio only accepts \`aud: sigstore\`, so keyless signing fails.`,
        carrier: 'text',
        identity: `gitlab-aud|${name}`,
      };
      const scalar = aud && !isSeq(aud.value) && !isMap(aud.value) ? nodeRange(aud.value) : undefined;
      out.push(
        scalar ? { ...finding, fixes: [{ title: 'Use the sigstore audience', edits: [{ range: scalar, newText: 'sigstore' }], safety: 'safe' }] } : finding,
      );
    }
    return out;
  },
};
