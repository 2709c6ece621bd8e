import { isMap } from 'yaml';
import { keySigningCauseAt } from './helpers/cosign-findings';
import { type GoreleaserSign, goreleaserSigns, isGoreleaserPath, signProgramStart, signsWithKey } from '../release/goreleaser';
import type { Fix, RawFinding, TextEdit } from '../types';
import { insertIntoBlockMap, mergeEdits, nodeRange, pairDeletion, pairOf, replacePairLines } from '../workflows/yaml-edit';
import type { Rule } from './rule';

const DOCKER_ARGS = 'args: ["sign", "${artifact}@${digest}", "--yes"]';
const BLOB_ARGS = 'args: ["sign-blob", "--bundle=${signature}", "${artifact}", "--yes"]';
const BLOB_SIGNATURE = 'signature: "${artifact}.sigstore.json"';

export const goreleaserKeySigning: Rule = {
  meta: {
    id: 'KW601',
    name: 'goreleaser-key-signing',
    title: 'goreleaser signs with a cosign key',
    severity: 'warning',
    threats: ['T5'],
    kind: 'config',
    summary:
      'A goreleaser `docker_signs:` entry without `args:` (whose default is `--key=cosign.key`), or a `signs:`/`docker_signs:` cosign entry with `--key`, signs releases with a long-lived private key.',
    docs: `
**Risk (T5, exposed keys).** goreleaser's default \`docker_signs\` arguments are \`sign --key=cosign.key \${artifact}@\${digest} --yes\`: an entry without \`args:\` signs with a key file (and its password, usually fed through \`stdin: '{{ .Env.COSIGN_PASSWORD }}'\`). Whoever copies the key can sign releases as you.

\`\`\`yaml
docker_signs:
  - artifacts: all                           # warning: default args use --key=cosign.key
signs:
  - cmd: cosign
    stdin: "{{ .Env.COSIGN_PASSWORD }}"
    args: ["sign-blob", "--key=cosign.key", "--output-signature=\${signature}", "\${artifact}", "--yes"]   # warning
\`\`\`

**Fix: Sign keyless.** In a CI job with an OIDC token (GitHub: \`id-token: write\`):

\`\`\`yaml
docker_signs:
  - artifacts: all
    args: ["sign", "\${artifact}@\${digest}", "--yes"]
signs:
  - cmd: cosign
    signature: "\${artifact}.sigstore.json"
    args: ["sign-blob", "--bundle=\${signature}", "\${artifact}", "--yes"]
\`\`\`

The fix replaces \`args\` with the keyless form (other cosign flags in the old args are dropped: re-add those you need), points \`signature\` at a Sigstore bundle and removes the \`stdin\` password and \`certificate\` output. Then delete the key and its password from the CI secrets and rotate the key.
`,
    fixes: [
      { kind: 'sign-images-keyless', label: 'Sign images keyless', safety: 'review', title: /^Sign images keyless$/ },
      {
        kind: 'sign-artifacts-keyless',
        label: 'Sign release artifacts keyless',
        safety: 'review',
        title: /^Sign release artifacts keyless with a Sigstore bundle$/,
      },
    ],
  },
  gate: { path: isGoreleaserPath },
  check(file) {
    const config = goreleaserSigns(file);
    if (!config) return [];
    const out: RawFinding[] = [];
    for (const [index, sign] of config.signs.entries()) {
      if (!signsWithKey(sign)) continue;
      const anchor = sign.argsPair ?? sign.map.items[0];
      const start = nodeRange(anchor?.key)?.start;
      const end = nodeRange(anchor?.value)?.end ?? nodeRange(anchor?.key)?.end;
      if (start === undefined || end === undefined) continue;
      const defaulted = !sign.argsPair;
      const programStart = defaulted ? undefined : signProgramStart(sign);
      const finding: RawFinding = {
        ruleId: 'KW601',
        range: { start, end },
        message: defaulted
          ? `This goreleaser ${sign.section} entry has no args: goreleaser's default is \`sign --key=cosign.key …\`, a long-lived private key. Sign keyless instead.`
          : `This goreleaser ${sign.section} entry runs cosign with --key: a long-lived private key that anyone who copies it can sign releases with. Sign keyless instead.`,
        carrier: 'text',
        identity: `goreleaser|${sign.section}|${index}`,
        // The same `--key` is KW201's finding on the args' cosign command: one problem, one finding.
        ...(programStart === undefined ? {} : { rootCause: keySigningCauseAt(programStart) }),
      };
      const fix = keylessFix(config.text, sign);
      out.push(fix ? { ...finding, fixes: [fix] } : finding);
    }
    return out;
  },
};

function keylessFix(text: string, sign: GoreleaserSign): Fix | undefined {
  const edits: TextEdit[] = [];
  const blob = sign.section === 'signs';
  const args = blob ? BLOB_ARGS : DOCKER_ARGS;
  if (sign.argsPair) {
    const edit = replacePairLines(text, sign.argsPair, [args]);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const removed = ['stdin', 'stdin_file', 'certificate'].map((k) => pairOf(sign.map, k)).filter((p) => p !== undefined);
  for (const pair of removed) {
    const edit = pairDeletion(text, pair);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const additions: string[] = [];
  if (!sign.argsPair) additions.push(args);
  if (blob) {
    const signature = pairOf(sign.map, 'signature');
    if (signature) {
      const edit = replacePairLines(text, signature, [BLOB_SIGNATURE]);
      if (!edit) return undefined;
      edits.push(edit);
    } else additions.push(BLOB_SIGNATURE);
  }
  if (additions.length > 0) {
    if (!isMap(sign.map)) return undefined;
    const edit = insertIntoBlockMap(text, sign.map, additions);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const merged = mergeEdits(edits, text);
  if (!merged) return undefined;
  return {
    title: blob ? 'Sign release artifacts keyless with a Sigstore bundle' : 'Sign images keyless',
    edits: merged,
    safety: 'review',
    note: 'Run goreleaser in a CI job with an OIDC token (GitHub Actions: `permissions: id-token: write`; GitLab: `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore`). Other cosign flags of the old args are not carried over. Then delete the key file and the COSIGN_PASSWORD/COSIGN_PRIVATE_KEY secrets, and rotate the key.',
  };
}
