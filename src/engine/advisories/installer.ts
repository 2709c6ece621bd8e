import { DATASET } from './dataset-data';
import { compareSemver, parseSemverLoose } from './semver';
import type { AdvisoryDataset } from './types';

export interface InstallerCosign {
  /** The cosign version matched against the advisories (the newest default over the tag's span). */
  readonly cosign: string;
  /** `v1.5.1 – v1.13.1` when the tag names a span (a floating major), else the one version. */
  readonly described: string;
}

/**
 * The cosign a `sigstore/cosign-installer@TAG` installs when `cosign-release:` is not set. A floating major
 * (`v3`) uses its recorded value, or the newest span of that major; unknown tags give undefined.
 */
export function installerDefaultCosign(tag: string, dataset: AdvisoryDataset = DATASET): InstallerCosign | undefined {
  const floating = dataset.cosignInstaller.floating[tag];
  if (floating) return { cosign: floating, described: floating };
  const exact = /^v\d+\.\d+\.\d+$/.test(tag) ? parseSemverLoose(tag) : undefined;
  if (exact) {
    const span = dataset.cosignInstaller.spans.find((s) => {
      const from = parseSemverLoose(s.from);
      const to = parseSemverLoose(s.to);
      return from !== undefined && to !== undefined && compareSemver(exact, from) >= 0 && compareSemver(exact, to) <= 0;
    });
    if (!span) return undefined;
    return { cosign: span.cosignMax, described: span.cosignMin === span.cosignMax ? span.cosignMax : `${span.cosignMin} – ${span.cosignMax}` };
  }
  const major = /^v(\d+)$/.exec(tag);
  if (!major) return undefined;
  // `v2`: the newest span of that major (every v2 tag installs a cosign v1).
  const spans = dataset.cosignInstaller.spans.filter((s) => s.to.startsWith(`v${major[1]}.`));
  const last = spans[spans.length - 1];
  return last ? { cosign: last.cosignMax, described: last.cosignMin === last.cosignMax ? last.cosignMax : `${last.cosignMin} – ${last.cosignMax}` } : undefined;
}
