import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/**
 * In Restricted Mode, the settings that could hide findings or weaken verification are read from user
 * level only. Two places must agree on which settings those are: package.json's
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` (VS Code's own enforcement) and the
 * adapter's trust-gated readers (`setting(keyward, …, trusted, …)` in src/vscode/config.ts,
 * `restricted(config, …, trusted)` in src/vscode/verify/settings.ts). The readers need VS Code, so this
 * reads their calls from the source.
 */
function gatedReads(file: string, call: RegExp, prefix: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(call)].map((match) => `${prefix}${match[1]}`);
}

test('the settings the adapter reads trust-gated are exactly package.json restrictedConfigurations', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } } };
  const declared = [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort();
  const read = [
    ...gatedReads('src/vscode/config.ts', /setting\(keyward, '([\w.]+)', trusted/g, 'keyward.'),
    ...gatedReads('src/vscode/verify/settings.ts', /restricted\(config, '([\w.]+)', trusted\)/g, 'keyward.verify.'),
  ];
  assert.ok(read.length >= 7, `found the readers' calls (${read.join(', ')})`);
  assert.deepEqual([...new Set(read)].sort(), declared);
});
