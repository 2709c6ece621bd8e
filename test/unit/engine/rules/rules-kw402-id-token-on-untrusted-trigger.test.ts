import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { idTokenOnUntrustedTrigger } from '../../../../src/engine/rules/kw402-id-token-on-untrusted-trigger';
import { covered, scan } from '../../../helpers/cosign-rule-harness';

const rule = idTokenOnUntrustedTrigger;
const path = '.github/workflows/pr.yml';

test('KW402 flags id-token: write (workflow or job level, or write-all) on pull_request_target / workflow_run / issue_comment', () => {
  const text =
    'on:\n  pull_request_target:\n    types: [opened]\npermissions:\n  id-token: write\njobs:\n  build:\n    permissions: write-all\n    steps:\n      - run: make\n';
  const found = scan(rule, path, text);
  assert.deepEqual(
    found.map((f) => covered(text, f)),
    ['id-token: write', 'permissions: write-all'],
  );
  assert.ok(found.every((f) => f.severity === 'error'));
  assert.match(found[0]?.message ?? '', /pull_request_target/);
  for (const on of ['on: workflow_run', 'on: [issue_comment, push]', "on:\n  'workflow_run':\n    workflows: [ci]"]) {
    assert.equal(scan(rule, path, `${on}\njobs:\n  s:\n    permissions:\n      id-token: write\n    steps: []\n`).length, 1, on);
  }
});

test('KW402 negatives: safe triggers, no id-token write, files that are not workflows', () => {
  assert.deepEqual(scan(rule, path, 'on: [push, pull_request]\npermissions:\n  id-token: write\njobs:\n  s:\n    steps: []\n'), []);
  assert.deepEqual(scan(rule, path, 'on: pull_request_target\npermissions:\n  id-token: none\n  contents: read\njobs:\n  s:\n    steps: []\n'), []);
  assert.deepEqual(scan(rule, 'docs/pr.yml', 'on: pull_request_target\npermissions:\n  id-token: write\njobs: {}\n'), []);
  // A comment mentioning the trigger is not a trigger.
  assert.deepEqual(scan(rule, path, '# on: pull_request_target\non: push\npermissions:\n  id-token: write\njobs:\n  s:\n    steps: []\n'), []);
});
