/**
 * Terminal escape injection: a repository chooses its file names, and the text report, the verbose log and
 * errors print them. Raw, an ESC sequence in a name can clear the screen and print a fake "no findings",
 * OSC 52 can write the clipboard, a newline can forge a report line and a bidi override can disguise a name.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { escapeForDisplay } from '../../src/engine/text/display-escape';
import { generatePemKey } from '../helpers/keys';
import { runCli } from '../helpers/verify-cli-build';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_NAMES = [
  '\u001b[2J\u001b[H\u001b[32m✔ no findings in 1 file(s)\u001b[0m.pem',
  '\u001b]52;c;ZXZpbA==\u0007clip.pem',
  'line\n  1:1  fake finding.pem',
  'gnp.\u202eevil.pem',
  'cr\rtab\tdel\u007fc1\u009b.pem',
];

const skip = process.platform === 'win32' ? 'Windows file names cannot hold these characters' : false;

test('escapeForDisplay escapes C0, C1, DEL, bidi controls and marks, and nothing else', () => {
  assert.equal(escapeForDisplay('\u001b[2J'), '\\x1b[2J');
  assert.equal(escapeForDisplay('a\nb\rc\td'), 'a\\nb\\rc\\td');
  assert.equal(escapeForDisplay('\u007f\u0085\u009b'), '\\x7f\\x85\\x9b');
  assert.equal(escapeForDisplay('\u202a\u202e\u2066\u2069\u200e\u200f\u061c'), '\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c');
  assert.equal(escapeForDisplay('clé ✔ 鍵 é.pem'), 'clé ✔ 鍵 é.pem');
});

test('the text report, the verbose log and errors show hostile file names escaped', { skip }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-escapes-'));
  made.push(root);
  for (const name of HOSTILE_NAMES) writeFileSync(path.join(root, name), generatePemKey('ec-sec1').text);
  const result = runCli(['scan', root, '--untrusted', '--verbose', '--format', 'text', '--color'], { cwd: root });
  assert.equal(result.status, 1, result.stderr);
  // Colour codes are Keyward's own (CSI ... m); anything else from a name must come out escaped.
  const withoutColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const raw = RAW_CONTROL.exec(withoutColours(text).replace(/\n/g, ''));
    assert.equal(raw, null, `${stream} holds a raw control character U+${raw?.[0].codePointAt(0)?.toString(16)}`);
  }
  assert.match(result.stdout, /\\x1b\[2J\\x1b\[H/);
  assert.match(result.stdout, /\\x1b\]52;c;ZXZpbA==\\x07clip\.pem/);
  assert.match(result.stdout, /line\\n {2}1:1 {2}fake finding\.pem/);
  assert.match(result.stdout, /gnp\.\\u202eevil\.pem/);
  assert.match(result.stdout, /cr\\rtab\\tdel\\x7fc1\\x9b\.pem/);
  // Every report line is Keyward's: a newline in a name cannot start one.
  assert.ok(!result.stdout.split('\n').some((line) => line.startsWith('  1:1  fake finding')));
});

test('a usage error naming a hostile path shows it escaped', { skip }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'keyward-escapes-'));
  made.push(root);
  const result = runCli(['scan', path.join(root, '\u001b]52;c;ZXZpbA==\u0007missing')], { cwd: root });
  assert.equal(result.status, 2);
  assert.equal(RAW_CONTROL.exec(result.stderr.replace(/\n/g, '')), null);
  assert.match(result.stderr, /\\x1b\]52;c;ZXZpbA==\\x07missing/);
});
