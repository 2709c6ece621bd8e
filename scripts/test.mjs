// The whole test suite, as the README's Quick start and CI run it:
// type check, lint, bundles, generated-docs check, command manifest check, unit tests, packaging, and
// end-to-end tests in a real VS Code. Ends with one summary line: "keyward: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, mkdirSync } from 'node:fs';

const results = { passed: 0, failed: 0 };
const failures = [];

function step(name, command, args, { count } = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const ok = run.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (count) {
    const counted = count();
    results.passed += counted.passed;
    results.failed += counted.failed;
    if (!ok && counted.failed === 0) results.failed += 1; // the runner itself failed
  } else if (ok) results.passed += 1;
  else results.failed += 1;
  if (!ok) failures.push(name);
  return ok;
}

const npx = (bin, ...args) => [process.execPath, [`node_modules/${bin}`, ...args]];
mkdirSync('out', { recursive: true });

const foundations =
  step('type check (tsc --noEmit)', ...npx('typescript/bin/tsc', '--noEmit', '-p', '.')) &&
  step('lint (eslint)', ...npx('eslint/bin/eslint.js', '.')) &&
  step('bundles (esbuild)', process.execPath, ['scripts/build.mjs', '--production']);

if (foundations) {
  step('generated docs are current', process.execPath, ['scripts/docs.mjs', '--check']);
  step('every command is declared and registered', process.execPath, ['scripts/check-commands.mjs']);
  step('unit tests (node:test)', process.execPath, ['scripts/run-unit-tests.mjs', '--tap=out/unit.tap'], { count: () => tapCounts('out/unit.tap') });
  if (step('package the extension (vsce)', ...npx('@vscode/vsce/vsce', 'package', '--no-dependencies', '-o', 'keyward.vsix'))) {
    step('the .vsix is under 1 MB', process.execPath, ['-e', `const s=require('fs').statSync('keyward.vsix').size; console.log('keyward.vsix: '+s+' bytes'); process.exit(s < 1024*1024 ? 0 : 1)`]);
  }
  if (process.env.KEYWARD_SKIP_E2E === '1' && process.env.CI !== 'true') {
    console.log('\n⚠ end-to-end tests skipped (KEYWARD_SKIP_E2E=1); CI always runs them');
  } else {
    step('end-to-end tests in a real VS Code', process.execPath, ['scripts/e2e/run.mjs', '--vsix', 'keyward.vsix', '--results=out/e2e-results.json'], { count: () => e2eCounts('out/e2e-results.json') });
  }
}

if (failures.length) console.log(`\nfailed: ${failures.join('; ')}`);
console.log(`\nkeyward: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 && failures.length === 0 ? 0 : 1);

function tapCounts(file) {
  try {
    const tap = readFileSync(file, 'utf8');
    const num = (key) => Number(tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
    return { passed: num('pass'), failed: num('fail') + num('cancelled') };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

function e2eCounts(file) {
  try {
    statSync(file);
    const { passed = 0, failed = 0 } = JSON.parse(readFileSync(file, 'utf8'));
    return { passed, failed };
  } catch {
    return { passed: 0, failed: 0 };
  }
}
