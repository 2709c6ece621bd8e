// The .vsix as vsce packages it (.vscodeignore is an allowlist): `vsce ls` must list exactly these files, so a
// file the extension needs (or the third-party notices) cannot silently drop out, and nothing else slips in.
// Run by `npm test` after the production build (the dist/ files must exist).
import { spawnSync } from 'node:child_process';

const EXPECTED_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'THIRD-PARTY-NOTICES.md',
  'dist/engine.js',
  'dist/extension.js',
  'dist/scan-worker.js',
  'dist/verify.js',
  'docs/rotation-guide.md',
  'docs/rules.md',
  'media/icon.png',
  'media/verify/result.css',
  'media/walkthrough/findings.md',
  'media/walkthrough/migrate.md',
  'media/walkthrough/verify.md',
  'package.json',
];

const run = spawnSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' });
if (run.status !== 0) {
  console.error(`vsce ls failed: ${run.stderr || run.stdout}`);
  process.exit(1);
}
const listed = run.stdout
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean)
  .sort();
if (JSON.stringify(listed) !== JSON.stringify(EXPECTED_FILES)) {
  console.error(`the .vsix would hold:\n${listed.join('\n')}\n\nexpected exactly:\n${EXPECTED_FILES.join('\n')}`);
  process.exit(1);
}
console.log(`the .vsix holds exactly the ${EXPECTED_FILES.length} expected files, THIRD-PARTY-NOTICES.md among them`);
