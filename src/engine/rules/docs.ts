import { THREATS, type FixKind, type RuleMeta } from '../types';
import { RULES } from './registry';

const FIX_LABELS: Readonly<Record<FixKind, string>> = {
  'add-to-gitignore': 'Add to .gitignore',
  'stop-tracking': 'Stop tracking this file',
  'rotation-guide': 'Open rotation guide',
  'ignore-finding': 'Ignore this finding',
};

export const README_TABLE_START = '<!-- rules:start (generated from src/engine/rules/registry.ts by `npm run docs`) -->';
export const README_TABLE_END = '<!-- rules:end -->';

/** The rule table in the README: one row per registry entry. */
export function renderReadmeRuleTable(rules: readonly RuleMeta[] = RULES.map((r) => r.meta)): string {
  const rows = rules.map(
    (m) => `| [${m.id}](docs/rules.md#${m.id.toLowerCase()}) | \`${m.name}\` | ${m.title} | ${m.severity} | ${m.threats.join(', ')} | ${m.fixes.map((f) => FIX_LABELS[f]).join(', ') || '—'} |`,
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
      `Default severity: **${m.severity}** · Threat: ${m.threats.map((t) => `${t} (${THREATS[t]})`).join(', ')} · Quick fixes: ${m.fixes.map((f) => FIX_LABELS[f]).join(', ') || 'none'}`,
      '',
      m.summary,
      '',
      m.docs.trim(),
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
