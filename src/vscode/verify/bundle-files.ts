/**
 * Where a Sigstore bundle sits next to its artifact: `NAME.sigstore.json`, `NAME.sigstore`, `NAME.bundle`
 * or `NAME.bundle.json` (the names cosign, sigstore-js and GitHub's attestation tooling write). Plain
 * path logic, no vscode, so it is unit-tested directly.
 */
import { existsSync, statSync } from 'node:fs';

/** Longest first, so `a.sigstore.json` is read as `a` + `.sigstore.json`, not `a.sigstore` + `.json`. */
export const BUNDLE_SUFFIXES = ['.sigstore.json', '.bundle.json', '.sigstore', '.bundle'] as const;

/** The bundle suffix `path` ends with (case-insensitive), if any. */
export function bundleSuffix(path: string): string | undefined {
  const lower = path.toLowerCase();
  return BUNDLE_SUFFIXES.find((suffix) => lower.endsWith(suffix) && lower.length > suffix.length && !lower.endsWith(`/${suffix}`));
}

export function isBundlePath(path: string): boolean {
  return bundleSuffix(path) !== undefined;
}

/** `dir/a.txt.sigstore.json` → `dir/a.txt`; undefined when `path` has no bundle suffix. */
export function artifactPathFor(bundlePath: string): string | undefined {
  const suffix = bundleSuffix(bundlePath);
  return suffix === undefined ? undefined : bundlePath.slice(0, bundlePath.length - suffix.length);
}

/** The candidate bundle paths for an artifact, in the order they are tried. */
export function bundleCandidates(artifactPath: string): string[] {
  return ['.sigstore.json', '.sigstore', '.bundle', '.bundle.json'].map((suffix) => `${artifactPath}${suffix}`);
}

/** The first existing bundle file next to the artifact. */
export function findBundleNextTo(artifactPath: string, isFile: (path: string) => boolean = fileExists): string | undefined {
  return bundleCandidates(artifactPath).find((candidate) => isFile(candidate));
}

export function fileExists(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
