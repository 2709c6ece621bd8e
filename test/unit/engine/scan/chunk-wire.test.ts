/**
 * Tasks and outcomes sent to scan workers in their compact form (a string, 0) must come back as what was
 * sent: the same value in every field the reader and the result read.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { fromWireOutcome, fromWireTask, toWireOutcome, toWireTask } from '../../../../src/engine/scan/chunk-wire';
import type { FileOutcome, FileTask } from '../../../../src/engine/scan/disk-file';
import type { Finding } from '../../../../src/engine/types';

const rootPrefix = path.join(path.resolve('/work', 'tree'), path.sep);
const TASK_FIELDS = ['path', 'absolutePath', 'size', 'committed', 'cachedDigest', 'gitignored'] as const;
const OUTCOME_FIELDS = ['kind', 'findings', 'suppressed', 'truncated', 'internalErrors', 'digest', 'partial', 'skipped'] as const;

function fieldsOf<T extends object>(value: T, fields: readonly string[]): unknown[] {
  return fields.map((field) => (value as Record<string, unknown>)[field]);
}

test('tasks: a plain task under the root travels as a string and comes back the same; any other as itself', () => {
  const under = (relative: string): string => rootPrefix + relative;
  const tasks: FileTask[] = [
    { path: 'a/b.txt', absolutePath: under('a/b.txt'), size: undefined, committed: undefined, cachedDigest: undefined },
    { path: 'a/b.txt', absolutePath: under('a/b.txt'), committed: true },
    { path: 'c.pem', absolutePath: under('c.pem'), committed: false },
    { path: '+odd', absolutePath: under('+odd'), committed: undefined },
    { path: 'sized.txt', absolutePath: under('sized.txt'), size: 10, committed: undefined },
    { path: 'cached.txt', absolutePath: under('cached.txt'), committed: true, cachedDigest: 'abc' },
    { path: 'ignored.key', absolutePath: under('ignored.key'), committed: undefined, gitignored: true },
    { path: 'elsewhere.txt', absolutePath: path.join(path.resolve('/other'), 'elsewhere.txt'), committed: undefined },
    { path: 'x.txt', absolutePath: under('y/x.txt'), committed: undefined },
  ];
  const kinds = tasks.map((task) => typeof toWireTask(task, rootPrefix));
  if (path.sep === '/') assert.deepEqual(kinds, ['string', 'string', 'string', 'string', 'object', 'object', 'object', 'object', 'object']);
  for (const task of tasks) {
    const back = fromWireTask(toWireTask(task, rootPrefix), rootPrefix);
    assert.deepEqual(fieldsOf(back, TASK_FIELDS), fieldsOf(task, TASK_FIELDS), task.path);
  }
});

test('outcomes: only "scanned, nothing found, nothing else" travels as 0, and comes back the same', () => {
  const finding = { ruleId: 'KW100' } as unknown as Finding;
  const skipped = { path: 'b', reason: 'binary' as const, detail: 'binary' };
  const outcomes: FileOutcome[] = [
    { kind: 'scanned', findings: [] },
    { kind: 'scanned', findings: [], suppressed: undefined, digest: undefined } as unknown as FileOutcome,
    { kind: 'scanned', findings: [finding], digest: 'd' },
    { kind: 'scanned', findings: [], suppressed: [finding], digest: 'd' },
    { kind: 'scanned', findings: [], truncated: [] },
    { kind: 'scanned', findings: [], internalErrors: [] },
    { kind: 'scanned', findings: [], partial: { path: 'y', reason: 'yaml-too-deep', detail: 'deep' } },
    { kind: 'skipped', skipped },
    { kind: 'ignored' },
    { kind: 'unchanged' },
  ];
  const wire = outcomes.map((outcome) => toWireOutcome(outcome));
  assert.deepEqual(
    wire.map((w) => w === 0),
    [true, true, false, false, false, false, false, false, false, false],
  );
  outcomes.forEach((outcome, i) => {
    assert.deepEqual(fieldsOf(fromWireOutcome(wire[i]!), OUTCOME_FIELDS), fieldsOf(outcome, OUTCOME_FIELDS), `outcome ${i}`);
    if (wire[i] !== 0) assert.equal(wire[i], outcome);
  });
});
