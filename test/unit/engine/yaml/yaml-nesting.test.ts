/**
 * YAML nested deeper than MAX_YAML_NESTING levels is not handed to the `yaml` parser (2 MB of `[` cost it
 * 41 s and 3.7 GB): a linear pre-scan refuses it, the file is still scanned for keys, and the scan
 * reports it as skipped (`yaml-too-deep`). The time and memory of the 2 MB inputs are measured in
 * bench/hostile-regexp.mjs; here the inputs are just deep enough to be refused.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../../../src/engine/rules/registry';
import { scanFile, scanFileBytes } from '../../../../src/engine/scan/scanner';
import { parseYaml } from '../../../../src/engine/shell/extract/yaml';
import type { Logger } from '../../../../src/engine/types';
import { scanWorkspace } from '../../../../src/engine/scan/workspace-scan';
import { MAX_YAML_NESTING, yamlNestingDepth } from '../../../../src/engine/yaml/nesting';
import { yamlRefusal } from '../../../../src/engine/yaml/parse';
import { generatePemKey } from '../../../helpers/keys';

const DEEP = MAX_YAML_NESTING + 1;
const hostile: Record<string, string> = {
  'flow sequences': `jobs: ${'['.repeat(DEEP)}`,
  'flow maps': `a: ${'{a: '.repeat(DEEP)}`,
  'compact block sequences': `${'- '.repeat(DEEP)}x\n`,
  'indented block maps': Array.from({ length: DEEP }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  'flow inside block': `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n${' '.repeat(200)}k: ${'['.repeat(60)}`,
  'after an anchor and a tag': `a: &x !!seq ${'['.repeat(DEEP)}`,
  'in a later document': `a: 1\n---\n${'['.repeat(DEEP)}`,
};

test('the pre-scan counts flow and block nesting', () => {
  for (const [name, text] of Object.entries(hostile)) assert.ok(yamlNestingDepth(text) > MAX_YAML_NESTING, name);
  // map a, map b, sequence, map c, flow sequence, flow map
  assert.equal(yamlNestingDepth('a:\n  b:\n    - c: [1, {d: 2}]\n'), 6);
  // An estimate: the entry after the last compact `- ` counts as a level of its own.
  assert.equal(yamlNestingDepth('- - - x\n'), 4);
});

test('brackets in scalars, comments and block scalars are text, not nesting', () => {
  const brackets = '['.repeat(DEEP * 2);
  const texts = [
    `on: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo "${brackets}"\n          if [[ -f x ]]; then echo ${brackets}; fi\n\n          ${brackets}\n      - run: echo done\n`,
    `a: "${brackets}"\nb: '${brackets}'\nc: plain ${brackets}\n# ${brackets}\nd: x # ${brackets}\n`,
    `a: >-\n  ${brackets}\n  ${brackets}\nb: "multi\n  line ${brackets}\n  end"\n`,
    `${'k: [1, 2]\n'.repeat(5000)}`,
  ];
  for (const text of texts) {
    assert.ok(yamlNestingDepth(text) < 10, text.slice(0, 60));
    assert.ok(parseYaml(text).length > 0);
    assert.equal(yamlRefusal(text), undefined);
  }
});

test('too deep: not parsed, refused with a reason, keys still found, the file reported as skipped', async () => {
  for (const [name, text] of Object.entries(hostile)) {
    assert.deepEqual(parseYaml(text), [], name);
    assert.match(yamlRefusal(text) ?? '', new RegExp(`^YAML nested deeper than ${MAX_YAML_NESTING} levels`), name);
  }
  const key = generatePemKey('ec-pkcs8').text;
  const workflow = `on: push\njobs:\n  sign:\n    steps:\n      - run: cosign sign --key cosign.key img\n        env:\n          K: |\n${key.replace(/^/gm, '            ')}\n      - x: ${'['.repeat(DEEP)}\n`;
  const warnings: string[] = [];
  const logger: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
  const findings = scanFile({ path: '.github/workflows/sign.yml', text: workflow, committed: true }, { logger });
  assert.deepEqual(
    findings.map((f) => f.ruleId),
    ['KW101'],
    'the key is found; the YAML-based cosign rules saw nothing',
  );
  assert.deepEqual(warnings, [
    `.github/workflows/sign.yml: YAML nested deeper than ${MAX_YAML_NESTING} levels: not parsed, so its configuration was not checked`,
  ]);
  const bytes = scanFileBytes({ path: '.github/workflows/sign.yml', bytes: Buffer.from(workflow), complete: true, committed: true });
  assert.match(bytes.yamlSkipped ?? '', /nested deeper/);
  assert.equal(scanFileBytes({ path: 'ok.yml', bytes: Buffer.from('a: 1\n'), complete: true, committed: true }).yamlSkipped, undefined);

  const root = mkdtempSync(join(tmpdir(), 'keyward-yaml-deep-'));
  try {
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, '.github', 'workflows', 'sign.yml'), workflow);
    writeFileSync(join(root, 'fine.yml'), 'a: [1]\n');
    const result = await scanWorkspace({ root, trusted: false, rules: RULES });
    assert.deepEqual(
      result.skipped.map((s) => [s.path, s.reason]),
      [['.github/workflows/sign.yml', 'yaml-too-deep']],
    );
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.ruleId]),
      [['.github/workflows/sign.yml', 'KW101']],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
