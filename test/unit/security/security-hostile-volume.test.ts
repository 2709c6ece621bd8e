import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { formatJson } from '../../../src/cli/format-json';
import { formatSarif } from '../../../src/cli/format-sarif';
import { formatText } from '../../../src/cli/format-text';
import { createFileContext } from '../../../src/engine/scan/file-context';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE } from '../../../src/engine/findings/finding-caps';
import { scanFileReport } from '../../../src/engine/scan/scanner';
import type { ScanResult } from '../../../src/engine/types';
import { scanWorkspace } from '../../../src/engine/scan/workspace-scan';
import { assertNoSecretLeak, generateEncryptedPkcs8, generatePemKey } from '../../helpers/keys';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-volume-'));
  made.push(root);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(root, name), content);
  return root;
}

/** One real key repeated: every copy is a finding (at its own offset), and the file costs nothing to make. */
function manyKeys(count: number, key = generatePemKey('ed25519-pkcs8').text): string {
  return Array.from({ length: count }, () => key).join('\n');
}

const report = (result: ScanResult, root: string) => ({ result, root, toolVersion: '0.0.0-test', docsUrl: 'https://example.invalid/rules.md' });

describe('findings caps', () => {
  test('a file with more keys than the per-rule cap reports the cap and counts the rest', () => {
    const { findings, truncated } = scanFileReport({ path: 'keys.pem', text: manyKeys(MAX_FINDINGS_PER_RULE + 37), committed: true });
    assert.equal(findings.filter((f) => f.ruleId === 'KW101').length, MAX_FINDINGS_PER_RULE);
    assert.deepEqual(truncated, [{ path: 'keys.pem', ruleId: 'KW101', count: 37 }]);
  });

  test('the per-file cap counts every rule together; a file under both caps has no notice', () => {
    const text = [manyKeys(4), manyKeys(3, generateEncryptedPkcs8().text)].join('\n');
    const capped = scanFileReport({ path: 'mixed.pem', text, committed: true }, { limits: { perRule: 3, perFile: 5 } });
    assert.equal(capped.findings.length, 5);
    const kept = (ruleId: string) => capped.findings.filter((f) => f.ruleId === ruleId).length;
    assert.equal(kept('KW101'), 3);
    assert.equal(kept('KW102'), 2);
    assert.deepEqual(capped.truncated, [
      { path: 'mixed.pem', ruleId: 'KW101', count: 1 },
      { path: 'mixed.pem', ruleId: 'KW102', count: 1 },
    ]);
    assert.equal(scanFileReport({ path: 'mixed.pem', text, committed: true }).truncated, undefined);
  });

  test('keys are judged only until the file is over its cap: the CPU cost is bounded, and the notice says the file was not searched to its end', () => {
    const keys = MAX_FINDINGS_PER_FILE + 50;
    const text = manyKeys(keys);
    // Operation count, not time: how many private-key blocks get decoded.
    const judged = createFileContext('keys.pem', text, new Uint8Array()).judgedPrivateKeys();
    assert.equal(judged.complete, false);
    assert.equal(judged.blocks.length, MAX_FINDINGS_PER_FILE + 1);
    const { findings, truncated } = scanFileReport({ path: 'keys.pem', text, committed: true });
    assert.equal(findings.length, MAX_FINDINGS_PER_RULE);
    const kw101 = truncated?.find((notice) => notice.ruleId === 'KW101');
    assert.deepEqual(kw101, { path: 'keys.pem', ruleId: 'KW101', count: MAX_FINDINGS_PER_FILE + 1 - MAX_FINDINGS_PER_RULE, incomplete: true });
    // Every PEM key rule that read the cut view says so, so a key of another kind further down is not presumed absent.
    assert.deepEqual(
      truncated?.map((notice) => notice.ruleId),
      ['KW100', 'KW101', 'KW102', 'KW103', 'KW104'],
    );
  });

  test('placeholders do not count towards the judging limit: a real key after thousands of them is found', () => {
    const placeholder = '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----';
    const text = `${Array.from({ length: MAX_FINDINGS_PER_FILE * 4 }, () => placeholder).join('\n')}\n${generatePemKey('ec-pkcs8').text}`;
    const { findings, truncated } = scanFileReport({ path: 'docs.md', text, committed: true });
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['KW101'],
    );
    assert.equal(truncated, undefined);
  });

  test('a workspace scan carries the notice into the text, JSON and SARIF reports, and a cached re-scan keeps it', async () => {
    const key = generatePemKey('ed25519-pkcs8').text;
    const root = workspaceWith({ 'keys.pem': manyKeys(MAX_FINDINGS_PER_RULE + 5, key) });
    const cacheFile = path.join(mkdtempSync(path.join(tmpdir(), 'keyward-volume-cache-')), 'cache.json');
    made.push(path.dirname(cacheFile));
    const first = await scanWorkspace({ root, trusted: false, cacheFile });
    assert.deepEqual(first.truncated, [{ path: 'keys.pem', ruleId: 'KW101', count: 5 }]);
    const text = formatText(report(first, root), { color: false, cwd: root });
    assert.match(text, /5 more finding\(s\) of KW101 in keys\.pem not shown/);
    const json = JSON.parse(formatJson(report(first, root))) as { summary: { findingsNotShown: number }; truncated: unknown[] };
    assert.equal(json.summary.findingsNotShown, 5);
    assert.deepEqual(json.truncated, first.truncated);
    const sarif = JSON.parse(formatSarif(report(first, root))) as SarifLog;
    const invocation = sarif.runs[0]!.invocations[0]!;
    assert.equal(invocation.executionSuccessful, true);
    const [notification] = invocation.toolExecutionNotifications;
    assert.equal(notification?.level, 'warning');
    assert.equal(notification?.associatedRule.id, 'KW101');
    assert.match(notification?.message.text ?? '', /5 more finding\(s\) of KW101/);
    for (const output of [text, JSON.stringify(json), JSON.stringify(sarif)]) assertNoSecretLeak(output, key);
    const again = await scanWorkspace({ root, trusted: false, cacheFile });
    assert.deepEqual(again.truncated, first.truncated);
    assert.equal(again.findings.length, MAX_FINDINGS_PER_RULE);
  });
});

interface SarifLog {
  runs: {
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; associatedRule: { id: string } }[];
    }[];
  }[];
}
