import type { Assessment } from './assess';
import { DATASET } from './dataset-data';
import { installerDefaultCosign } from './installer';
import { parseSemverLoose } from './semver';
import type { AdvisorySeverity } from './types';
import type { Fix, Severity } from '../types';

/** Advisory severity → finding severity: critical/high error, medium (and unrated) warning, low information. */
export function findingSeverity(severity: AdvisorySeverity): Severity {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'low' ? 'information' : 'warning';
}

function ids(a: Assessment): string {
  return a.advisories.map((x) => `${x.id}${x.severity !== 'unknown' ? ` (${x.severity})` : ''}`).join(', ');
}

/** The finding message: what is pinned, which advisories, the fixing version, and how to apply it. */
export function assessmentMessage(a: Assessment): string {
  const { pin } = a;
  const subject =
    pin.kind === 'installer'
      ? `${pin.label}`
      : pin.kind === 'range'
        ? `${pin.label}: every version \`${pin.spec ?? ''}\` allows (from ${pin.version})`
        : `${pin.label}: ${pin.version}${pin.kind === 'resolved' ? ' (resolved)' : ''}`;
  const parts = [`${subject} is affected by ${ids(a)}.`];
  if (a.fix) {
    const version = display(a, a.fix.version);
    parts.push(
      `${version}${a.fix.package !== pin.package && !pin.cosign ? ` (${a.fix.package})` : ''} fixes ${a.advisories.length > 1 ? 'all of them' : 'it'}.`,
    );
    if (pin.kind === 'installer')
      parts.push(`sigstore/cosign-installer@${DATASET.cosignInstaller.recommended} installs it by default; or set \`cosign-release: ${version}\`.`);
    if (pin.kind === 'resolved' && pin.regenerate) parts.push(`Regenerate the lockfile: ${pin.regenerate(a.fix.version)}.`);
    if (pin.ecosystem === 'go' && pin.kind === 'exact' && !pin.cosign && pin.label.endsWith('go.mod'))
      parts.push(`Then run \`go mod tidy\` (or \`go get ${pin.package}@${version}\`).`);
  } else if (a.otherPath) {
    parts.push(
      `No release of ${pin.package} fixes ${a.advisories.length > 1 ? 'all of them' : 'it'}: move to ${a.otherPath.package} ${display(a, a.otherPath.version)} (a new module path).`,
    );
  } else {
    parts.push('No fixed release is known.');
  }
  parts.push(`(Advisories as of ${DATASET.asOf}.)`);
  return parts.join(' ');
}

function display(a: Assessment, version: string): string {
  return a.pin.ecosystem === 'go' ? `v${version.replace(/^v/, '')}` : version;
}

/**
 * The manifest edit: the pin's version text → the fix. Safe for exact pins on the same major version;
 * a review for ranges, major upgrades and installer tags. Lockfiles get no edit (regenerate them).
 */
export function assessmentFix(a: Assessment, text: string): Fix | undefined {
  const { pin, fix } = a;
  if (!fix) return undefined;
  if (pin.kind === 'installer') {
    const tag = DATASET.cosignInstaller.recommended;
    const written = text.slice(pin.range.start, pin.range.end);
    if (/^[0-9a-f]{40}$/.test(written) || !installerDefaultCosign(tag)) return undefined; // a SHA pin needs the new tag's commit: not known offline
    return {
      title: `Update sigstore/cosign-installer to ${tag}`,
      edits: [{ range: pin.range, newText: tag }],
      safety: 'review',
      note: "A new installer major installs a new cosign major: check the workflow's cosign flags against its release notes.",
    };
  }
  if (pin.kind === 'resolved' || !pin.write) return undefined;
  const newText = pin.write(fix.version);
  const sameMajor = parseSemverLoose(pin.version)?.major === parseSemverLoose(fix.version)?.major;
  return {
    title: `Update ${pin.cosign ? 'cosign' : pin.package.replace(/^github\.com\//, '')} to ${display(a, fix.version)}`,
    edits: [{ range: pin.range, newText }],
    safety: pin.kind === 'exact' && sameMajor ? 'safe' : 'review',
    ...(pin.ecosystem === 'go' && !pin.cosign
      ? { note: 'Run `go mod tidy` to update go.sum.' }
      : pin.ecosystem === 'npm'
        ? { note: 'Run `npm install` to update the lockfile.' }
        : {}),
  };
}
