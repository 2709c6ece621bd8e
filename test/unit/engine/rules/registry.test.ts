import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { README_TABLE_END, README_TABLE_START, renderReadmeRuleTable, renderRulesDoc } from '../../../../src/engine/rules/docs';
import { RULES } from '../../../../src/engine/rules/registry';

test('every rule has a stable id, a name, a title, a severity, threats, a summary and docs', () => {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const { meta } of RULES) {
    assert.match(meta.id, /^KW\d{3}$/, meta.id);
    assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, meta.id);
    assert.ok(!ids.has(meta.id), `duplicate id ${meta.id}`);
    assert.ok(!names.has(meta.name), `duplicate name ${meta.name}`);
    ids.add(meta.id);
    names.add(meta.name);
    assert.ok(meta.title.length > 5, `${meta.id} title`);
    assert.ok(meta.threats.length > 0, `${meta.id} threats`);
    assert.ok(meta.summary.length > 20, `${meta.id} needs a summary`);
    assert.ok(meta.docs.length > 80, `${meta.id} needs a docs section`);
  }
  const sorted = [...ids].sort();
  assert.deepEqual([...ids], sorted, 'the registry lists rules in id order');
});

test('every rule has its own rule file and a test file with fixtures', () => {
  const ruleFiles = readdirSync('src/engine/rules');
  const testFiles = readdirSync('test/unit/engine/rules');
  for (const { meta } of RULES) {
    const stem = `${meta.id.toLowerCase()}-${meta.name}`;
    assert.ok(ruleFiles.includes(`${stem}.ts`), `src/engine/rules/${stem}.ts`);
    assert.ok(
      testFiles.some((f) => f.startsWith('rules-') && f.includes(meta.id.toLowerCase())),
      `a test file test/unit/engine/rules/rules-*${meta.id.toLowerCase()}*.test.ts`,
    );
  }
});

test('docs/rules.md is generated from the registry and current', () => {
  assert.ok(existsSync('docs/rules.md'), 'run `npm run docs`');
  assert.equal(readFileSync('docs/rules.md', 'utf8'), renderRulesDoc(), 'docs/rules.md is stale: run `npm run docs`');
});

test('the README rule table is generated from the registry and current', () => {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  assert.ok(start >= 0 && end > start, 'README.md has the rule-table markers');
  assert.equal(readme.slice(start + README_TABLE_START.length, end).trim(), renderReadmeRuleTable(), 'README rule table is stale: run `npm run docs`');
});

test('the suppression paragraph is generated once for every rule, not hand-written in its docs', () => {
  const doc = renderRulesDoc();
  for (const { meta } of RULES) {
    assert.doesNotMatch(meta.docs, /keyward-ignore KW\d{3} reason/, `${meta.id}: docs.ts generates the suppression paragraph`);
    const section = doc.slice(doc.indexOf(`<a id="${meta.id.toLowerCase()}"></a>`));
    assert.ok(section.includes(`\`keyward-ignore ${meta.id} reason: <why>\``), `${meta.id}: generated suppression paragraph`);
  }
});
