// Rebuilds src/engine/advisories/dataset-data.ts from a DOWNLOADED copy of advisory records, offline.
//
//   node scripts/refresh-advisories.mjs <folder> [--as-of=YYYY-MM-DD] [--review-days=92] [--out=FILE]
//
// <folder> holds OSV-format JSON files, searched recursively: a clone or zip of
// github/advisory-database (advisories/github-reviewed/**/GHSA-*.json), or OSV exports (Go, npm, PyPI,
// Maven). Only Sigstore packages are kept: npm `sigstore` and `@sigstore/*`, Go `github.com/sigstore/*`,
// PyPI `sigstore`, Maven `dev.sigstore:*`. Advisories already in the dataset but absent from the folder
// (security fixes without a GHSA, hand-reviewed ranges) are kept; withdrawn advisories are dropped. The
// cosign-installer map is kept as is: it comes from the installer's action.yml, not from advisories.
// The script never touches the network.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--'));
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
if (!folder) {
  console.error('usage: node scripts/refresh-advisories.mjs <folder of OSV/GHSA JSON files> [--as-of=YYYY-MM-DD] [--review-days=92] [--out=FILE]');
  process.exit(2);
}
const out = option('out') ?? 'src/engine/advisories/dataset-data.ts';
const asOf = option('as-of') ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be YYYY-MM-DD, got ${asOf}`);
const reviewBy = new Date(Date.parse(`${asOf}T00:00:00Z`) + Number(option('review-days') ?? 92) * 86_400_000).toISOString().slice(0, 10);

const ECOSYSTEMS = { npm: 'npm', Go: 'go', PyPI: 'pypi', Maven: 'maven' };
function covered(ecosystem, name) {
  switch (ecosystem) {
    case 'npm':
      return name === 'sigstore' || name.startsWith('@sigstore/');
    case 'go':
      return name.startsWith('github.com/sigstore/');
    case 'pypi':
      return name.toLowerCase() === 'sigstore';
    case 'maven':
      return name.startsWith('dev.sigstore:');
    default:
      return false;
  }
}

function* jsonFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* jsonFiles(path);
    else if (entry.endsWith('.json')) yield path;
  }
}

/** OSV `events` → [{ introduced, fixed? , lastAffected? }], pairing each introduced with what follows it. */
function rangesOf(osvRanges) {
  const ranges = [];
  for (const r of osvRanges ?? []) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    let current;
    for (const e of r.events ?? []) {
      if (e.introduced !== undefined) {
        if (current) ranges.push(current);
        current = { introduced: e.introduced };
      } else if (current && e.fixed !== undefined) {
        ranges.push({ ...current, fixed: e.fixed });
        current = undefined;
      } else if (current && e.last_affected !== undefined) {
        ranges.push({ ...current, lastAffected: e.last_affected });
        current = undefined;
      }
    }
    if (current) ranges.push(current);
  }
  return ranges;
}

function severityOf(osv) {
  const s = String(osv.database_specific?.severity ?? '').toLowerCase();
  return s === 'moderate' ? 'medium' : ['critical', 'high', 'medium', 'low'].includes(s) ? s : 'unknown';
}

function fromOsv(osv) {
  if (osv.withdrawn) return { withdrawn: true, id: osv.id };
  const affected = [];
  for (const a of osv.affected ?? []) {
    const ecosystem = ECOSYSTEMS[a.package?.ecosystem];
    const name = a.package?.name;
    if (!ecosystem || !name || !covered(ecosystem, name)) continue;
    const ranges = rangesOf(a.ranges);
    if (ranges.length) affected.push({ ecosystem, package: name, ranges });
  }
  if (!affected.length) return undefined;
  const ghsa = [osv.id, ...(osv.aliases ?? [])].find((id) => /^GHSA-/.test(id));
  const cve = [osv.id, ...(osv.aliases ?? [])].find((id) => /^CVE-/.test(id));
  return {
    id: ghsa ?? osv.id,
    ...(cve ? { cve } : {}),
    severity: severityOf(osv),
    confidence: 'confirmed',
    summary: String(osv.summary ?? osv.details ?? '')
      .split('\n')[0]
      .slice(0, 300),
    ...(ghsa ? { url: `https://github.com/advisories/${ghsa}` } : {}),
    affected,
  };
}

const source = readFileSync(out, 'utf8');
const marker = 'export const DATASET: AdvisoryDataset = ';
const current = JSON.parse(source.slice(source.indexOf(marker) + marker.length, source.lastIndexOf(';')));

const found = new Map();
const withdrawn = new Set();
let files = 0;
for (const file of jsonFiles(folder)) {
  let osv;
  try {
    osv = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  files++;
  const advisory = fromOsv(osv);
  if (!advisory) continue;
  if (advisory.withdrawn) {
    withdrawn.add(advisory.id);
    continue;
  }
  // The same advisory can come as GHSA-… and as GO-…/PYSEC-…: merge the affected packages.
  const previous = found.get(advisory.id);
  if (previous) {
    for (const a of advisory.affected) if (!previous.affected.some((p) => p.ecosystem === a.ecosystem && p.package === a.package)) previous.affected.push(a);
    if (previous.severity === 'unknown') previous.severity = advisory.severity;
  } else found.set(advisory.id, advisory);
}

const advisories = [];
for (const old of current.advisories) {
  if (withdrawn.has(old.id)) continue;
  const fresh = found.get(old.id);
  // Keep the reviewed summary when the record's is empty; a note about an uncertain range stays visible.
  advisories.push(fresh ? { ...fresh, summary: fresh.summary || old.summary, ...(old.note ? { note: old.note } : {}) } : old);
  found.delete(old.id);
}
advisories.push(...[...found.values()].sort((a, b) => a.id.localeCompare(b.id)));

const dataset = {
  schema: 1,
  asOf,
  reviewBy,
  source: `OSV/GHSA records from a downloaded copy (${files} files read), refreshed ${asOf}`,
  advisories,
  cosignInstaller: current.cosignInstaller,
};
writeFileSync(out, source.slice(0, source.indexOf(marker) + marker.length) + JSON.stringify(dataset, null, 2) + ';\n');
console.log(
  `${out}: ${advisories.length} advisories (${advisories.length - current.advisories.length >= 0 ? '+' : ''}${advisories.length - current.advisories.length}), as of ${asOf}, review by ${reviewBy}`,
);
