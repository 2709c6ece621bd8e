import { THREATS, type RuleMeta } from '../types';
import { KEYWARDIGNORE_FILE } from '../fixes/keywardignore';
import { fixLabels } from './helpers/fix-declarations';
import { RULES } from './registry';

export const README_TABLE_START = '<!-- rules:start (generated from src/engine/rules/registry.ts by `npm run docs`) -->';
export const README_TABLE_END = '<!-- rules:end -->';

/** The rule table in the README: one row per registry entry. */
export function renderReadmeRuleTable(rules: readonly RuleMeta[] = RULES.map((r) => r.meta)): string {
  const rows = rules.map(
    (m) =>
      `| [${m.id}](docs/rules.md#${m.id.toLowerCase()}) | \`${m.name}\` | ${m.title} | ${m.severity} | ${m.threats.join(', ')} | ${fixLabels(m).join(', ') || '—'} |`,
  );
  return ['| Id | Name | What it finds | Default severity | Threat | Quick fixes |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** docs/rules.md: the threat model and one section per rule, each with a stable `#kw101` anchor. */
export function renderRulesDoc(rules: readonly RuleMeta[] = RULES.map((r) => r.meta)): string {
  const threatLines = Object.entries(THREATS).map(([id, text]) => `- **${id}** ${text}`);
  const sections = rules.map((m) =>
    [
      `<a id="${m.id.toLowerCase()}"></a>`,
      `## ${m.id} \`${m.name}\`: ${m.title}`,
      '',
      `Default severity: **${m.severity}** · Threat: ${m.threats.map((t) => `${t} (${THREATS[t]})`).join(', ')} · Quick fixes: ${fixLabels(m).join(', ') || 'none'}`,
      '',
      m.summary,
      '',
      ruleDocsMarkdown(m),
      '',
    ].join('\n'),
  );
  return [
    '# Keyward rules',
    '',
    '<!-- Generated from src/engine/rules/registry.ts by `npm run docs`; a test fails when this file is stale. -->',
    '',
    'Every rule guards against one or more threats of the Sigstore threat model:',
    '',
    ...threatLines,
    '',
    'Key rules (KW1xx) report an **error** when git tracks the file ("committed": anyone with the repository has the key) and a **warning** when it does not (yet).',
    'Findings never contain key material: messages name the key type, size and the fingerprint of its public half.',
    '',
    ...sections,
  ].join('\n');
}

/** A rule's documentation body as docs/rules.md and SARIF `help.markdown` show it. */
export function ruleDocsMarkdown(meta: RuleMeta): string {
  return `${meta.docs.trim()}\n\n${suppressionParagraph(meta)}`;
}

/**
 * How to silence one finding, the same for every rule (scanner.ts and suppress.ts implement it):
 * written once here instead of in every rule's docs.
 */
export function suppressionParagraph(meta: RuleMeta): string {
  const where = meta.kind === 'key' ? 'For a deliberate test key, put' : 'Put';
  return `**Suppressing.** ${where} \`keyward-ignore ${meta.id} reason: <why>\` in a comment on the finding's line or the line above${meta.kind === 'key' ? ' (for a PEM key: above its BEGIN line)' : ''}, or add the file to \`${KEYWARDIGNORE_FILE}\` with a reason (for files without comments). In the editor: **Ignore this finding…**.`;
}
