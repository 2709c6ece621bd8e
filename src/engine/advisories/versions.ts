import { compareMaven, parseMaven } from './maven';
import { comparePep440, parsePep440 } from './pep440';
import { compareSemver, parseSemverLoose } from './semver';
import type { AffectedRange, Ecosystem } from './types';

/**
 * One comparison entry point per ecosystem. Returns undefined when either side is not a version of that
 * ecosystem: callers then report nothing rather than guess.
 */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number | undefined {
  switch (ecosystem) {
    case 'npm':
    case 'go': {
      const x = parseSemverLoose(a);
      const y = parseSemverLoose(b);
      return x && y ? compareSemver(x, y) : undefined;
    }
    case 'pypi': {
      const x = parsePep440(a);
      const y = parsePep440(b);
      return x && y ? comparePep440(x, y) : undefined;
    }
    case 'maven': {
      const x = parseMaven(a);
      const y = parseMaven(b);
      return x && y ? compareMaven(x, y) : undefined;
    }
  }
}

export function isVersion(ecosystem: Ecosystem, text: string): boolean {
  return compareVersions(ecosystem, text, text) !== undefined;
}

/** `introduced <= version < fixed` (and `<= lastAffected`), OSV semantics; `introduced: "0"` means from the start. */
export function inRange(ecosystem: Ecosystem, version: string, range: AffectedRange): boolean {
  if (range.introduced !== '0') {
    const lower = compareVersions(ecosystem, version, range.introduced);
    if (lower === undefined || lower < 0) return false;
  }
  if (range.lastAffected !== undefined) {
    const last = compareVersions(ecosystem, version, range.lastAffected);
    if (last === undefined || last > 0) return false;
  }
  if (range.fixed === undefined) return true;
  const upper = compareVersions(ecosystem, version, range.fixed);
  return upper !== undefined && upper < 0;
}

/**
 * Parses the written form `>= 3.0.0 < 3.0.6` (also `>=3.0.0, <3.0.6`, `< 1.5.2`) into an OSV range.
 * Returns undefined for anything else (upper bounds other than `<` are not used by advisories here).
 */
export function parseRange(text: string): AffectedRange | undefined {
  const m = /^\s*(?:>=\s*([^\s,<]+)\s*,?\s*)?(?:<\s*([^\s,]+))?\s*$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return { introduced: m[1] ?? '0', ...(m[2] !== undefined ? { fixed: m[2] } : {}) };
}

export function formatRange(range: AffectedRange): string {
  const parts = [range.introduced !== '0' ? `>= ${range.introduced}` : '', range.fixed !== undefined ? `< ${range.fixed}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : 'all versions';
}
