// scripts/refresh-advisories.mjs run as a process on a folder of OSV records, offline. The dataset it
// writes is checked in test/unit/engine/advisories/advisories-dataset.test.ts.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATASET } from '../../src/engine/advisories/dataset-data';

test('scripts/refresh-advisories.mjs rebuilds the dataset from a folder of OSV records, offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-adv-'));
  try {
    const out = join(dir, 'dataset-data.ts');
    writeFileSync(out, readFileSync('src/engine/advisories/dataset-data.ts', 'utf8'));
    mkdirSync(join(dir, 'db/advisories/github-reviewed/2027/01'), { recursive: true });
    const record = (id: string, body: object): void =>
      writeFileSync(join(dir, 'db/advisories/github-reviewed/2027/01', `${id}.json`), JSON.stringify({ id, ...body }));
    record('GHSA-aaaa-bbbb-cccc', {
      aliases: ['CVE-2027-0001'],
      summary: 'sigstore-go: new issue',
      database_specific: { severity: 'MODERATE' },
      affected: [
        {
          package: { ecosystem: 'Go', name: 'github.com/sigstore/sigstore-go' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
        },
        { package: { ecosystem: 'Go', name: 'github.com/unrelated/module' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] },
      ],
    });
    record('GHSA-zzzz-zzzz-zzzz', {
      summary: 'unrelated',
      affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
    });
    record('GHSA-52v5-jr5w-gjxr', { withdrawn: '2027-01-02T00:00:00Z', affected: [] });
    const run = spawnSync(process.execPath, ['scripts/refresh-advisories.mjs', join(dir, 'db'), '--as-of=2027-01-15', `--out=${out}`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const text = readFileSync(out, 'utf8');
    const data = JSON.parse(text.slice(text.indexOf('= {') + 2, text.lastIndexOf(';')));
    assert.equal(data.asOf, '2027-01-15');
    assert.equal(data.reviewBy, '2027-04-17');
    const ids: string[] = data.advisories.map((a: { id: string }) => a.id);
    assert.ok(ids.includes('GHSA-aaaa-bbbb-cccc'));
    assert.ok(!ids.includes('GHSA-zzzz-zzzz-zzzz'), 'only Sigstore packages are kept');
    assert.ok(!ids.includes('GHSA-52v5-jr5w-gjxr'), 'withdrawn advisories are dropped');
    assert.ok(ids.includes('KEYWARD-2026-PY-RFC3161'), 'hand-recorded entries absent from the download stay');
    const fresh = data.advisories.find((a: { id: string }) => a.id === 'GHSA-aaaa-bbbb-cccc');
    assert.deepEqual(fresh, {
      id: 'GHSA-aaaa-bbbb-cccc',
      cve: 'CVE-2027-0001',
      severity: 'medium',
      confidence: 'confirmed',
      summary: 'sigstore-go: new issue',
      url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
      affected: [{ ecosystem: 'go', package: 'github.com/sigstore/sigstore-go', ranges: [{ introduced: '0', fixed: '1.3.0' }] }],
    });
    assert.deepEqual(data.cosignInstaller, DATASET.cosignInstaller, 'the installer map is kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
