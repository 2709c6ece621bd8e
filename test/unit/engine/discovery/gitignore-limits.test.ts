/**
 * A hostile `.gitignore` of 100,000 patterns made every path cost 100,000 pattern tests (minutes on 2,000
 * files): only the first MAX_PATTERNS_PER_FILE patterns of a file count, and MAX_PATTERNS_PER_TREE in all,
 * with a warning. The time it saves is measured by bench/hostile-gitignore.mjs; these tests check behaviour.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { discoverFiles } from '../../../../src/engine/discovery/discover';
import { limitPatterns, MAX_PATTERNS_PER_FILE, MAX_PATTERNS_PER_TREE } from '../../../../src/engine/discovery/gitignore-tree';
import type { Logger } from '../../../../src/engine/types';
import { tempTree } from '../../../helpers/temp-tree';

function tree(files: Record<string, string>): string {
  return tempTree('keyward-gitignore-limits-', files);
}

const junk = (count: number, salt: string) => Array.from({ length: count }, (_, i) => `junk-${salt}-${i}.tmp`).join('\n') + '\n';

function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const quiet = () => {};
  return { warnings, logger: { trace: quiet, debug: quiet, info: quiet, warn: (m) => warnings.push(m), error: quiet } };
}

test('limitPatterns keeps the first patterns, not counting blank lines and comments', () => {
  assert.deepEqual(limitPatterns('# c\n\na\r\n  \nb\nc\n', 2), { patterns: ['a', 'b'], dropped: 1 });
  assert.deepEqual(limitPatterns('a\nb\n', 5), { patterns: ['a', 'b'], dropped: 0 });
});

test('patterns beyond the per-file cap are dropped with a warning; those before it still apply', async () => {
  const root = tree({
    '.gitignore': `*.log\n${junk(MAX_PATTERNS_PER_FILE + 5_000, 'root')}*.txt\n`,
    'a.txt': 'a',
    'b.log': 'b',
    'c.js': 'c',
  });
  const { logger, warnings } = recordingLogger();
  const result = await discoverFiles({ root, logger });
  const paths = result.files.map((f) => f.path);
  assert.ok(!paths.includes('b.log'), 'the first pattern still applies');
  assert.ok(paths.includes('a.txt'), 'a pattern beyond the cap is dropped');
  assert.ok(paths.includes('c.js'));
  assert.ok(
    warnings.some((w) => w === `.gitignore: 5002 patterns beyond the first ${MAX_PATTERNS_PER_FILE} patterns of a file ignored`),
    warnings.join('\n'),
  );
});

test('the patterns of all ignore files together are capped too', async () => {
  const files: Record<string, string> = {};
  const folders = Math.ceil(MAX_PATTERNS_PER_TREE / MAX_PATTERNS_PER_FILE) + 1;
  for (let i = 0; i < folders; i++) {
    files[`d${i}/.gitignore`] = `${junk(MAX_PATTERNS_PER_FILE - 1, `d${i}`)}hidden.txt\n`;
    files[`d${i}/hidden.txt`] = 'h';
  }
  const root = tree(files);
  const { logger, warnings } = recordingLogger();
  const result = await discoverFiles({ root, logger });
  const paths = result.files.map((f) => f.path);
  // Folders are loaded in name order: the first ones fit the budget, the last one does not.
  assert.ok(!paths.includes('d0/hidden.txt'));
  assert.ok(paths.includes(`d${folders - 1}/hidden.txt`), paths.join(','));
  assert.ok(
    warnings.some((w) => w.startsWith(`d${folders - 1}/.gitignore: `) && w.endsWith(`beyond ${MAX_PATTERNS_PER_TREE} patterns in all ignore files ignored`)),
    warnings.join('\n'),
  );
});
