/**
 * The shape of the advisory dataset Keyward ships (`dataset-data.ts`, rebuilt by
 * `scripts/refresh-advisories.mjs`). Ranges follow OSV: a version is affected when
 * `introduced <= version < fixed` (`introduced: "0"` = from the first release; no `fixed` = never fixed
 * on that package path).
 */
export type Ecosystem = 'npm' | 'go' | 'pypi' | 'maven';

export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export interface AffectedRange {
  readonly introduced: string;
  readonly fixed?: string;
  /** OSV `last_affected`: affected up to and including this version (used when no fix is named). */
  readonly lastAffected?: string;
}

export interface AffectedPackage {
  readonly ecosystem: Ecosystem;
  /** npm name, Go module path (per major: `github.com/sigstore/cosign/v2`), PyPI name, Maven `group:artifact`. */
  readonly package: string;
  readonly ranges: readonly AffectedRange[];
}

export interface Advisory {
  /** GHSA id, or the CVE / a `KEYWARD-` id for security fixes published without a GHSA. */
  readonly id: string;
  readonly cve?: string;
  readonly summary: string;
  readonly severity: AdvisorySeverity;
  /** `https://github.com/advisories/<GHSA>` when there is a GHSA. */
  readonly url?: string;
  /** `confirmed`: read in the advisory text or changelog; `reported`: carried over or second-hand; needs a re-check on refresh. */
  readonly confidence: 'confirmed' | 'reported';
  /** Why a range is uncertain or how it was derived. */
  readonly note?: string;
  readonly affected: readonly AffectedPackage[];
}

/** Which cosign a `sigstore/cosign-installer` tag installs when `cosign-release:` is not set. */
export interface InstallerDefault {
  /** First and last installer tag of the span (inclusive), with `v`. */
  readonly from: string;
  readonly to: string;
  /** Lowest and highest default cosign over the span; matching uses `cosignMax` (what the newest tag in the span still installs). */
  readonly cosignMin: string;
  readonly cosignMax: string;
}

export interface AdvisoryDataset {
  readonly schema: 1;
  /** The date the advisories were last gathered (YYYY-MM-DD). */
  readonly asOf: string;
  /** After this date the dataset counts as stale: refresh it (a unit test fails). */
  readonly reviewBy: string;
  readonly source: string;
  readonly advisories: readonly Advisory[];
  readonly cosignInstaller: {
    readonly spans: readonly InstallerDefault[];
    /** Floating major tags (`v3`) and the cosign they install. */
    readonly floating: Readonly<Record<string, string>>;
    /** The first installer tag whose default cosign has no known advisory. */
    readonly recommended: string;
  };
}
