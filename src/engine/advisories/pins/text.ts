import { cosignModulePath } from '../match';
import { parseSemver } from '../semver';
import { indentOf, linesOf } from './lines';
import { versionAt, type Pin } from './pin';
import { fencedCodeRanges, isMarkdown } from './prose';

const VERSION = String.raw`v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;

/**
 * Version pins written in free text (Dockerfiles, scripts, Makefiles, CI `run:` lines, Kubernetes and
 * Helm YAML): cosign release downloads, `go install …/cmd/cosign@vX`, cosign and policy-controller
 * images, `COSIGN_VERSION=vX` variables, and Helm values that name a policy-controller image with a
 * separate `tag:` / `version:`. In Markdown only fenced code blocks count: prose names versions, it does
 * not install them.
 */
export function textPins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  const cosignBinary = (version: string, start: number, what: string): void => {
    const pkg = cosignModulePath(version);
    if (!pkg || !parseSemver(version)) return;
    pins.push({
      ecosystem: 'go',
      package: pkg,
      ...versionAt(version, start),
      kind: 'exact',
      label: `cosign ${version} (${what}) in ${path}`,
      cosign: true,
      write: (v) => (version.startsWith('v') ? `v${v.replace(/^v/, '')}` : v.replace(/^v/, '')),
    });
  };
  const patterns: { re: RegExp; what: string; group: number; module?: (m: RegExpExecArray) => string }[] = [
    { re: new RegExp(String.raw`github\.com/sigstore/cosign/releases/download/(${VERSION})/`, 'g'), what: 'release download', group: 1 },
    { re: new RegExp(String.raw`(?:gcr\.io/projectsigstore/cosign|ghcr\.io/sigstore/cosign/cosign):(${VERSION})\b`, 'g'), what: 'container image', group: 1 },
    { re: new RegExp(String.raw`\bCOSIGN_VERSION\s*[=:]\s*["']?(${VERSION})\b`, 'g'), what: 'COSIGN_VERSION', group: 1 },
    {
      re: new RegExp(String.raw`\bgo\s+(?:install|get)\s+(github\.com/sigstore/cosign(?:/v\d+)?)/cmd/cosign@(${VERSION})\b`, 'g'),
      what: 'go install',
      group: 2,
      module: (m) => m[1] as string,
    },
    {
      re: new RegExp(String.raw`ghcr\.io/sigstore/policy-controller/policy-controller:(${VERSION})\b`, 'g'),
      what: 'container image',
      group: 1,
      module: () => 'github.com/sigstore/policy-controller',
    },
  ];
  for (const p of patterns) {
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const version = m[p.group] as string;
      const start = m.index + m[0].lastIndexOf(version);
      if (!p.module) {
        cosignBinary(version, start, p.what);
        continue;
      }
      const module = p.module(m);
      if (!parseSemver(version)) continue;
      pins.push({
        ecosystem: 'go',
        package: module,
        ...versionAt(version, start),
        kind: 'exact',
        label: `${module.replace('github.com/sigstore/', '')} ${version} (${p.what}) in ${path}`,
        write: (v) => `v${v.replace(/^v/, '')}`,
      });
    }
  }
  pins.push(...helmImagePins(path, text));
  if (!isMarkdown(path)) return pins;
  const code = fencedCodeRanges(text);
  return pins.filter((p) => code.some((r) => p.range.start >= r.start && p.range.end <= r.end));
}

/** Helm values: `repository: ghcr.io/sigstore/policy-controller/policy-controller` with a sibling `tag:`/`version:`. */
function helmImagePins(path: string, text: string): Pin[] {
  const lines = linesOf(text);
  const pins: Pin[] = [];
  lines.forEach((line, i) => {
    if (!/^\s*(?:-\s+)?repository:\s*["']?ghcr\.io\/sigstore\/policy-controller\/policy-controller["']?\s*$/.test(line.text)) return;
    const indent = indentOf(line.text.replace(/-/, ' '));
    for (let j = Math.max(0, i - 4); j < Math.min(lines.length, i + 5); j++) {
      const sibling = lines[j];
      if (!sibling || j === i || indentOf(sibling.text) !== indent) continue;
      const m = new RegExp(String.raw`^(\s*(?:tag|version):\s*["']?)(${VERSION})["']?\s*$`).exec(sibling.text);
      if (!m) continue;
      const version = m[2] as string;
      const start = sibling.start + (m[1] as string).length;
      pins.push({
        ecosystem: 'go',
        package: 'github.com/sigstore/policy-controller',
        ...versionAt(version, start),
        kind: 'exact',
        label: `policy-controller ${version} (Helm image tag) in ${path}`,
        write: (v) => (version.startsWith('v') ? `v${v.replace(/^v/, '')}` : v),
      });
    }
  });
  return pins;
}
