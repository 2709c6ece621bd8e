import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { formatJson } from '../../../src/cli/format-json';
import { formatSarif } from '../../../src/cli/format-sarif';
import { formatText } from '../../../src/cli/format-text';
import { scanExitCode } from '../../../src/cli/scan-command';
import { RULES } from '../../../src/engine/rules/registry';
import type { Rule } from '../../../src/engine/rules/rule';
import { scanFileReport } from '../../../src/engine/scan/scanner';
import type { Logger } from '../../../src/engine/types';
import { scanWorkspace } from '../../../src/engine/scan/workspace-scan';
import { assertNoSecretLeak, generatePemKey } from '../../helpers/keys';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-failures-'));
  made.push(root);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, name), content);
  return root;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** A rule with a bug that throws an error whose message quotes the file, as a decoder's might. */
const throwingRule: Rule = {
  meta: { ...RULES[0]!.meta, id: 'KW999', name: 'throws' },
  gate: { anchors: ['-----BEGIN'] },
  check(file) {
    throw new TypeError(`cannot read ${file.text ?? ''}`);
  },
};

const report = (result: Parameters<typeof formatText>[0]['result'], root: string) => ({
  result,
  root,
  toolVersion: '0.0.0-test',
  docsUrl: 'https://example.invalid/rules.md',
});

describe('a rule that throws', () => {
  test('is an internal error of the scan: exit code 2, reported in every format, and never its message', async () => {
    const key = generatePemKey('ec-pkcs8').text;
    const root = workspaceWith({ 'key.pem': key });
    const logger = recordingLogger();
    const result = await scanWorkspace({ root, trusted: false, rules: [...RULES, throwingRule], logger });
    assert.deepEqual(result.internalErrors, [{ path: 'key.pem', ruleId: 'KW999', errorClass: 'TypeError' }]);
    // The other rules' findings stand.
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['KW101'],
    );
    assert.equal(scanExitCode(result, 'error'), 2);
    assert.equal(scanExitCode(result, 'none'), 2);
    const { internalErrors: _failures, ...withoutFailures } = result;
    assert.equal(scanExitCode(withoutFailures, 'none'), 0);

    const text = formatText(report(result, root), { color: false, cwd: root });
    assert.match(text, /internal error: rule KW999 failed on key\.pem \(TypeError\)/);
    assert.match(text, /scan incomplete/);
    const json = JSON.parse(formatJson(report(result, root))) as { summary: { internalErrors: number }; internalErrors: unknown[] };
    assert.equal(json.summary.internalErrors, 1);
    assert.deepEqual(json.internalErrors, result.internalErrors);
    const sarif = JSON.parse(formatSarif(report(result, root))) as {
      runs: {
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; associatedRule: { id: string }; locations: unknown[] }[] }[];
      }[];
    };
    const invocation = sarif.runs[0]!.invocations[0]!;
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(invocation.toolExecutionNotifications[0]?.level, 'error');
    assert.equal(invocation.toolExecutionNotifications[0]?.associatedRule.id, 'KW999');
    for (const output of [text, JSON.stringify(json), JSON.stringify(sarif), logger.lines.join('\n')]) assertNoSecretLeak(output, key);
  });
});

describe('long command lines (issue 14 item 15)', () => {
  const header = '#!/bin/sh\ncosign sign --key env://COSIGN_PRIVATE_KEY ghcr.io/acme/app\n';

  test('KW204 finds a key written to disk on a 1.4 MB command line, without failing', () => {
    const words = Array.from({ length: 700_000 }, () => 'a').join(' ');
    const text = `${header}echo "$COSIGN_PRIVATE_KEY" ${words} > cosign.key\n`;
    assert.ok(text.length > 1_400_000);
    const { findings, internalErrors } = scanFileReport({ path: 'sign.sh', text, committed: true });
    assert.equal(internalErrors, undefined);
    const written = findings.filter((f) => f.ruleId === 'KW204' && f.startPosition.line === 2);
    assert.equal(written.length, 1);
    assert.match(written[0]!.message, /to cosign\.key/);
  });

  test('a line of 200,000 command substitutions is parsed: every shell rule runs', () => {
    const text = `${header}echo "$COSIGN_PRIVATE_KEY" ${'$(a) '.repeat(200_000)}> cosign.key\n`;
    const { findings, internalErrors } = scanFileReport({ path: 'sign.sh', text, committed: true });
    assert.equal(internalErrors, undefined);
    assert.ok(findings.some((f) => f.ruleId === 'KW204' && f.startPosition.line === 2));
  });

  test('tee with 500,000 file names is one sink list, not a call with 500,000 arguments', () => {
    const text = `${header}echo "$COSIGN_PRIVATE_KEY" | tee ${Array.from({ length: 500_000 }, (_, i) => `f${i}`).join(' ')}\n`;
    const { findings, internalErrors } = scanFileReport({ path: 'sign.sh', text, committed: true });
    assert.equal(internalErrors, undefined);
    assert.ok(findings.some((f) => f.ruleId === 'KW204' && /to f0:/.test(f.message)));
  });
});
