import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { applicableFixes, migrationFixesOf, safeFixesOf } from '../../../../src/engine/fixes/applicable';
import { scanFile } from '../../../../src/engine/scan/scanner';
import type { Fix, TextEdit } from '../../../../src/engine/types';
import { GITHUB_FACTS } from '../../../helpers/cosign-rule-harness';

function fix(title: string, ...edits: [number, number, string][]): Fix {
  return { title, safety: 'safe', edits: edits.map(([start, end, newText]) => ({ range: { start, end }, newText })) };
}

/** Applies edits back to front, as an editor does with non-overlapping edits. */
function apply(text: string, fixes: readonly Fix[]): string {
  const edits: TextEdit[] = fixes.flatMap((f) => f.edits).sort((a, b) => b.range.start - a.range.start);
  return edits.reduce((acc, e) => acc.slice(0, e.range.start) + e.newText + acc.slice(e.range.end), text);
}

test('applicableFixes: text order, overlapping fixes dropped whole, touching ranges kept, duplicates once', () => {
  const a = fix('a', [10, 20, 'A']);
  const overlapping = fix('overlaps a', [15, 25, 'X'], [40, 41, '']);
  const touching = fix('touches a', [20, 22, 'T']);
  const duplicate = fix('same edits as a', [10, 20, 'A']);
  const early = fix('early', [0, 2, 'E']);
  assert.deepEqual(
    applicableFixes([a, overlapping, touching, duplicate, early]).map((f) => f.title),
    ['early', 'a', 'touches a'],
  );
});

test('applicableFixes: two insertions at one offset conflict; an insertion inside a replacement conflicts, at its edge it does not', () => {
  assert.deepEqual(
    applicableFixes([fix('i1', [5, 5, 'x']), fix('i2', [5, 5, 'y'])]).map((f) => f.title),
    ['i1'],
  );
  assert.deepEqual(
    applicableFixes([fix('r', [3, 8, 'r']), fix('inside', [5, 5, 'y'])]).map((f) => f.title),
    ['r'],
  );
  assert.deepEqual(
    applicableFixes([fix('r', [3, 8, 'r']), fix('edge', [8, 8, 'y'])]).map((f) => f.title),
    ['r', 'edge'],
  );
  assert.deepEqual(applicableFixes([fix('self-overlapping', [0, 4, 'a'], [2, 6, 'b']), fix('empty')]), []);
});

test('safeFixesOf: every disabling flag of a script removed in one pass; the review-only keyless fix is left out', () => {
  const text =
    'cosign verify --insecure-ignore-tlog --insecure-ignore-sct --certificate-identity=x --certificate-oidc-issuer=y img\ncosign sign --key cosign.key img\n';
  const findings = scanFile({ path: 'release.sh', text, committed: true });
  const fixes = safeFixesOf(findings);
  assert.ok(fixes.every((f) => f.safety === 'safe'));
  assert.equal(apply(text, fixes), 'cosign verify --certificate-identity=x --certificate-oidc-issuer=y img\ncosign sign --key cosign.key img\n');
  // Idempotent: nothing left to fix in the result.
  assert.deepEqual(safeFixesOf(scanFile({ path: 'release.sh', text: apply(text, fixes), committed: true })), []);
});

test('migrationFixesOf: one key-signing command (KW201 with KW204 related) gives one keyless rewrite; KW301 becomes the exact identity', () => {
  const text = 'cosign sign --key env://COSIGN_PRIVATE_KEY "$IMAGE"\ncosign verify --key cosign.pub "$IMAGE"\n';
  const findings = scanFile({ path: 'release.sh', text, committed: true, workspace: GITHUB_FACTS });
  const signing = findings.find((f) => f.ruleId === 'KW201');
  assert.deepEqual(
    signing?.related?.map((r) => r.ruleId),
    ['KW204'],
    'one problem, one finding: the environment key is a related location',
  );
  const fixes = migrationFixesOf(findings);
  const after = apply(text, fixes);
  assert.match(after, /cosign sign --yes "\$IMAGE"/);
  assert.doesNotMatch(after, /--key/);
  assert.match(after, /--certificate-identity[= ]\S*github\.com\/acme\/app\/\.github\/workflows\/release\.yml@refs\/heads\/main/);
  assert.deepEqual(
    migrationFixesOf(scanFile({ path: 'release.sh', text: after, committed: true, workspace: GITHUB_FACTS })),
    [],
    'applying twice changes nothing',
  );
});
