import { DATASET } from './dataset-data';
import { advisoriesFor, cosignPaths, lowestFix, worstSeverity } from './match';
import { rangeAllows, parseNpmRange } from './npm-range';
import { parsePySpec, pySpecAllows } from './pep440-spec';
import type { Pin } from './pins/pin';
import type { Advisory, AdvisoryDataset, AdvisorySeverity } from './types';

export interface Assessment {
  readonly pin: Pin;
  /** Advisories affecting the pinned (or minimum, or default) version; empty when clean. */
  readonly advisories: readonly Advisory[];
  readonly severity: AdvisorySeverity;
  /** The lowest version no advisory affects, on the pin's own package path (or any cosign line for binaries). */
  readonly fix?: { readonly version: string; readonly package: string };
  /** A Go library with no fixed release on its major path: the path and version that would fix it. */
  readonly otherPath?: { readonly version: string; readonly package: string };
  /** `range` pins: the range also allows the fixed version, so the lockfile / a fresh install decides. */
  readonly rangeAllowsFix: boolean;
}

type Verdict = Omit<Assessment, 'pin'>;

/**
 * Verdicts per (dataset, package, version, kind, spec): a lockfile lists the same version many times,
 * and matching walks every advisory, so repeated pins must not repeat the work.
 */
const verdicts = new WeakMap<AdvisoryDataset, Map<string, Verdict>>();

/** What the dataset says about one pin. Pure; used by KW701 and the editor hover. */
export function assessPin(pin: Pin, dataset: AdvisoryDataset = DATASET): Assessment {
  let cache = verdicts.get(dataset);
  if (!cache) verdicts.set(dataset, (cache = new Map()));
  const key = [pin.ecosystem, pin.package, pin.version, pin.kind, pin.spec ?? '', pin.specSyntax ?? '', pin.cosign ? 'bin' : ''].join('\0');
  let verdict = cache.get(key);
  if (!verdict) {
    // Bounded: a file with many distinct versions cannot grow the cache without limit.
    if (cache.size > 5000) cache.clear();
    verdict = computeVerdict(pin, dataset);
    cache.set(key, verdict);
  }
  return { ...verdict, pin };
}

function computeVerdict(pin: Pin, dataset: AdvisoryDataset): Verdict {
  const advisories = advisoriesFor(pin.ecosystem, pin.package, pin.version, dataset);
  const fix = advisories.length === 0 ? undefined : lowestFix(pin.ecosystem, pin.cosign ? cosignPaths(dataset) : [pin.package], pin.version, dataset);
  const otherPath =
    !fix && advisories.length > 0 && /^github\.com\/sigstore\/cosign(\/v\d+)?$/.test(pin.package)
      ? lowestFix('go', cosignPaths(dataset), pin.version, dataset)
      : undefined;
  return {
    advisories,
    severity: worstSeverity(advisories),
    ...(fix ? { fix } : {}),
    ...(otherPath ? { otherPath } : {}),
    rangeAllowsFix: pin.kind === 'range' && fix !== undefined && specAllows(pin, fix.version),
  };
}

function specAllows(pin: Pin, version: string): boolean {
  if (pin.spec === undefined) return false;
  if (pin.ecosystem === 'npm') {
    const range = parseNpmRange(pin.spec);
    return range !== undefined && rangeAllows(range, version);
  }
  if (pin.ecosystem === 'pypi') {
    const spec = parsePySpec(pin.spec, pin.specSyntax === 'poetry');
    return spec !== undefined && pySpecAllows(spec, version);
  }
  return false;
}

/** Whether KW701 reports the pin: affected, and for a range, every version it allows is below the fix. */
export function isReportable(a: Assessment): boolean {
  return a.advisories.length > 0 && !a.rangeAllowsFix;
}
