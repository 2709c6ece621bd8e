import { knownPackages } from '../match';
import { parseSemver } from '../semver';
import { linesOf } from './lines';
import type { Pin } from './pin';

/**
 * `go.mod` requirements of `github.com/sigstore/*` modules, in `require x v1.2.3` lines and `require (…)`
 * blocks. Each major version is its own module path, so `github.com/sigstore/cosign/v2` is matched
 * against the v2 ranges only. `replace` directives are not followed.
 */
export function goModPins(path: string, text: string): Pin[] {
  const known = knownPackages('go');
  const pins: Pin[] = [];
  let inRequire = false;
  for (const line of linesOf(text)) {
    const t = line.text;
    if (/^\s*require\s*\(\s*(?:\/\/.*)?$/.test(t)) { inRequire = true; continue; }
    if (inRequire && /^\s*\)/.test(t)) { inRequire = false; continue; }
    const m = (inRequire ? /^(\s*)(\S+)(\s+)(v\S+)/ : /^(\s*require\s+)(\S+)(\s+)(v\S+)/).exec(t);
    if (!m) continue;
    const module = m[2] as string;
    const version = m[4] as string;
    if (!known.has(module) || !parseSemver(version)) continue;
    const start = line.start + (m[1] as string).length + module.length + (m[3] as string).length;
    pins.push({
      ecosystem: 'go', package: module, version, range: { start, end: start + version.length }, kind: 'exact',
      label: `${module} in ${path}`, write: (v) => `v${v.replace(/^v/, '')}`,
    });
  }
  return pins;
}
