import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DATASET } from '../../../../src/engine/advisories/dataset-data';
import { installerDefaultCosign } from '../../../../src/engine/advisories/installer';
import { advisoriesFor, cosignModulePath, cosignPaths, lowestFix } from '../../../../src/engine/advisories/match';
import { isVersion } from '../../../../src/engine/advisories/versions';

/** Every GHSA id of the reviewed advisory table (reference §4.1, as of 2026-11-25). */
const EXPECTED_GHSA = [
  'GHSA-ccxc-vr6p-4858',
  'GHSA-vjxv-45g9-9296',
  'GHSA-8gw7-4j42-w388',
  'GHSA-vfp6-jrw2-99g9',
  'GHSA-88jx-383q-w4qc',
  'GHSA-95pr-fxf5-86gv',
  'GHSA-whqx-f9j3-ch6m',
  'GHSA-wfqv-66vq-46rm',
  'GHSA-w6c6-c85g-mmv6',
  'GHSA-fcv2-xgw5-pqxf',
  'GHSA-cq38-jh5f-37mq',
  'GHSA-9vcr-p3rj-q5q6',
  'GHSA-wqqc-jjcq-vfxm',
  'GHSA-52v5-jr5w-gjxr',
  'GHSA-xgjw-pm74-86q4',
  'GHSA-jfc7-64v2-mr8c',
  'GHSA-pf56-329r-95rw',
  'GHSA-hm8f-75xx-w2vr',
  'GHSA-q4xm-6fjc-5f6w',
  'GHSA-2h5h-59f5-c5x9',
  'GHSA-frqx-jfcm-6jjr',
  'GHSA-273p-m2cw-6833',
  'GHSA-4c4x-jm2x-pf9j',
  'GHSA-47q9-m4ww-924m',
  'GHSA-843x-px86-vq42',
  'GHSA-f83f-xpx7-ffpw',
  'GHSA-59jp-pj84-45mr',
  'GHSA-f5mr-q85p-6hh6',
  'GHSA-739f-hw6h-7wq8',
  'GHSA-xvrc-2wvh-49vc',
  'GHSA-xm5m-wgh2-rrg3',
  'GHSA-9c54-x2g4-v92j',
];

test('the advisory dataset is not past its review date (refresh it: README "Vulnerable Sigstore clients")', () => {
  const today = new Date().toISOString().slice(0, 10);
  assert.match(DATASET.asOf, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(DATASET.reviewBy > DATASET.asOf, 'reviewBy after asOf');
  assert.ok(
    today <= DATASET.reviewBy,
    `the advisory dataset (as of ${DATASET.asOf}) was due for review on ${DATASET.reviewBy}: run scripts/refresh-advisories.mjs`,
  );
});

test('the dataset holds every reviewed advisory, well formed', () => {
  const ids = DATASET.advisories.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of EXPECTED_GHSA) assert.ok(ids.includes(id), `${id} missing`);
  assert.equal(ids.length, 34, '32 GHSA advisories and 2 security fixes without one');
  for (const a of DATASET.advisories) {
    if (a.id.startsWith('GHSA-')) assert.equal(a.url, `https://github.com/advisories/${a.id}`);
    if (a.cve !== undefined) assert.match(a.cve, /^CVE-\d{4}-\d+$/);
    assert.ok(a.summary.length > 10, a.id);
    assert.ok(a.affected.length > 0, a.id);
    if (a.confidence === 'reported') assert.ok(a.note !== undefined || a.summary, a.id);
    for (const p of a.affected) {
      for (const r of p.ranges) {
        assert.ok(r.introduced === '0' || isVersion(p.ecosystem, r.introduced), `${a.id} ${p.package} introduced ${r.introduced}`);
        if (r.fixed !== undefined) assert.ok(isVersion(p.ecosystem, r.fixed), `${a.id} ${p.package} fixed ${r.fixed}`);
      }
      if (p.ecosystem === 'go' && p.package.startsWith('github.com/sigstore/cosign')) {
        // Each major path only holds its own major's versions.
        for (const r of p.ranges) if (r.fixed) assert.equal(cosignModulePath(r.fixed), p.package, `${a.id}: ${r.fixed} on ${p.package}`);
      }
    }
  }
});

test('cosign advisories per major module path', () => {
  const ids = (pkg: string, v: string): string[] => advisoriesFor('go', pkg, v).map((a) => a.id);
  assert.deepEqual(ids('github.com/sigstore/cosign/v3', 'v3.0.6'), []);
  assert.deepEqual(ids('github.com/sigstore/cosign/v3', 'v3.0.5'), ['GHSA-w6c6-c85g-mmv6', 'CVE-2026-2303']);
  assert.deepEqual(ids('github.com/sigstore/cosign/v2', 'v2.6.3'), ['GHSA-wfqv-66vq-46rm'], 'no v2 fix for wfqv');
  assert.ok(ids('github.com/sigstore/cosign', 'v1.13.2').includes('GHSA-88jx-383q-w4qc'), 'v1 never fixed for 88jx');
  assert.ok(!ids('github.com/sigstore/cosign', 'v1.13.2').includes('GHSA-vfp6-jrw2-99g9'), 'v1.13.2 fixes vfp6');
  assert.equal(lowestFix('go', ['github.com/sigstore/cosign/v2'], 'v2.2.0'), undefined, 'nothing on v2 fixes every advisory');
  assert.deepEqual(lowestFix('go', cosignPaths(), 'v2.2.0'), { version: '3.0.6', package: 'github.com/sigstore/cosign/v3' });
  assert.deepEqual(
    lowestFix('go', ['github.com/sigstore/rekor'], 'v1.1.0'),
    { version: '1.5.4', package: 'github.com/sigstore/rekor' },
    'the lowest version no advisory affects',
  );
  assert.deepEqual(advisoriesFor('npm', '@sigstore/verify', '3.0.9'), [], 'below the introduced version');
  assert.deepEqual(advisoriesFor('pypi', 'Sigstore', '4.2.0'), [], 'PyPI names normalise; the fix is clean');
});

test('cosign-installer tags map to the cosign they install by default (reference §4.3)', () => {
  const cases: [string, string | undefined][] = [
    ['v2.0.0', 'v1.13.1'],
    ['v2.8.1', 'v1.13.1'],
    ['v3.0.0', 'v1.13.1'],
    ['v3.0.3', 'v2.0.2'],
    ['v3.2.0', 'v2.2.2'],
    ['v3.4.0', 'v2.2.3'],
    ['v3.7.0', 'v2.6.1'],
    ['v3', 'v2.5.2'],
    ['v2', 'v1.13.1'],
    ['v4.0.0', 'v3.0.2'],
    ['v4.1.0', 'v3.0.3'],
    ['v4.1.1', 'v3.0.5'],
    ['v4.1.2', 'v3.0.6'],
    ['v1.0.0', undefined],
    ['v9.9.9', undefined],
    ['main', undefined],
  ];
  for (const [tag, cosign] of cases) assert.equal(installerDefaultCosign(tag)?.cosign, cosign, tag);
  const recommended = installerDefaultCosign(DATASET.cosignInstaller.recommended);
  assert.ok(recommended);
  assert.deepEqual(advisoriesFor('go', cosignModulePath(recommended.cosign)!, recommended.cosign), [], 'the recommended installer installs a clean cosign');
});
