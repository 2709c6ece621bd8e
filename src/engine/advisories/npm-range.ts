import { satisfiesOrder } from './order';
import { compareSemver, formatSemver, parseSemver, type SemVer } from './semver';

/**
 * The subset of npm's range grammar that dependency specs use: exact versions, `^`, `~`, x-ranges
 * (`1.2.x`, `1`, `*`), comparators (`>=1.2.0 <2`), hyphen ranges and `||`. Enough to answer two
 * questions: the lowest version a range allows, and whether it allows a given version. Specs that are
 * not ranges (tags, URLs, `workspace:`, `file:`) parse to undefined.
 */
interface Comparator {
  readonly op: '<' | '<=' | '>' | '>=' | '=';
  readonly version: SemVer;
}

type ComparatorSet = readonly Comparator[];

const PARTIAL = /^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export interface NpmRange {
  readonly sets: readonly ComparatorSet[];
}

export function parseNpmRange(spec: string): NpmRange | undefined {
  const text = spec.trim();
  if (text === '' || text === '*' || text === 'x') return { sets: [[]] };
  const sets: ComparatorSet[] = [];
  for (const alternative of text.split('||')) {
    const set = parseSet(alternative.trim());
    if (!set) return undefined;
    sets.push(set);
  }
  return { sets };
}

function parseSet(text: string): Comparator[] | undefined {
  if (text === '' || text === '*') return [];
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const lo = desugar('>=', hyphen[1] as string);
    const hi = desugar('<=', hyphen[2] as string);
    return lo && hi ? [...lo, ...hi] : undefined;
  }
  const out: Comparator[] = [];
  for (const token of text.replace(/(>=|<=|[<>=^~])\s+/g, '$1').split(/\s+/)) {
    const m = /^(>=|<=|>|<|=|\^|~>?)?(.*)$/.exec(token);
    const parts = m ? desugar(m[1] ?? '', m[2] as string) : undefined;
    if (!parts) return undefined;
    out.push(...parts);
  }
  return out;
}

function desugar(op: string, text: string): Comparator[] | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined => (s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s));
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  const prerelease = patch !== undefined && m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  const v = (a: number, b: number, c: number, pre: (string | number)[] = []): SemVer => ({ major: a, minor: b, patch: c, prerelease: pre });
  if (major === undefined) return op === '<' || op === '>' ? undefined : [];
  const base = v(major, minor ?? 0, patch ?? 0, prerelease);
  const nextMinor = v(major, (minor ?? 0) + 1, 0, [0]);
  const nextMajor = v(major + 1, 0, 0, [0]);
  switch (op) {
    case '^': {
      const upper = major > 0 || minor === undefined ? nextMajor : minor > 0 || patch === undefined ? nextMinor : v(0, 0, patch + 1, [0]);
      return [
        { op: '>=', version: base },
        { op: '<', version: upper },
      ];
    }
    case '~':
    case '~>':
      return [
        { op: '>=', version: base },
        { op: '<', version: minor === undefined ? nextMajor : nextMinor },
      ];
    case '':
    case '=':
      if (patch !== undefined) return [{ op: '=', version: base }];
      return [
        { op: '>=', version: base },
        { op: '<', version: minor === undefined ? nextMajor : nextMinor },
      ];
    case '>=':
      return [{ op: '>=', version: base }];
    case '<':
      return [{ op: '<', version: base }];
    case '>':
      return [{ op: '>=', version: patch !== undefined ? v(major, minor ?? 0, patch + 1) : minor !== undefined ? nextMinor : nextMajor }];
    case '<=':
      return patch !== undefined ? [{ op: '<=', version: base }] : [{ op: '<', version: minor !== undefined ? nextMinor : nextMajor }];
    default:
      return undefined;
  }
}

function test(c: Comparator, v: SemVer): boolean {
  const d = compareSemver(v, c.version);
  return c.op === '=' ? d === 0 : satisfiesOrder(c.op, d);
}

/** Whether the range allows `version` (prereleases are treated like any version: we ask about fixes, not installs). */
export function rangeAllows(range: NpmRange, version: string): boolean {
  const v = parseSemver(version);
  return v !== undefined && range.sets.some((set) => set.every((c) => test(c, v)));
}

/** The lowest version the range allows (npm's `semver.minVersion`), or undefined when it has no lower bound it can name. */
export function minVersion(range: NpmRange): string | undefined {
  let best: SemVer | undefined;
  for (const set of range.sets) {
    const lowers = set.filter((c) => c.op === '>=' || c.op === '=').map((c) => c.version);
    const candidate = lowers.length ? lowers.reduce((a, b) => (compareSemver(a, b) >= 0 ? a : b)) : { major: 0, minor: 0, patch: 0, prerelease: [] };
    if (!set.every((c) => test(c, candidate))) continue;
    if (!best || compareSemver(candidate, best) < 0) best = candidate;
  }
  return best ? formatSemver(best) : undefined;
}

/** `1.2.3` / `=1.2.3` / `v1.2.3`: a spec that installs exactly one version. */
export function exactVersion(spec: string): string | undefined {
  const m = /^\s*=?\s*(v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/.exec(spec);
  return m ? (m[1] as string).replace(/^v/, '') : undefined;
}
