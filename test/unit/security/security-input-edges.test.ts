/**
 * Awkward files through scanWorkspace: each gives the correct result or a clear "skipped because …".
 * Huge files, NUL bytes, invalid UTF-8, UTF-16 with a BOM (key found on the right line), CRLF, a
 * 100,000-line YAML file and JSON nested 100,000 levels deep (no stack overflow).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { scanWorkspace } from '../../../src/engine/scan/workspace-scan';
import type { Logger, ScanResult } from '../../../src/engine/types';
import { generatePemKey } from '../../helpers/keys';

const key = generatePemKey('ec-sec1').text;
const errors: string[] = [];
const logger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };

async function scanOne(name: string, content: string | Buffer, options: { maxFileSize?: number } = {}): Promise<ScanResult> {
  const root = mkdtempSync(join(tmpdir(), 'keyward-edges-'));
  writeFileSync(join(root, name), content);
  errors.length = 0;
  const result = await scanWorkspace({ root, trusted: false, logger, ...options });
  assert.deepEqual(errors, [], `no rule failed on ${name}`);
  return result;
}

test('a file over the size cap is skipped with its size and the cap as the reason', async () => {
  const result = await scanOne('big.txt', `${'x'.repeat(3 * 1024 * 1024)}\n${key}`);
  assert.equal(result.findings.length, 0);
  assert.equal(result.skipped[0]?.reason, 'too-large');
  assert.match(result.skipped[0]?.detail ?? '', /over the \d+-byte limit/);
});

test('NUL bytes make a file binary: skipped as binary, unless it is a key container by name', async () => {
  const result = await scanOne('blob.bin', Buffer.concat([Buffer.from('\0\0\0'), Buffer.from(key)]));
  assert.deepEqual(
    result.skipped.map((s) => s.reason),
    ['binary'],
  );
  assert.equal(result.findings.length, 0);
});

test('invalid UTF-8 around a key: the key is still found on its line', async () => {
  const result = await scanOne('mixed.txt', Buffer.concat([Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a, 0x80, 0x0a]), Buffer.from(key)]));
  assert.equal(result.findings[0]?.ruleId, 'KW101');
  assert.equal(result.findings[0]?.startPosition.line, 2);
});

for (const [encoding, bom] of [
  ['utf-16le', Buffer.from([0xff, 0xfe])],
  ['utf-16be', Buffer.from([0xfe, 0xff])],
] as const) {
  test(`${encoding} with a BOM: the key is found at the right line`, async () => {
    const text = `first line\nsecond line\n${key}`;
    const le = Buffer.from(text, 'utf16le');
    const body = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
    const result = await scanOne('key.txt', Buffer.concat([bom, body]));
    assert.equal(result.findings[0]?.ruleId, 'KW101');
    assert.equal(result.findings[0]?.startPosition.line, 2);
    assert.equal(result.findings[0]?.startPosition.character, 0);
  });
}

test('CRLF line endings: the key is found with the same positions as with LF', async () => {
  const result = await scanOne('crlf.txt', `a\r\nb\r\n${key.replace(/\n/g, '\r\n')}`);
  assert.equal(result.findings[0]?.ruleId, 'KW101');
  assert.equal(result.findings[0]?.startPosition.line, 2);
  assert.equal(result.findings[0]?.endPosition.line, 2 + key.trimEnd().split('\n').length - 1);
});

test('a 100,000-line YAML file with a cosign step at the end is scanned completely', async () => {
  // Short lines keep the file (1.5 MB) under the default 2 MB cap.
  const lines = Array.from({ length: 100_000 }, () => '      - run: :');
  const text = `jobs:\n  a:\n    steps:\n${lines.join('\n')}\n      - run: cosign verify --insecure-ignore-tlog img\n`;
  const root = mkdtempSync(join(tmpdir(), 'keyward-edges-'));
  const workflows = join(root, '.github', 'workflows');
  (await import('node:fs')).mkdirSync(workflows, { recursive: true });
  writeFileSync(join(workflows, 'big.yml'), text);
  const result = await scanWorkspace({ root, trusted: false, logger });
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(
    result.findings.map((f) => `${f.ruleId}@${f.startPosition.line}`).filter((f) => f.startsWith('KW305')),
    ['KW305@100003'],
  );
});

test('JSON nested 100,000 levels deep: no stack overflow, other findings in the file still reported', async () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const result = await scanOne('deep.json', `{"a": ${deep}, "private_key": ${JSON.stringify(key)}}`);
  assert.equal(result.filesScanned, 1);
  assert.ok(result.findings.some((f) => f.ruleId === 'KW101'));
  const objects = await scanOne('objects.json', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
  assert.equal(objects.filesScanned, 1);
});
