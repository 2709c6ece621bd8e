import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compareMaven, parseMaven } from '../../../../src/engine/advisories/maven';
import { exactVersion, minVersion, parseNpmRange, rangeAllows } from '../../../../src/engine/advisories/npm-range';
import { parsePySpec, pySpecAllows } from '../../../../src/engine/advisories/pep440-spec';
import { comparePep440, parsePep440 } from '../../../../src/engine/advisories/pep440';
import { compareSemver, parseSemver } from '../../../../src/engine/advisories/semver';
import type { Ecosystem } from '../../../../src/engine/advisories/types';
import { compareVersions, formatRange, inRange, parseRange } from '../../../../src/engine/advisories/versions';

/** Asserts that `versions` is strictly ascending under the ecosystem's order (every pair checked). */
function assertAscending(ecosystem: Ecosystem, versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = 0; j < versions.length; j++) {
      const d = compareVersions(ecosystem, versions[i] as string, versions[j] as string);
      assert.notEqual(d, undefined, `${ecosystem}: ${versions[i]} / ${versions[j]} must parse`);
      assert.equal(Math.sign(d as number), Math.sign(i - j), `${ecosystem}: ${versions[i]} vs ${versions[j]}`);
    }
  }
}

test('semver order: prereleases, v prefix, build metadata, +incompatible, Go pseudo-versions', () => {
  assertAscending('npm', [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.10.0',
    '2.0.0',
  ]);
  assertAscending('go', [
    'v0.0.0-20240101000000-abcdef123456', // pseudo-version with no base tag
    'v0.6.0',
    'v0.6.1-0.20240101000000-abcdef123456', // a commit after v0.6.0: before v0.6.1
    'v0.6.1',
    'v2.2.4-rc.1',
    'v2.2.4',
  ]);
  assert.equal(compareVersions('go', 'v1.2.3', '1.2.3'), 0, 'a v prefix is not part of the order');
  assert.equal(compareVersions('go', 'v2.0.0+incompatible', 'v2.0.0'), 0, 'build metadata (+incompatible) is ignored');
  assert.equal(parseSemver('1.2'), undefined, 'strict parse needs three parts');
  assert.equal(compareVersions('go', 'v1', 'v1.0.0'), 0, 'loose parse fills missing parts with 0');
  assert.equal(compareVersions('npm', 'latest', '1.0.0'), undefined, 'tags are not versions');
  assert.ok(compareSemver(parseSemver('1.0.0-2')!, parseSemver('1.0.0-10')!) < 0, 'numeric identifiers compare numerically');
});

test('PEP 440 order: epochs, dev < pre < final < post, local labels, normalisation', () => {
  assertAscending('pypi', [
    '1.0.dev0',
    '1.0a1',
    '1.0a2.dev1',
    '1.0a2',
    '1.0b1',
    '1.0rc1',
    '1.0',
    '1.0+local.1',
    '1.0.post1.dev0',
    '1.0.post1',
    '1.0.1',
    '1.1',
    '2!0.1',
  ]);
  assert.equal(compareVersions('pypi', '1.0', '1.0.0'), 0, 'trailing zeros');
  assert.equal(compareVersions('pypi', 'v1.0-ALPHA-1', '1.0a1'), 0, 'separators, case, alpha spelling and a v prefix normalise');
  assert.equal(compareVersions('pypi', '1.0-1', '1.0.post1'), 0, 'implicit post release');
  assert.equal(compareVersions('pypi', '1.0c1', '1.0rc1'), 0);
  assert.ok(comparePep440(parsePep440('1.0+abc.5')!, parsePep440('1.0+abc.10')!) < 0, 'numeric local segments compare numerically');
  assert.equal(parsePep440('not a version'), undefined);
});

test('Maven order: qualifiers alpha < beta < milestone < rc < snapshot < release < sp, numbers after qualifiers', () => {
  assertAscending('maven', ['1.0-alpha-1', '1.0-beta-1', '1.0-milestone-1', '1.0-rc-1', '1.0-SNAPSHOT', '1.0', '1.0-sp-1', '1.0.1', '1.1.0', '1.10']);
  assert.equal(compareVersions('maven', '1.0.0', '1'), 0);
  assert.equal(compareVersions('maven', '1.0-final', '1.0'), 0);
  assert.equal(compareVersions('maven', '1.0-a1', '1.0-alpha-1'), 0, 'a/b/m shorthand');
  assert.ok(compareMaven(parseMaven('1.0-cr1')!, parseMaven('1.0-rc2')!) < 0, 'cr is rc');
  assert.ok(compareMaven(parseMaven('1.0-foo')!, parseMaven('1.0-sp')!) > 0, 'unknown qualifiers sort after sp');
});

test('ranges: OSV semantics and the written form', () => {
  const r = parseRange('>= 3.0.0 < 3.0.6');
  assert.deepEqual(r, { introduced: '3.0.0', fixed: '3.0.6' });
  assert.deepEqual(parseRange('>=3.0.0, <3.0.6'), r);
  assert.deepEqual(parseRange('< 1.5.2'), { introduced: '0', fixed: '1.5.2' });
  assert.equal(parseRange('~> 1.0'), undefined);
  assert.equal(formatRange({ introduced: '0' }), 'all versions');
  assert.equal(formatRange(r!), '>= 3.0.0 < 3.0.6');
  assert.equal(inRange('go', 'v3.0.5', r!), true);
  assert.equal(inRange('go', 'v3.0.6', r!), false, 'the fixed version is not affected');
  assert.equal(inRange('go', 'v3.0.6-rc.1', r!), true, 'a prerelease of the fix is still affected');
  assert.equal(inRange('go', 'v2.9.9', r!), false, 'below introduced');
  assert.equal(inRange('go', 'v3.0.0-rc.1', r!), false, 'a prerelease of introduced is below it');
  assert.equal(inRange('go', 'v9.0.0', { introduced: '0' }), true, 'no fix: every version');
  assert.equal(inRange('go', 'garbage', { introduced: '0', fixed: '1.0.0' }), false, 'unparseable versions are never reported');
});

test('npm ranges: minimum and membership', () => {
  const cases: [string, string | undefined][] = [
    ['^1.2.0', '1.2.0'],
    ['~1.2.3', '1.2.3'],
    ['1.2.x', '1.2.0'],
    ['1', '1.0.0'],
    ['*', '0.0.0'],
    ['>=1.2.0 <2', '1.2.0'],
    ['1.2.0 - 1.4.0', '1.2.0'],
    ['^2.0.0 || ^1.5.0', '1.5.0'],
    ['>1.2.3', '1.2.4'],
    ['=1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
  ];
  for (const [spec, min] of cases) assert.equal(minVersion(parseNpmRange(spec)!), min, spec);
  for (const spec of ['latest', 'file:../x', 'github:sigstore/sigstore-js', 'workspace:*']) assert.equal(parseNpmRange(spec), undefined, spec);
  const allows = (spec: string, v: string): boolean => rangeAllows(parseNpmRange(spec)!, v);
  assert.equal(allows('^1.2.0', '1.9.9'), true);
  assert.equal(allows('^1.2.0', '2.0.0'), false);
  assert.equal(allows('^0.6.0', '0.7.1'), false, 'caret on 0.x stays within the minor');
  assert.equal(allows('^0.0.3', '0.0.4'), false);
  assert.equal(allows('~4.0.0', '4.1.1'), false);
  assert.equal(allows('~4', '4.1.1'), true);
  assert.equal(allows('<=1.2', '1.2.9'), true);
  assert.equal(allows('1.2.0 - 1.4', '1.4.9'), true);
  assert.equal(exactVersion('3.0.0'), '3.0.0');
  assert.equal(exactVersion('=v3.0.0-rc.1'), '3.0.0-rc.1');
  assert.equal(exactVersion('^3.0.0'), undefined);
});

test('PEP 440 specifiers and Poetry constraints', () => {
  const allows = (spec: string, v: string, poetry = false): boolean => pySpecAllows(parsePySpec(spec, poetry)!, v);
  assert.equal(parsePySpec('==3.6.0')?.exact, true);
  assert.equal(parsePySpec('>=3.0,<4')?.minimum, '3.0');
  assert.equal(allows('>=3.0,<4', '4.2.0'), false);
  assert.equal(allows('>=3.0,<4', '3.9'), true);
  assert.equal(allows('~=3.5', '3.9'), true);
  assert.equal(allows('~=3.5', '4.0'), false);
  assert.equal(allows('~=3.5.1', '3.6.0'), false);
  assert.equal(allows('==3.*', '3.7.1'), true);
  assert.equal(allows('==3.*', '4.0'), false);
  assert.equal(allows('!=3.6.0', '3.6.0'), false);
  assert.equal(allows('^3.5', '3.9', true), true);
  assert.equal(allows('^3.5', '4.0.0', true), false);
  assert.equal(allows('^0.3', '0.4.0', true), false, 'Poetry caret stops at the first non-zero part');
  assert.equal(allows('~3.5', '3.6', true), false);
  assert.equal(parsePySpec('3.0.0', true)?.exact, true, 'a bare Poetry version is exact');
  assert.equal(parsePySpec('3.0.0'), undefined, 'a bare version is not a PEP 440 specifier');
});
