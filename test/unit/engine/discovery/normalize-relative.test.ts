import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { normalizeRelative } from '../../../../src/engine/discovery/paths';

test('normalizeRelative: normal paths unchanged, every other form normalised', () => {
  const cases: [string, string][] = [
    ['a', 'a'],
    ['a/b/c.txt', 'a/b/c.txt'],
    ['.hidden/x', '.hidden/x'],
    ['a/.b', 'a/.b'],
    ['..a', '..a'],
    ['a/..b', 'a/..b'],
    ['', ''],
    ['.', ''],
    ['./a', 'a'],
    ['././a/b', 'a/b'],
    ['/a', 'a'],
    ['//a//b//', 'a/b'],
    ['a/', 'a'],
    ['a\\b\\c', 'a/b/c'],
    ['.\\a', 'a'],
    ['a//b', 'a/b'],
    ['./', ''],
    ['a\nb', 'a\nb'],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeRelative(input), expected, JSON.stringify(input));
});
