/**
 * What the ripgrep prefilter asks ripgrep: the rules' anchors less the ones that contain another anchor
 * (exact: a file holding the longer string holds the shorter), and ripgrep's verdicts on files whose only
 * anchor is one of the dropped strings.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { searchWithRipgrep } from '../../../../src/engine/discovery/rg-search';
import { resolveRipgrepExecutable } from '../../../../src/engine/process/git-executable';
import { RuleGates } from '../../../../src/engine/rules/gate';
import { RULES } from '../../../../src/engine/rules/registry';
import { prefilterAnchors, withoutSuperstrings } from '../../../../src/engine/scan/ripgrep-prefilter';
import { tempTree } from '../../../helpers/temp-tree';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const RG = resolveRipgrepExecutable(process.cwd());

test('withoutSuperstrings keeps the strings no other one is part of, once each', () => {
  assert.deepEqual(withoutSuperstrings(['sigstore', "'sigstore'", 'dev.sigstore', 'COSIGN', 'COSIGN_VERSION', 'cosign', 'cosign']), [
    'sigstore',
    'COSIGN',
    'cosign',
  ]);
  assert.deepEqual(withoutSuperstrings(['"kty"', '"kty\\']), ['"kty"', '"kty\\']);
  assert.deepEqual(withoutSuperstrings([]), []);
});

test("the prefilter's anchors cover every gate anchor, and none contains another", () => {
  const all = new RuleGates(RULES).anchors.anchors;
  const searched = prefilterAnchors(RULES);
  // Something is dropped (the registry has superstring anchors such as dev.sigstore), so this test tests something.
  assert.ok(searched.length < all.length, `${searched.length} of ${all.length}`);
  for (const anchor of all)
    assert.ok(
      searched.some((kept) => anchor.includes(kept)),
      `${anchor} is covered by no searched anchor`,
    );
  for (const kept of searched) {
    assert.ok(all.includes(kept), `${kept} is not a gate anchor`);
    assert.ok(!searched.some((other) => other !== kept && kept.includes(other)), `${kept} contains another searched anchor`);
  }
});

test(
  'a file whose only anchor is a dropped superstring still gets a "matched" verdict',
  { skip: RG === undefined ? 'ripgrep (rg) is not installed' : false },
  async () => {
    const all = new RuleGates(RULES).anchors.anchors;
    const searched = prefilterAnchors(RULES);
    const dropped = all.filter((anchor) => !searched.includes(anchor));
    const files: Record<string, string> = { 'plain.txt': 'nothing to see here\n' };
    dropped.forEach((anchor, i) => (files[`dropped-${i}.txt`] = `x ${anchor} y\n`));
    const root = tempTree('kw-rg-anchors-', files);
    made.push(root);
    const verdicts = new Map<string, boolean>();
    await searchWithRipgrep({ executable: RG!, root, anchors: searched, maxFileSize: 1 << 20, useGitignore: true, timeoutMs: 30_000 }, (relative, matched) =>
      verdicts.set(relative, matched),
    );
    assert.equal(verdicts.get('plain.txt'), false);
    dropped.forEach((anchor, i) => assert.equal(verdicts.get(`dropped-${i}.txt`), true, `${anchor}`));
  },
);
