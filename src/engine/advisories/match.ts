import { DATASET } from './dataset-data';
import type { Advisory, AdvisoryDataset, AdvisorySeverity, AffectedRange, Ecosystem } from './types';
import { compareVersions, inRange } from './versions';
import { parseSemverLoose } from './semver';

/** PyPI names compare normalised (PEP 503): `Sigstore_Python` == `sigstore-python`. */
export function normalizePackage(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : ecosystem === 'npm' ? name.toLowerCase() : name;
}

const known = new WeakMap<AdvisoryDataset, Map<Ecosystem, ReadonlySet<string>>>();

/** Every package the dataset knows, per ecosystem (normalised names): the pin finders' allow-list. Computed once. */
export function knownPackages(ecosystem: Ecosystem, dataset: AdvisoryDataset = DATASET): ReadonlySet<string> {
  let byEcosystem = known.get(dataset);
  if (!byEcosystem) known.set(dataset, (byEcosystem = new Map()));
  let out = byEcosystem.get(ecosystem);
  if (!out) {
    const names = new Set<string>();
    for (const a of dataset.advisories) for (const p of a.affected) if (p.ecosystem === ecosystem) names.add(normalizePackage(ecosystem, p.package));
    byEcosystem.set(ecosystem, (out = names));
  }
  return out;
}

function rangesFor(advisory: Advisory, ecosystem: Ecosystem, pkg: string): readonly AffectedRange[] {
  const key = normalizePackage(ecosystem, pkg);
  return advisory.affected.filter((p) => p.ecosystem === ecosystem && normalizePackage(ecosystem, p.package) === key).flatMap((p) => p.ranges);
}

/** The advisories that affect `pkg@version`. */
export function advisoriesFor(ecosystem: Ecosystem, pkg: string, version: string, dataset: AdvisoryDataset = DATASET): Advisory[] {
  return dataset.advisories.filter((a) => rangesFor(a, ecosystem, pkg).some((r) => inRange(ecosystem, version, r)));
}

/** The cosign module path for a cosign version: 1.x `github.com/sigstore/cosign`, N.x `…/vN`. */
export function cosignModulePath(version: string): string | undefined {
  const v = parseSemverLoose(version);
  if (!v) return undefined;
  return v.major <= 1 ? 'github.com/sigstore/cosign' : `github.com/sigstore/cosign/v${v.major}`;
}

/**
 * The lowest version above `version` that no advisory in the dataset affects, among the versions the
 * advisories name as fixes (a fix for one advisory may still be affected by another). `paths` lists the
 * package keys a move may use: one for a library, every cosign major path for a cosign binary.
 */
export function lowestFix(
  ecosystem: Ecosystem,
  paths: readonly string[],
  version: string,
  dataset: AdvisoryDataset = DATASET,
): { version: string; package: string } | undefined {
  let best: { version: string; package: string } | undefined;
  for (const pkg of paths) {
    const candidates = new Set<string>();
    for (const a of dataset.advisories) for (const r of rangesFor(a, ecosystem, pkg)) if (r.fixed !== undefined) candidates.add(r.fixed);
    for (const c of candidates) {
      const above = compareVersions(ecosystem, c, version);
      if (above === undefined || above <= 0) continue;
      if (ecosystem === 'go' && pkg.startsWith('github.com/sigstore/cosign') && cosignModulePath(c) !== pkg) continue;
      if (advisoriesFor(ecosystem, pkg, c, dataset).length > 0) continue;
      if (!best || (compareVersions(ecosystem, c, best.version) ?? 0) < 0) best = { version: c, package: pkg };
    }
  }
  return best;
}

/** Every cosign module path the dataset names, for binaries that can move across majors. */
export function cosignPaths(dataset: AdvisoryDataset = DATASET): string[] {
  return [...knownPackages('go', dataset)].filter((p) => /^github\.com\/sigstore\/cosign(\/v\d+)?$/.test(p));
}

const RANK: Readonly<Record<AdvisorySeverity, number>> = { critical: 0, high: 1, medium: 2, unknown: 3, low: 4 };

/** The most severe advisory's severity. `unknown` ranks between medium and low: reported, not ignored. */
export function worstSeverity(advisories: readonly Advisory[]): AdvisorySeverity {
  return advisories.reduce<AdvisorySeverity>((w, a) => (RANK[a.severity] < RANK[w] ? a.severity : w), 'low');
}
