import { parseJsonAt, type JsonNode, type JsonObjectNode } from '../../text/json-spans';
import { knownPackages } from '../match';
import { exactVersion, minVersion, parseNpmRange } from '../npm-range';
import { parseSemver } from '../semver';
import { versionAt, type Pin } from './pin';
import { linesOf } from './lines';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function member(node: JsonNode | undefined, name: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.members.find(([k]) => k === name)?.[1] : undefined;
}

/** The inside of a string node, when it has no escapes (versions never do): the range a fix replaces. */
function stringValue(text: string, node: JsonNode | undefined): { value: string; start: number; end: number } | undefined {
  if (node?.kind !== 'string' || node.end - node.start - 2 !== node.value.length) return undefined;
  return { value: node.value, start: node.start + 1, end: node.end - 1 };
}

/** `package.json`: exact versions and ranges of the sigstore-js packages in every dependency field. */
export function packageJsonPins(path: string, text: string): Pin[] {
  const root = parseJsonAt(text, 0);
  const known = knownPackages('npm');
  const pins: Pin[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const deps = member(root, field);
    if (deps?.kind !== 'object') continue;
    for (const [name, node] of deps.members) {
      if (!known.has(name)) continue;
      const spec = stringValue(text, node);
      if (!spec) continue;
      const range = { start: spec.start, end: spec.end };
      const exact = exactVersion(spec.value);
      if (exact) {
        pins.push({ ecosystem: 'npm', package: name, version: exact, range, kind: 'exact', label: `${name} in ${field} (${path})`, write: (v) => v });
        continue;
      }
      const parsed = parseNpmRange(spec.value);
      const min = parsed && minVersion(parsed);
      if (!min) continue;
      pins.push({
        ecosystem: 'npm',
        package: name,
        version: min,
        spec: spec.value,
        specSyntax: 'npm',
        range,
        kind: 'range',
        label: `${name} in ${field} (${path})`,
        write: (v) => `^${v}`,
      });
    }
  }
  return pins;
}

/** `package-lock.json` / `npm-shrinkwrap.json`: v2/v3 `packages` (every nested copy) and v1 `dependencies`. */
export function packageLockPins(path: string, text: string): Pin[] {
  const root = parseJsonAt(text, 0);
  const known = knownPackages('npm');
  const pins: Pin[] = [];
  const add = (name: string, entry: JsonNode, where: string): void => {
    if (!known.has(name)) return;
    const version = stringValue(text, member(entry, 'version'));
    if (!version || !parseSemver(version.value)) return;
    pins.push({
      ecosystem: 'npm',
      package: name,
      version: version.value,
      range: { start: version.start, end: version.end },
      kind: 'resolved',
      label: `${name} resolved in ${path} (${where})`,
      regenerate: (v) => `\`npm install ${name}@${v}\`` + (where.indexOf('node_modules/', 1) > 0 ? ' (it is transitive: or add an `overrides` entry)' : ''),
    });
  };
  const packages = member(root, 'packages');
  if (packages?.kind === 'object') {
    for (const [key, entry] of packages.members) {
      const i = key.lastIndexOf('node_modules/');
      if (i >= 0) add(key.slice(i + 'node_modules/'.length), entry, key);
    }
    return pins;
  }
  // lockfileVersion 1: nested `dependencies` objects.
  const stack: { node: JsonNode | undefined; prefix: string }[] = [{ node: member(root, 'dependencies'), prefix: '' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.node?.kind !== 'object') continue;
    for (const [name, entry] of (item.node as JsonObjectNode).members) {
      add(name, entry, `${item.prefix}node_modules/${name}`);
      stack.push({ node: member(entry, 'dependencies'), prefix: `${item.prefix}node_modules/${name}/` });
    }
  }
  return pins;
}

/** `yarn.lock` (classic and Berry): a block header naming the package, then its `version` line. */
export function yarnLockPins(path: string, text: string): Pin[] {
  const known = knownPackages('npm');
  const pins: Pin[] = [];
  let current: string | undefined;
  for (const line of linesOf(text)) {
    if (!/^[ \t]/.test(line.text)) {
      // `"@sigstore/verify@^3.1.0", "@sigstore/verify@npm:^3.1.0":` or `sigstore@^1.0.0:`
      const m = /^"?((?:@[a-z0-9-._~]+\/)?[a-z0-9-._~]+)@[^\n]*:\s*$/.exec(line.text);
      current = m && known.has(m[1] as string) ? (m[1] as string) : undefined;
      continue;
    }
    if (!current) continue;
    const v = /^([ \t]+version:?[ \t]+"?)([^"\s]+)/.exec(line.text);
    if (!v || !parseSemver(v[2] as string)) continue;
    const name = current;
    const start = line.start + (v[1] as string).length;
    pins.push({
      ecosystem: 'npm',
      package: name,
      ...versionAt(v[2] as string, start),
      kind: 'resolved',
      label: `${name} resolved in ${path}`,
      regenerate: (ver) => `\`yarn up ${name}@${ver}\` (or a \`resolutions\` entry when it is transitive)`,
    });
    current = undefined;
  }
  return pins;
}

/** `pnpm-lock.yaml`: package keys `/sigstore@1.2.0:` (v6), `sigstore@1.2.0:` (v9), `/sigstore/1.2.0:` (v5). */
export function pnpmLockPins(path: string, text: string): Pin[] {
  const known = knownPackages('npm');
  const pins: Pin[] = [];
  const key = /^ {2}(['"]?)\/?((?:@[a-z0-9-._~]+\/)?[a-z0-9-._~]+)[@/](\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\([^\n]*\))?\1:[ \t]*\r?$/gm;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const name = m[2] as string;
    if (!known.has(name)) continue;
    const version = m[3] as string;
    const start = m.index + 2 + (m[1] as string).length + (m[0].slice(2 + (m[1] as string).length).startsWith('/') ? 1 : 0) + name.length + 1;
    pins.push({
      ecosystem: 'npm',
      package: name,
      ...versionAt(version, start),
      kind: 'resolved',
      label: `${name} resolved in ${path}`,
      regenerate: (v) => `\`pnpm update ${name}@${v}\` (or a \`pnpm.overrides\` entry when it is transitive)`,
    });
  }
  return pins;
}
