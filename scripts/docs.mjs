// Regenerates the rule registry (src/engine/rules/registry.ts, from the rule files), then docs/rules.md and the
// README rule table from it. `node scripts/docs.mjs --check` fails instead of writing when any is stale (run by
// the tests).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { REGISTRY_FILE, renderRegistry } from './lib/rule-registry.mjs';

const check = process.argv.includes('--check');
// The registry first: the docs are rendered from the built registry.
const registry = renderRegistry();
const registryStale = readFileSafe(REGISTRY_FILE) !== registry;
if (!check && registryStale) writeFileSync(REGISTRY_FILE, registry);
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--only=out'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const docs = createRequire(import.meta.url)('../out/src/engine/rules/docs.js');

const rulesDoc = docs.renderRulesDoc();
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(docs.README_TABLE_START);
const end = readme.indexOf(docs.README_TABLE_END);
if (start < 0 || end < start) {
  console.error('README.md lacks the rule-table markers');
  process.exit(1);
}
const newReadme = readme.slice(0, start + docs.README_TABLE_START.length) + '\n' + docs.renderReadmeRuleTable() + '\n' + readme.slice(end);

const stale = registryStale ? [REGISTRY_FILE] : [];
if (readFileSafe('docs/rules.md') !== rulesDoc) stale.push('docs/rules.md');
if (readme !== newReadme) stale.push('README.md');
if (check) {
  if (stale.length) {
    console.error(`stale generated docs: ${stale.join(', ')}. Run \`npm run docs\`.`);
    process.exit(1);
  }
  console.log('generated docs are up to date');
} else {
  writeFileSync('docs/rules.md', rulesDoc);
  writeFileSync('README.md', newReadme);
  console.log(stale.length ? `updated ${stale.join(', ')}` : 'docs already up to date');
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
