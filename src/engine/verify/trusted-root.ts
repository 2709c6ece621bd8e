/**
 * Trust material: the public-good production root embedded in the package (the `trusted_root.json` TUF
 * target that `@sigstore/tuf` ships as seed data, so verification needs no network), or a
 * `trusted_root.json` the caller gives (private deployments, tests).
 *
 * The library treats a missing `validFor.start` as "valid since the beginning of time". The spec makes
 * `start` required, and an unbounded key is exactly what a tampered root would look like, so a root
 * with any entry lacking it is rejected here (conformance case trust-root-tlog-missing-validity-start).
 */
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from './vendor/sigstore-verify';
import seeds from '@sigstore/tuf/seeds.json';
import type { KeyObject } from 'node:crypto';
import { VerifyError } from './errors';
import type { TrustedRootSource } from './types';

export const PRODUCTION_TUF_REPO = 'https://tuf-repo-cdn.sigstore.dev';
export const STAGING_TUF_REPO = 'https://tuf-repo-cdn.sigstage.dev';

export interface LoadedTrustedRoot {
  readonly source: TrustedRootSource;
  /** In words, for the result: where the root came from. */
  readonly detail: string;
  readonly root: TrustedRoot;
}

/** The embedded root never changes during a session: parse it once. */
let embeddedProduction: LoadedTrustedRoot | undefined;

/** Picks and parses the trusted root: the caller's file, else the embedded staging or production root. */
export function loadTrustedRoot(options: { trustedRoot?: string | undefined; staging?: boolean | undefined }): LoadedTrustedRoot {
  if (options.trustedRoot !== undefined)
    return {
      source: 'custom',
      detail: 'custom: the trusted_root.json given by the user',
      root: parseTrustedRoot(options.trustedRoot, 'the given trusted root'),
    };
  if (!options.staging && embeddedProduction !== undefined) return embeddedProduction;
  const repo = options.staging ? STAGING_TUF_REPO : PRODUCTION_TUF_REPO;
  const text = embeddedTarget(repo, 'trusted_root.json');
  if (text === undefined) {
    throw new VerifyError(
      'TRUSTED_ROOT_UNAVAILABLE',
      options.staging
        ? '--staging needs --trusted-root FILE, or --online with a staging TUF root (--tuf-root FILE): no staging root is embedded in Keyward (the Sigstore seed data only has production)'
        : 'the embedded production trusted root is missing from this build: pass a trusted_root.json with --trusted-root',
    );
  }
  const source = options.staging ? 'staging (embedded)' : 'production (embedded)';
  const loaded: LoadedTrustedRoot = {
    source,
    detail: `${source}: the Sigstore TUF seed data Keyward was built with, not refreshed online`,
    root: parseTrustedRoot(text, 'the embedded trusted root'),
  };
  if (!options.staging) embeddedProduction = loaded;
  return loaded;
}

/** Builds the library's trust material; `publicKey` answers for key-based bundles (`--key`). */
export function toTrust(root: TrustedRoot, publicKey: ((hint: string) => KeyObject) | undefined): TrustMaterial {
  try {
    return toTrustMaterial(root, (hint) => {
      if (publicKey === undefined) throw new VerifyError('INVALID_POLICY', 'no public key was given for a key-based bundle');
      return { publicKey: publicKey(hint), validFor: () => true };
    });
  } catch (error) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `the trusted root holds a key or certificate that cannot be read (${describe(error)})`, { cause: error });
  }
}

function embeddedTarget(repo: string, target: string): string | undefined {
  const entry = (seeds as Record<string, { targets?: Record<string, string> } | undefined>)[repo];
  const encoded = entry?.targets?.[target];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

export function parseTrustedRoot(text: string, what: string): TrustedRoot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${what} is not valid JSON`);
  }
  if (!isObject(json)) throw new VerifyError('TRUSTED_ROOT_INVALID', `${what} is not a JSON object`);
  const mediaType = json['mediaType'];
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${what} has no Sigstore trusted root media type (expected application/vnd.dev.sigstore.trustedroot…)`);
  }
  const problems = missingValidityStarts(json);
  if (problems.length > 0) {
    throw new VerifyError(
      'TRUSTED_ROOT_INVALID',
      `${what} is malformed: ${problems.join(', ')} ${problems.length === 1 ? 'has' : 'have'} no validFor.start (a trusted key must say since when it is valid)`,
    );
  }
  try {
    return TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new VerifyError('TRUSTED_ROOT_INVALID', `${what} cannot be read (${describe(error)})`, { cause: error });
  }
}

function missingValidityStarts(root: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const list of ['tlogs', 'ctlogs'] as const) {
    arrayOf(root[list]).forEach((entry, i) => {
      const key = isObject(entry) ? entry['publicKey'] : undefined;
      if (!hasStart(isObject(key) ? key['validFor'] : undefined)) problems.push(`${list}[${i}]`);
    });
  }
  for (const list of ['certificateAuthorities', 'timestampAuthorities'] as const) {
    arrayOf(root[list]).forEach((entry, i) => {
      if (!hasStart(isObject(entry) ? entry['validFor'] : undefined)) problems.push(`${list}[${i}]`);
    });
  }
  return problems;
}

function hasStart(validFor: unknown): boolean {
  return isObject(validFor) && typeof validFor['start'] === 'string' && !Number.isNaN(Date.parse(validFor['start']));
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'unknown error';
}
