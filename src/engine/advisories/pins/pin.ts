import type { TextRange } from '../../types';
import type { Ecosystem } from '../types';

/**
 * One place where a file fixes which version of a Sigstore component gets used.
 *
 * - `exact`: the file names one version (`sigstore==3.0.0`, `go.mod`, a release URL); the fix rewrites it.
 * - `range`: a manifest range (`^3.0.0`, `>=3.0`). Reported only when every version it allows is
 *   affected (an upper bound below the fix): otherwise the lockfile, or a fresh install, decides.
 * - `resolved`: a lockfile entry; the fix is the command that regenerates the lockfile, not an edit.
 * - `installer`: a `sigstore/cosign-installer` tag without `cosign-release:`; the cosign it installs by default.
 */
export interface Pin {
  readonly ecosystem: Ecosystem;
  /** The dataset's package key. For a cosign binary (`cosign` true) it is chosen by major version. */
  readonly package: string;
  /** The concrete version checked (a range's minimum, the installer's default cosign). */
  readonly version: string;
  /** The range's text as written (`^3.0.0`) for `range` pins. */
  readonly spec?: string;
  /** How `spec` is read: npm ranges, PEP 440 specifiers, or Poetry constraints (`^`, `~`, bare = exact). */
  readonly specSyntax?: 'npm' | 'pep440' | 'poetry';
  /** The text the finding points at and the fix replaces. */
  readonly range: TextRange;
  readonly kind: 'exact' | 'range' | 'resolved' | 'installer';
  /** What the pin is, for messages: `sigstore (package-lock.json)`, `cosign release download`. */
  readonly label: string;
  /** A cosign binary (release download, image, installer input): any major line may fix it. */
  readonly cosign?: boolean;
  /** `resolved` pins: the command that regenerates the lockfile with `version`. */
  readonly regenerate?: (version: string) => string; // a sentence fragment with the command in backticks
  /** `installer` pins: the installer tag as written. */
  readonly installerTag?: string;
  /** How to write a new version in place of `range` (keeps a `v` prefix, an operator). */
  readonly write?: (version: string) => string;
}

/** A version found at `start` in a file, with the range a finding points at and a fix replaces. */
export function versionAt(version: string, start: number): Pick<Pin, 'version' | 'range'> {
  return { version, range: { start, end: start + version.length } };
}
