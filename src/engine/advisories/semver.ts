/**
 * Semantic versions as npm and Go order them: `MAJOR.MINOR.PATCH[-prerelease][+build]`, an optional
 * `v` (Go always writes it), build metadata ignored (Go's `+incompatible` included). Go pseudo-versions
 * (`v0.0.0-20240101000000-abcdef123456`, `v1.2.4-0.20240101000000-abcdef123456`) are prereleases of the
 * version after their base, so plain semver order already places them after the base release and
 * before the next one, which is how `go` itself orders them.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  const prerelease = m[4] === undefined ? [] : m[4].split('.').map((p) => (/^(0|[1-9]\d*)$/.test(p) ? Number(p) : p));
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease };
}

/** Like parseSemver, but also accepts `1`, `1.2` (missing parts are 0): advisory ranges and tags use them. */
export function parseSemverLoose(text: string): SemVer | undefined {
  const strict = parseSemver(text);
  if (strict) return strict;
  const m = /^v?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: 0, prerelease: [] } : undefined;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

/** A release sorts after all of its prereleases; numeric identifiers sort before alphanumeric ones. */
function comparePrerelease(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function formatSemver(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}`;
}
