import { knownPackages } from '../match';
import { parseSemver } from '../semver';
import { linesOf, type Line } from './lines';
import { versionAt, type Pin } from './pin';

/** `replace old [v] => new [v]`: what the build really uses instead of a requirement. */
interface Replacement {
  readonly module: string;
  /** Only this required version is replaced; undefined: every version. */
  readonly oldVersion?: string;
  readonly target: string;
  /** The replacement's version; undefined for a local directory. */
  readonly newVersion?: string;
  /** Offset of the replacement's version text. */
  readonly newVersionStart: number;
}

/**
 * `go.mod` requirements of `github.com/sigstore/*` modules, in `require x v1.2.3` lines and `require (…)`
 * blocks. Each major version is its own module path, so `github.com/sigstore/cosign/v2` is matched
 * against the v2 ranges only. A `replace` directive decides what is built: a replacement by another
 * version of the same module is judged (and pointed at) instead of the requirement; a local directory
 * or another module (a fork) cannot be judged and is skipped.
 */
export function goModPins(path: string, text: string): Pin[] {
  const known = knownPackages('go');
  const lines = linesOf(text);
  const replacements = goModReplacements(lines);
  const pins: Pin[] = [];
  for (const { line, inBlock } of directiveLines(lines, 'require')) {
    const m = (inBlock ? /^(\s*)(\S+)(\s+)(v\S+)/ : /^(\s*require\s+)(\S+)(\s+)(v\S+)/).exec(line.text);
    if (!m) continue;
    const module = m[2] as string;
    const required = m[4] as string;
    if (!known.has(module) || !parseSemver(required)) continue;
    const replaced = [...replacements].reverse().find((r) => r.module === module && (r.oldVersion === undefined || r.oldVersion === required));
    if (replaced && (replaced.newVersion === undefined || replaced.target !== module || !parseSemver(replaced.newVersion))) continue;
    const version = replaced?.newVersion ?? required;
    const start = replaced ? replaced.newVersionStart : line.start + (m[1] as string).length + module.length + (m[3] as string).length;
    pins.push({
      ecosystem: 'go',
      package: module,
      ...versionAt(version, start),
      kind: 'exact',
      label: replaced ? `${module} in ${path} (required ${required}, replaced by ${version})` : `${module} in ${path}`,
      write: (v) => `v${v.replace(/^v/, '')}`,
    });
  }
  return pins;
}

/** The lines that may hold a `keyword` directive, inside a `keyword (` … `)` block or not; the block's own lines are skipped. */
function* directiveLines(lines: readonly Line[], keyword: 'require' | 'replace'): Generator<{ line: Line; inBlock: boolean }> {
  const opensBlock = new RegExp(String.raw`^\s*${keyword}\s*\(\s*(?:\/\/.*)?$`);
  let inBlock = false;
  for (const line of lines) {
    if (opensBlock.test(line.text)) {
      inBlock = true;
      continue;
    }
    if (inBlock && /^\s*\)/.test(line.text)) {
      inBlock = false;
      continue;
    }
    yield { line, inBlock };
  }
}

function goModReplacements(lines: readonly Line[]): Replacement[] {
  const out: Replacement[] = [];
  for (const { line, inBlock } of directiveLines(lines, 'replace')) {
    const m = (inBlock ? /^(\s*)(\S+)(?:\s+(v\S+))?\s*=>\s*(\S+)(?:(\s+)(v\S+))?/ : /^(\s*replace\s+)(\S+)(?:\s+(v\S+))?\s*=>\s*(\S+)(?:(\s+)(v\S+))?/).exec(
      line.text,
    );
    if (!m) continue;
    const target = m[4] as string;
    const newVersion = m[6];
    const local = /^(?:\.{1,2}\/|\/)/.test(target);
    const newVersionStart = line.start + (m.index ?? 0) + m[0].length - (newVersion?.length ?? 0);
    out.push({
      module: m[2] as string,
      ...(m[3] ? { oldVersion: m[3] } : {}),
      target,
      ...(newVersion && !local ? { newVersion } : {}),
      newVersionStart,
    });
  }
  return out;
}
