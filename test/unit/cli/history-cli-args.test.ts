import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseCliArgs, UsageError, type ScanArgs } from '../../../src/cli/args';

function scan(...argv: string[]): ScanArgs {
  const parsed = parseCliArgs(['scan', ...argv]);
  assert.equal(parsed.command, 'scan');
  return parsed as ScanArgs;
}

test('defaults: working tree, no baseline', () => {
  const args = scan();
  assert.equal(args.history, false);
  assert.equal(args.staged, false);
  assert.equal(args.baseline, undefined);
  assert.equal(args.writeBaseline, undefined);
});

test('--history, --staged, --baseline, --write-baseline and --format gitlab parse', () => {
  assert.equal(scan('--history').history, true);
  assert.equal(scan('--staged', 'sub').staged, true);
  const args = scan('--baseline', 'b.json', '--write-baseline', 'w.json', '--format', 'gitlab');
  assert.equal(args.baseline, 'b.json');
  assert.equal(args.writeBaseline, 'w.json');
  assert.equal(args.format, 'gitlab');
});

test('combinations that cannot work are usage errors', () => {
  assert.throws(
    () => scan('--history', '--staged'),
    (e: unknown) => e instanceof UsageError && /cannot be combined/.test(e.message),
  );
  assert.throws(
    () => scan('--staged', '--untrusted'),
    (e: unknown) => e instanceof UsageError && /--staged reads the repository with git, which --untrusted forbids/.test(e.message),
  );
  assert.throws(
    () => scan('--history', 'a', 'b'),
    (e: unknown) => e instanceof UsageError && /at most one folder/.test(e.message),
  );
  assert.throws(() => scan('--baseline'), UsageError);
});
