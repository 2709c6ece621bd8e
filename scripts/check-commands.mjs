// Checks that the command manifest and the code agree: every command in package.json
// `contributes.commands` is registered in src/vscode/, every registered `keyward.*` command is declared,
// every command that code actions or `executeCommand` refer to exists, and every `commandPalette` entry
// names a declared command. Exits 1 with the differences.
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const declared = new Set((pkg.contributes?.commands ?? []).map((c) => c.command));
const inPalette = (pkg.contributes?.menus?.commandPalette ?? []).map((m) => m.command);

const registered = new Map();
const referenced = new Map();
const REGISTER = /registerCommand\(\s*'([^'\n]+)'/g;
// `command: 'keyward.x'` in code actions and status-bar items, `executeCommand('keyward.x')` anywhere.
const REFERENCE = /(?:\bcommand:\s*|executeCommand\(\s*)'(keyward\.[^'\n]+)'/g;

for (const file of await fg('src/vscode/**/*.ts')) {
  const text = readFileSync(file, 'utf8');
  for (const [, id] of text.matchAll(REGISTER)) registered.set(id, file);
  for (const [, id] of text.matchAll(REFERENCE)) referenced.set(id, file);
}

const problems = [];
for (const id of declared) if (!registered.has(id)) problems.push(`${id}: declared in package.json but never registered in src/vscode/`);
for (const [id, file] of registered) {
  if (id.startsWith('keyward.') && !declared.has(id)) problems.push(`${id}: registered in ${file} but not declared in package.json contributes.commands`);
}
for (const [id, file] of referenced) if (!registered.has(id)) problems.push(`${id}: used in ${file} but never registered`);
for (const id of inPalette) if (!declared.has(id)) problems.push(`${id}: in menus.commandPalette but not declared`);

if (problems.length > 0) {
  console.error(`check-commands: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-commands: ${declared.size} commands declared and registered`);
