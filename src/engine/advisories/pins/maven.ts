import { linesOf } from './lines';
import { versionAt, type Pin } from './pin';

const ARTIFACTS = new Set(['dev.sigstore:sigstore-java']);

/**
 * `pom.xml`: `<dependency>` (or `<plugin>`) elements whose groupId/artifactId name a known artifact; the
 * `<version>` inside, or the `<properties>` entry a `${property}` version refers to.
 */
export function pomPins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const el of text.matchAll(/<(dependency|plugin)>([\s\S]*?)<\/\1>/g)) {
    const body = el[2] as string;
    const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(body)?.[1];
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(body)?.[1];
    const pkg = `${group}:${artifact}`;
    if (!ARTIFACTS.has(pkg)) continue;
    const v = /(<version>\s*)([^<\s]+)\s*<\/version>/.exec(body);
    if (!v) continue;
    let value = v[2] as string;
    let start = (el.index ?? 0) + (el[1] as string).length + 2 + v.index + (v[1] as string).length;
    const property = /^\$\{([^}]+)\}$/.exec(value)?.[1];
    if (property) {
      const def = new RegExp(`(<${property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>\\s*)([^<\\s]+)\\s*</`).exec(text);
      if (!def) continue;
      value = def[2] as string;
      start = def.index + (def[1] as string).length;
    }
    pins.push({
      ecosystem: 'maven',
      package: pkg,
      ...versionAt(value, start),
      kind: 'exact',
      label: `${pkg} in ${path}`,
      write: (ver) => ver,
    });
  }
  return pins;
}

/** Gradle (Groovy and Kotlin DSL, version catalogs): `dev.sigstore:sigstore-java:1.0.0` and the map form. */
export function gradlePins(path: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const line of linesOf(text)) {
    const short = /(["'])(dev\.sigstore:sigstore-java:)([^"'$@:\s]+)\1/.exec(line.text);
    const map = short
      ? undefined
      : /group\s*[:=]\s*["']dev\.sigstore["']\s*,\s*name\s*[:=]\s*["']sigstore-java["']\s*,\s*version\s*[:=]\s*(["'])([^"'$]+)\1/.exec(line.text);
    const catalog = short || map ? undefined : /module\s*=\s*"dev\.sigstore:sigstore-java"\s*,\s*version\s*=\s*(")([^"]+)"/.exec(line.text);
    const m = short ?? map ?? catalog;
    if (!m) continue;
    const value = (short ? m[3] : m[2]) as string;
    const start = line.start + m.index + m[0].length - 1 - value.length;
    pins.push({
      ecosystem: 'maven',
      package: 'dev.sigstore:sigstore-java',
      ...versionAt(value, start),
      kind: 'exact',
      label: `dev.sigstore:sigstore-java in ${path}`,
      write: (ver) => ver,
    });
  }
  return pins;
}
