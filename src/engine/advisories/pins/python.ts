import { parseJsonAt, type JsonNode } from '../../text/json-spans';
import { knownPackages, normalizePackage } from '../match';
import { parsePySpec } from '../pep440-spec';
import { parsePep440 } from '../pep440';
import { linesOf } from './lines';
import { versionAt, type Pin } from './pin';

function isKnown(name: string): boolean {
  return knownPackages('pypi').has(normalizePackage('pypi', name));
}

/**
 * A PEP 508 requirement (`sigstore[extra] >= 3.0, < 4 ; python_version >= "3.9"`) found at `offset`:
 * a pin on the specifier text. Exact `==` pins are rewritten by the fix; ranges keep their operators.
 */
function requirementPin(path: string, requirement: string, offset: number, poetry = false): Pin | undefined {
  const m = /^(\s*)([A-Za-z0-9][A-Za-z0-9._-]*)(\s*\[[^\]]*\])?(\s*\(?\s*)([^;#()'"]*?)\s*\)?\s*(?:[;#]|$)/.exec(requirement);
  if (!m || !isKnown(m[2] as string)) return undefined;
  const specText = (m[5] as string).trim();
  if (!specText) return undefined;
  const spec = parsePySpec(specText, poetry);
  if (!spec?.minimum) return undefined;
  const start = offset + (m[1] as string).length + (m[2] as string).length + (m[3] ?? '').length + (m[4] as string).length;
  return specPin(path, normalizePackage('pypi', m[2] as string), specText, spec.exact, spec.minimum, start);
}

function specPin(path: string, name: string, specText: string, exact: boolean, minimum: string, start: number): Pin {
  const range = { start, end: start + specText.length };
  const op = /^(===|==)/.exec(specText)?.[1] ?? '==';
  return exact
    ? { ecosystem: 'pypi', package: name, version: minimum, range, kind: 'exact', label: `${name} in ${path}`, write: (v) => `${op}${v}` }
    : {
        ecosystem: 'pypi',
        package: name,
        version: minimum,
        spec: specText,
        range,
        kind: 'range',
        specSyntax: 'pep440',
        label: `${name} in ${path}`,
        write: (v) => `>=${v}`,
      };
}

/** `requirements*.txt` / `*.in`: one requirement per line; options, URLs and comments are skipped. */
export function requirementsPins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const line of linesOf(text)) {
    if (/^\s*(?:-|#|$)/.test(line.text)) continue;
    // `sigstore==3.0.0 \` continues with `--hash=…` options on the next lines.
    const pin = requirementPin(path, line.text.replace(/\s*\\\s*$/, ''), line.start);
    if (pin) pins.push(pin);
  }
  return pins;
}

/**
 * `pyproject.toml`: PEP 621 dependency strings (`"sigstore>=3.0"` in `dependencies`, optional
 * dependencies, dependency groups) and Poetry tables (`sigstore = "^3.0"`, `sigstore = { version = "…" }`).
 */
export function pyprojectPins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  let section = '';
  for (const line of linesOf(text)) {
    const header = /^\s*\[\[?([^\]]+)\]\]?/.exec(line.text);
    if (header) {
      section = (header[1] as string).trim();
      continue;
    }
    // Quoted PEP 508 strings anywhere (arrays may span lines).
    for (const q of line.text.matchAll(/(["'])([A-Za-z0-9][^"']*)\1/g)) {
      const pin = requirementPin(path, q[2] as string, line.start + (q.index ?? 0) + 1);
      if (pin && /[<>=~!]/.test(q[2] as string)) pins.push(pin);
    }
    if (/^tool\.poetry\.(?:group\.[^.]+\.)?(?:dev-)?dependencies$/.test(section)) {
      const p = /^(\s*)([A-Za-z0-9][A-Za-z0-9._-]*)(\s*=\s*)(?:\{[^}]*?version\s*=\s*)?(["'])([^"']+)\4/.exec(line.text);
      if (!p || !isKnown(p[2] as string)) continue;
      const specText = p[5] as string;
      const spec = parsePySpec(specText, true);
      if (!spec?.minimum) continue;
      const start = line.start + p[0].length - 1 - specText.length;
      // Poetry's bare `3.0.0` is exact; `^`/`~` are ranges and are rewritten as `^X` by the fix.
      const pin = specPin(path, normalizePackage('pypi', p[2] as string), specText, spec.exact, spec.minimum, start);
      pins.push(
        pin.kind === 'range' ? { ...pin, specSyntax: 'poetry', write: (v) => `^${v}` } : { ...pin, write: (v) => (/^==/.test(specText) ? `==${v}` : v) },
      );
    }
  }
  return pins;
}

/** `poetry.lock`: `[[package]]` tables with `name = "sigstore"` and `version = "…"`. */
export function poetryLockPins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  let name: string | undefined;
  for (const line of linesOf(text)) {
    if (/^\s*\[\[package\]\]/.test(line.text)) {
      name = undefined;
      continue;
    }
    const n = /^name\s*=\s*"([^"]+)"/.exec(line.text);
    if (n) {
      name = isKnown(n[1] as string) ? normalizePackage('pypi', n[1] as string) : undefined;
      continue;
    }
    const v = /^(version\s*=\s*")([^"]+)"/.exec(line.text);
    if (!v || !name || !parsePep440(v[2] as string)) continue;
    const pkg = name;
    const start = line.start + (v[1] as string).length;
    pins.push({
      ecosystem: 'pypi',
      package: pkg,
      ...versionAt(v[2] as string, start),
      kind: 'resolved',
      label: `${pkg} resolved in ${path}`,
      regenerate: (ver) => `\`poetry add ${pkg}@^${ver}\``,
    });
    name = undefined;
  }
  return pins;
}

/** `Pipfile.lock`: `default` / `develop` entries with `"version": "==X"`. */
export function pipfileLockPins(path: string, text: string): Pin[] {
  const root = parseJsonAt(text, 0);
  const pins: Pin[] = [];
  if (root?.kind !== 'object') return pins;
  for (const [section, deps] of root.members) {
    if ((section !== 'default' && section !== 'develop') || deps.kind !== 'object') continue;
    for (const [name, entry] of deps.members) {
      if (!isKnown(name)) continue;
      const version: JsonNode | undefined = entry.kind === 'object' ? entry.members.find(([k]) => k === 'version')?.[1] : undefined;
      if (version?.kind !== 'string') continue;
      const m = /^(===|==)(.+)$/.exec(version.value);
      if (!m || !parsePep440(m[2] as string)) continue;
      const start = version.start + 1 + (m[1] as string).length;
      const pkg = normalizePackage('pypi', name);
      pins.push({
        ecosystem: 'pypi',
        package: pkg,
        ...versionAt(m[2] as string, start),
        kind: 'resolved',
        label: `${pkg} resolved in ${path} (${section})`,
        regenerate: (ver) => `\`pipenv install "${pkg}>=${ver}"\``,
      });
    }
  }
  return pins;
}
