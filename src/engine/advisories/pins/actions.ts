import { installerDefaultCosign } from '../installer';
import { cosignModulePath } from '../match';
import { parseSemver } from '../semver';
import { indentOf, linesOf, type Line } from './lines';
import type { Pin } from './pin';

export interface UsesRef {
  /** `sigstore/cosign-installer` (owner/repo[/path]). */
  readonly action: string;
  readonly ref: string;
  /** Offsets of the ref text. */
  readonly start: number;
  readonly end: number;
  /** The version in a trailing `# v3.1.1` comment (how SHA pins record their tag). */
  readonly commentVersion?: string;
  readonly line: Line;
}

/** Every `uses: owner/repo@ref` step in a workflow (local `./` actions and `docker://` images excluded). */
export function usesRefs(text: string): UsesRef[] {
  const out: UsesRef[] = [];
  for (const line of linesOf(text)) {
    const m = /^(\s*(?:-\s+)?uses:\s*(["']?))([A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+)@([A-Za-z0-9_.\/-]+)\2\s*(?:#\s*(\S+))?/.exec(line.text);
    if (!m) continue;
    const start = line.start + (m[1] as string).length + (m[3] as string).length + 1;
    out.push({ action: m[3] as string, ref: m[4] as string, start, end: start + (m[4] as string).length, ...(m[5] ? { commentVersion: m[5] } : {}), line });
  }
  return out;
}

/** The `with:` input `name` of the step holding `uses` (same step: lines indented deeper than its dash). */
function stepInput(lines: readonly Line[], uses: Line, name: string): { value: string; start: number } | undefined {
  let dash = uses.index;
  while (dash >= 0 && !/^\s*-\s/.test(lines[dash]?.text ?? '')) dash--;
  const stepIndent = dash >= 0 ? indentOf(lines[dash]?.text ?? '') : indentOf(uses.text);
  for (let i = uses.index + 1; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (/^\s*(?:#.*)?$/.test(line.text)) continue;
    if (indentOf(line.text) <= stepIndent) break;
    const m = new RegExp(`^(\\s*${name}:\\s*(["']?))([^"'\\s#]+)`).exec(line.text);
    if (m) return { value: m[3] as string, start: line.start + (m[1] as string).length };
  }
  return undefined;
}

/**
 * `sigstore/cosign-installer` steps: the `cosign-release:` input when set (the cosign it installs),
 * otherwise the installer tag and the cosign that tag installs by default.
 */
export function cosignInstallerPins(path: string, text: string): Pin[] {
  const lines = linesOf(text);
  const pins: Pin[] = [];
  for (const uses of usesRefs(text)) {
    if (uses.action !== 'sigstore/cosign-installer') continue;
    const release = stepInput(lines, uses.line, 'cosign-release');
    if (release && parseSemver(release.value)) {
      const pkg = cosignModulePath(release.value);
      if (!pkg) continue;
      pins.push({
        ecosystem: 'go',
        package: pkg,
        version: release.value,
        range: { start: release.start, end: release.start + release.value.length },
        kind: 'exact',
        label: `cosign ${release.value} installed by sigstore/cosign-installer (cosign-release) in ${path}`,
        cosign: true,
        write: (v) => `v${v.replace(/^v/, '')}`,
      });
      continue;
    }
    if (release) continue; // an expression (`${{ env.COSIGN }}`): the version is not in this file
    const tag = /^[0-9a-f]{40}$/.test(uses.ref) ? uses.commentVersion : uses.ref;
    const cosign = tag ? installerDefaultCosign(tag) : undefined;
    const pkg = cosign && cosignModulePath(cosign.cosign);
    if (!tag || !cosign || !pkg) continue;
    pins.push({
      ecosystem: 'go',
      package: pkg,
      version: cosign.cosign,
      range: { start: uses.start, end: uses.end },
      kind: 'installer',
      installerTag: tag,
      label: `sigstore/cosign-installer@${tag} (installs cosign ${cosign.described} by default) in ${path}`,
      cosign: true,
    });
  }
  return pins;
}
