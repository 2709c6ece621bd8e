import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { exitCodeFor } from '../../../src/cli/scan-command';
import { ripgrepPrefilterPays } from '../../../src/engine/scan/ripgrep-prefilter';
import type { Finding } from '../../../src/engine/types';

test('scan arguments: defaults', () => {
  const args = parseCliArgs(['scan']);
  assert.equal(args.command, 'scan');
  if (args.command !== 'scan') return;
  assert.deepEqual(args.paths, []);
  assert.equal(args.format, 'text');
  assert.equal(args.failOn, 'error');
  assert.equal(args.useGitignore, true);
  assert.equal(args.untrusted, false);
});

test('scan arguments: every option', () => {
  const args = parseCliArgs([
    'scan',
    'a',
    'b',
    '--format',
    'sarif',
    '-o',
    'r.sarif',
    '--exclude',
    'x/**',
    '--exclude=y',
    '--fail-on',
    'warning',
    '--max-file-size',
    '100',
    '--no-gitignore',
    '--untrusted',
    '--no-color',
    '--verbose',
  ]);
  assert.equal(args.command, 'scan');
  if (args.command !== 'scan') return;
  assert.deepEqual(args.paths, ['a', 'b']);
  assert.equal(args.format, 'sarif');
  assert.equal(args.output, 'r.sarif');
  assert.deepEqual(args.exclude, ['x/**', 'y']);
  assert.equal(args.failOn, 'warning');
  assert.equal(args.maxFileSize, 100);
  assert.equal(args.useGitignore, false);
  assert.equal(args.untrusted, true);
  assert.equal(args.color, false);
  assert.equal(args.verbose, true);
});

test('scan arguments: watchman asked unless --no-watchman', () => {
  const defaults = parseCliArgs(['scan']);
  assert.ok(defaults.command === 'scan' && defaults.watchman === true);
  const off = parseCliArgs(['scan', '--no-watchman']);
  assert.ok(off.command === 'scan' && off.watchman === false);
});

test('scan arguments: ripgrep where it pays, always with --rg, never with --no-rg', () => {
  const defaults = parseCliArgs(['scan']);
  assert.ok(defaults.command === 'scan' && defaults.ripgrep === 'auto');
  const on = parseCliArgs(['scan', '--rg']);
  assert.ok(on.command === 'scan' && on.ripgrep === 'on');
  const off = parseCliArgs(['scan', '--no-rg']);
  assert.ok(off.command === 'scan' && off.ripgrep === 'off');
  assert.throws(() => parseCliArgs(['scan', '--rg', '--no-rg']), /--rg and --no-rg contradict/);
  // Measured slower on two cores (bench/ripgrep.mjs): the default leaves it off there.
  assert.deepEqual(
    [1, 2, 4, 8].map((cores) => ripgrepPrefilterPays(cores)),
    [false, false, true, true],
  );
});

test('scan arguments: --jobs and --cache', () => {
  const args = parseCliArgs(['scan', '--jobs', '3', '--cache', '.cache/keyward.json']);
  assert.ok(args.command === 'scan');
  assert.equal(args.jobs, 3);
  assert.equal(args.cache, '.cache/keyward.json');
  const defaults = parseCliArgs(['scan']);
  assert.ok(defaults.command === 'scan' && defaults.jobs === undefined && defaults.cache === undefined);
  assert.throws(
    () => parseCliArgs(['scan', '--jobs', '0']),
    (e: unknown) => e instanceof UsageError && /--jobs must be a positive whole number/.test(e.message),
  );
  assert.throws(() => parseCliArgs(['scan', '--jobs', 'many']), UsageError);
  assert.throws(
    () => parseCliArgs(['scan', '--history', '--cache', 'c.json']),
    (e: unknown) => e instanceof UsageError && /--cache applies to working-tree scans/.test(e.message),
  );
});

test('scan arguments: mistakes are usage errors with a clear message', () => {
  assert.throws(
    () => parseCliArgs(['scna']),
    (e: unknown) => e instanceof UsageError && /unknown command "scna"/.test(e.message),
  );
  assert.throws(
    () => parseCliArgs(['scan', '--format', 'xml']),
    (e: unknown) => e instanceof UsageError && /--format must be one of text, json, sarif/.test(e.message),
  );
  assert.throws(
    () => parseCliArgs(['scan', '--fail-on', 'fatal']),
    (e: unknown) => e instanceof UsageError && /--fail-on/.test(e.message),
  );
  assert.throws(() => parseCliArgs(['scan', '--max-file-size', '-3']), UsageError);
  assert.throws(() => parseCliArgs(['scan', '--bogus']), UsageError);
});

test('help and version', () => {
  assert.equal(parseCliArgs([]).command, 'help');
  assert.equal(parseCliArgs(['--help']).command, 'help');
  assert.equal(parseCliArgs(['--version']).command, 'version');
});

test('exit code follows --fail-on', () => {
  const warning = { severity: 'warning' } as Finding;
  const info = { severity: 'information' } as Finding;
  assert.equal(exitCodeFor([], 'error'), 0);
  assert.equal(exitCodeFor([warning], 'error'), 0);
  assert.equal(exitCodeFor([warning], 'warning'), 1);
  assert.equal(exitCodeFor([info], 'warning'), 0);
  assert.equal(exitCodeFor([info], 'hint'), 1);
  assert.equal(exitCodeFor([warning], 'none'), 0);
});
