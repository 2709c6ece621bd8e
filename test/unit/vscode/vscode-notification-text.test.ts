// Notifications are plain text: engine messages written with Markdown code spans must not show backticks.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fg from 'fast-glob';
import { notificationText } from '../../../src/vscode/notification-text';

test('code spans are shown in quotes, stray backticks dropped, other text unchanged', () => {
  assert.equal(notificationText('Run `go mod tidy` to update go.sum.'), 'Run "go mod tidy" to update go.sum.');
  assert.equal(notificationText('Verify with `cosign verify-blob --bundle … `; then `x`'), 'Verify with "cosign verify-blob --bundle … "; then "x"');
  assert.equal(notificationText('a lone ` backtick'), 'a lone  backtick');
  assert.equal(notificationText('Verified: signed by https://github.com/o/r'), 'Verified: signed by https://github.com/o/r');
});

test('every notification in src/vscode shows literal text without backticks, or engine text through notificationText', async () => {
  const offenders: string[] = [];
  for (const file of await fg('src/vscode/**/*.ts')) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/show(?:Information|Warning|Error)Message\(/g)) {
      const call = source.slice(match.index + match[0].length, source.indexOf('\n', source.indexOf(')', match.index)) + 1);
      // Literal text: the parts of string and template literals outside ${…}.
      const literal = call.replace(/\$\{[^}]*\}/g, '').match(/'[^'\n]*'|"[^"\n]*"/g) ?? [];
      if (literal.some((text) => text.includes('`'))) offenders.push(`${file}: literal backtick in ${call.trim()}`);
      // Text the engine wrote (fix notes, verification summaries, error messages) may carry code spans.
      if (/\b(?:note|summary|message)\b/.test(call.replace(/notificationText\([^]*\)/, '')) && !call.includes('notificationText('))
        offenders.push(`${file}: engine text without notificationText: ${call.trim()}`);
    }
  }
  assert.deepEqual(offenders, []);
});
