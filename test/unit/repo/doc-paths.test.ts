import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fg from 'fast-glob';

/**
 * Every repository path the documentation names (`src/…`, `test/…`, `bench/…`, `scripts/…`, `eval/…`, globs
 * included) exists, so a moved or renamed file cannot leave the README, ARCHITECTURE.md, CONTRIBUTING.md,
 * docs/ or the bench and eval READMEs pointing at nothing.
 */

const DOCS = ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md', 'bench/README.md', 'eval/real/README.md', ...fg.sync('docs/*.md').sort()];

/** Paths that are examples by design: a rule file to be written, an entry of a user's ignore file. */
const EXAMPLES = new Set(['test/fixtures/throwaway.pem']);
const PLACEHOLDER = /NNN|</;
/** What the benchmarks write when they run (gitignored). */
const GENERATED = /^bench\/\.work\//;

/** Not inside a URL or a longer path (`…/main/src/x` is someone else's file). */
const PATH_MENTION = /(?<![\w./-])(?:src|test|bench|scripts|eval)\/[\w./*{},<>-]*[\w*}/]/g;

function mentionedPaths(markdown: string): string[] {
  return [...markdown.matchAll(PATH_MENTION)].map((match) => match[0].replace(/\.$/, ''));
}

function exists(mention: string): boolean {
  if (/[*{]/.test(mention)) return fg.sync(mention, { onlyFiles: false }).length > 0;
  // The data-flow picture names modules without their extension.
  return existsSync(mention) || existsSync(`${mention}.ts`);
}

test('every src/, test/, bench/, scripts/ and eval/ path the docs mention exists', () => {
  const missing: string[] = [];
  let checked = 0;
  for (const doc of DOCS) {
    for (const mention of new Set(mentionedPaths(readFileSync(doc, 'utf8')))) {
      if (EXAMPLES.has(mention) || PLACEHOLDER.test(mention) || GENERATED.test(mention)) continue;
      checked += 1;
      if (!exists(mention)) missing.push(`${doc}: ${mention}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(checked > 50, `only ${checked} paths found: is the pattern still matching?`);
});

test('the path pattern: URLs and longer paths are not mentions, globs and folders are', () => {
  assert.deepEqual(mentionedPaths('see `src/engine/scan/keys-first.ts`, https://github.com/x/y/blob/main/src/a.ts and bench/hostile-*.mjs.'), [
    'src/engine/scan/keys-first.ts',
    'bench/hostile-*.mjs',
  ]);
  assert.deepEqual(mentionedPaths('(test/helpers/) and node_modules/x/test/y'), ['test/helpers/']);
});
