import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';

/** The import boundaries ARCHITECTURE.md describes, read from the sources. */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of one file (type-only ones too: they still tie modules together), resolved to files. */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^'"]*?from '(\.{1,2}\/[^']+)'/gm)].flatMap((match) => {
    const target = normalize(join(dirname(file), match[1]!));
    return [`${target}.ts`, join(target, 'index.ts')].filter((candidate) => existsSync(candidate)).slice(0, 1);
  });
}

const FILES = sourceFiles('src');
const GRAPH = new Map(FILES.map((file) => [file, localImports(file)]));

test('the engine imports neither the CLI nor the VS Code adapter, nor vscode; the CLI does not import the adapter', () => {
  for (const [file, imports] of GRAPH) {
    const text = readFileSync(file, 'utf8');
    if (file.startsWith(join('src', 'engine'))) {
      assert.ok(
        !imports.some((target) => target.startsWith(join('src', 'cli')) || target.startsWith(join('src', 'vscode'))),
        `${file} imports outside the engine`,
      );
      assert.doesNotMatch(text, /from 'vscode'/, file);
    }
    if (file.startsWith(join('src', 'cli'))) {
      assert.ok(!imports.some((target) => target.startsWith(join('src', 'vscode'))), `${file} imports the adapter`);
      assert.doesNotMatch(text, /from 'vscode'/, file);
    }
  }
});

test('there are no import cycles in src/', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const target of GRAPH.get(file) ?? []) {
      if (state.get(target) === 'visiting') assert.fail(`import cycle: ${[...stack.slice(stack.indexOf(target)), target].join(' → ')}`);
      if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  assert.ok(FILES.length > 100 && [...GRAPH.values()].flat().length > 300, 'read the sources and their imports');
  for (const file of FILES) if (!state.has(file)) visit(file);
});
