/** The editor's own ripgrep is found where desktop VS Code and code-server ship it, and nowhere else. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { bundledRipgrepCandidates, findBundledRipgrep } from '../../../../src/vscode/bundled-ripgrep';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function appRootWith(relative: string | undefined): string {
  const appRoot = mkdtempSync(path.join(tmpdir(), 'keyward-approot-'));
  made.push(appRoot);
  if (relative !== undefined) {
    mkdirSync(path.dirname(path.join(appRoot, relative)), { recursive: true });
    writeFileSync(path.join(appRoot, relative), '');
  }
  return appRoot;
}

test('desktop, desktop packed in an asar archive, and code-server layouts', () => {
  for (const [relative, platform, arch] of [
    ['node_modules/@vscode/ripgrep/bin/rg', 'linux', 'x64'],
    ['node_modules.asar.unpacked/@vscode/ripgrep/bin/rg', 'darwin', 'arm64'],
    ['node_modules/@vscode/ripgrep-universal/bin/linux-arm64/rg', 'linux', 'arm64'],
    ['node_modules/@vscode/ripgrep/bin/rg.exe', 'win32', 'x64'],
  ] as const) {
    const appRoot = appRootWith(relative);
    assert.equal(findBundledRipgrep(appRoot, platform, arch), path.join(appRoot, relative));
  }
});

test("no ripgrep, another platform's binary, a folder of that name, or a relative appRoot: none", () => {
  assert.equal(findBundledRipgrep(appRootWith(undefined), 'linux', 'x64'), undefined);
  assert.equal(findBundledRipgrep(appRootWith('node_modules/@vscode/ripgrep-universal/bin/linux-arm64/rg'), 'linux', 'x64'), undefined);
  const folder = appRootWith('node_modules/@vscode/ripgrep/bin/rg/inner');
  assert.equal(findBundledRipgrep(folder, 'linux', 'x64'), undefined);
  assert.equal(findBundledRipgrep('relative/app', 'linux', 'x64'), undefined);
  assert.equal(findBundledRipgrep(undefined), undefined);
  assert.ok(bundledRipgrepCandidates('/app', 'linux', 'x64').every((candidate) => candidate.startsWith('/app/')));
});
