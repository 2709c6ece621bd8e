/**
 * The workspace facts remembered next to the cache file (scan/workspace-facts-memo.ts) are taken only while the
 * files they come from are byte for byte the same; otherwise they are computed again, as without a cache.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readWorkspaceFacts } from '../../../../src/engine/facts/workspace-facts-files';
import { rememberedWorkspaceFacts } from '../../../../src/engine/scan/workspace-facts-memo';
import { silentLogger } from '../../../../src/engine/types';
import { tempDir, tempTree } from '../../../helpers/temp-tree';

const DIGEST = `sha256:${'d'.repeat(64)}`;

function signingWorkflow(branch: string): string {
  return [
    'name: release',
    'on:',
    '  push:',
    `    branches: [${branch}]`,
    'jobs:',
    '  sign:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - run: cosign sign --yes ghcr.io/acme/app@${DIGEST}`,
    '',
  ].join('\n');
}

describe('workspace facts remembered next to the cache file', () => {
  test('the same files: the remembered facts; an edited workflow or a planted memo: computed again', async () => {
    const root = tempTree('keyward-facts-memo-', { '.github/workflows/release.yml': signingWorkflow('main') });
    const cacheFile = path.join(tempDir('keyward-facts-memo-cache-'), 'cache.json');
    const fresh = () => readWorkspaceFacts(root);

    const first = await rememberedWorkspaceFacts(root, cacheFile, silentLogger);
    assert.deepEqual(first, await fresh());
    assert.ok((first.signingWorkflows ?? []).length > 0, 'the signing workflow is a fact');
    const memo = JSON.parse(readFileSync(`${cacheFile}.facts`, 'utf8')) as { facts: unknown; digest: string };
    assert.deepEqual(memo.facts, first);

    // Remembered facts are returned as remembered: a marker written into them comes back.
    writeFileSync(`${cacheFile}.facts`, JSON.stringify({ ...memo, facts: { ...first, defaultBranch: 'remembered' } }));
    assert.equal((await rememberedWorkspaceFacts(root, cacheFile, silentLogger)).defaultBranch, 'remembered');

    // An edited workflow: other bytes, the facts computed again (and the marker gone).
    writeFileSync(path.join(root, '.github', 'workflows', 'release.yml'), signingWorkflow('release'));
    const edited = await rememberedWorkspaceFacts(root, cacheFile, silentLogger);
    assert.deepEqual(edited, await fresh());
    assert.notEqual(edited.defaultBranch, 'remembered');
    assert.notDeepEqual(edited.signingWorkflowRefs, first.signingWorkflowRefs, 'the refs follow the edit');

    // A memo that does not parse, or names other files, is not taken.
    writeFileSync(`${cacheFile}.facts`, '{ not json');
    assert.deepEqual(await rememberedWorkspaceFacts(root, cacheFile, silentLogger), await fresh());
    writeFileSync(`${cacheFile}.facts`, JSON.stringify({ ...memo, digest: 'f'.repeat(64), facts: { defaultBranch: 'planted' } }));
    assert.deepEqual(await rememberedWorkspaceFacts(root, cacheFile, silentLogger), await fresh());
  });
});
