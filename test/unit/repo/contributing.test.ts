import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { README_TABLE_END, README_TABLE_START, renderReadmeRuleTable, renderRulesDoc } from '../../../src/engine/rules/docs';
import { RULES } from '../../../src/engine/rules/registry';
import type { Rule } from '../../../src/engine/rules/rule';

/** The "Adding a rule" checklist of CONTRIBUTING.md, checked for every rule. */

const RULE_FILE = /^kw\d{3}-[a-z0-9-]+\.ts$/;

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && 'meta' in value && typeof (value as Rule).check === 'function';
}

test('checklist 1–2: every rule file exports one rule, named after its id and name, and the registry lists it', () => {
  const files = readdirSync('src/engine/rules').filter((f) => RULE_FILE.test(f));
  assert.equal(files.length, RULES.length, 'one rule file per registered rule');
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(`../../../src/engine/rules/${file.replace(/\.ts$/, '')}`) as Record<string, unknown>).filter(isRule);
    assert.equal(exported.length, 1, `${file} exports one rule`);
    const rule = exported[0]!;
    assert.equal(file, `${rule.meta.id.toLowerCase()}-${rule.meta.name}.ts`, 'the file is named after meta.id and meta.name');
    assert.ok(RULES.includes(rule), `${file}: registered in src/engine/rules/registry.ts`);
  }
});

test('checklist 7: every rule has a test file whose name starts with its id (or lists it with its family)', () => {
  const testFiles = readdirSync('test/unit/engine/rules').filter((f) => f.startsWith('rules-') && f.endsWith('.test.ts'));
  for (const { meta } of RULES) {
    const id = meta.id.toLowerCase();
    const own = `rules-${id}-${meta.name}.test.ts`;
    const family = testFiles.some((f) => /^rules-((kw\d{3}-)+)/.exec(f)?.[1]?.split('-').includes(id));
    assert.ok(testFiles.includes(own) || family, `test/unit/engine/rules/${own}`);
  }
});

test('checklist 8: docs/rules.md and the README rule table are generated and current', () => {
  assert.equal(readFileSync('docs/rules.md', 'utf8'), renderRulesDoc(), 'run `npm run docs`');
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf(README_TABLE_START) + README_TABLE_START.length, readme.indexOf(README_TABLE_END)).trim();
  assert.equal(table, renderReadmeRuleTable(), 'run `npm run docs`');
});

/** Every rule id the changelog names, ranges (`KW510–KW513`) expanded. */
function changelogIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(/KW(\d{3})(?:\s*[–-]\s*KW(\d{3}))?/g)) {
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let n = from; n <= to; n++) ids.add(`KW${n}`);
  }
  return ids;
}

test('checklist 9: the changelog names every rule', () => {
  assert.deepEqual(
    [...changelogIds('KW201/KW204; Kyverno KW510–KW513 and KW601-KW602')],
    ['KW201', 'KW204', 'KW510', 'KW511', 'KW512', 'KW513', 'KW601', 'KW602'],
  );
  const named = changelogIds(readFileSync('CHANGELOG.md', 'utf8'));
  for (const { meta } of RULES) assert.ok(named.has(meta.id), `CHANGELOG.md names ${meta.id} under [Unreleased]`);
});
