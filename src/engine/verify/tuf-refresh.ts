/**
 * Online refresh of the Sigstore trusted root through TUF, used only when the user opts in
 * (`keyward verify --online`, `keyward.verify.online`). This file is the only engine code that opens
 * a network connection, and `@sigstore/tuf` is imported lazily here so that offline verifications
 * (and anything that merely loads the verifier bundle) never evaluate the TUF client.
 *
 * The TUF metadata is verified from a root the user already trusts: the production root.json that
 * `@sigstore/tuf` ships as seed data, or a root.json the user gives (staging, private deployments).
 * A refresh younger than `cacheMaxAgeMs` is reused from the cache without a request, as sigstore-go
 * does by default (one day); the cached metadata is still signature- and expiry-checked on every use.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerifyError } from './errors';
import { parseTrustedRoot, PRODUCTION_TUF_REPO as PRODUCTION_TUF_MIRROR, STAGING_TUF_REPO as STAGING_TUF_MIRROR } from './trusted-root';
import type { OnlineTrustOptions } from './types';
const ONE_DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 10_000;
const REFRESH_MARKER = 'keyward-last-refresh.json';

export interface RefreshedTrustedRoot {
  /** The `trusted_root.json` target's text, already checked to be a readable trusted root. */
  readonly text: string;
  readonly mirror: string;
  /** When the metadata was last fetched from the mirror (ISO time). */
  readonly refreshedAt: string;
  /** True when a recent refresh was reused from the cache and no request was made. */
  readonly fromCache: boolean;
  /** Where the TUF root came from: the seed embedded in Keyward, or the user's root.json. */
  readonly tufRoot: 'embedded' | 'given';
}

/** Fetches (or reuses) the TUF-verified `trusted_root.json`; every failure is one `TUF_REFRESH_FAILED` line. */
export async function refreshTrustedRoot(options: OnlineTrustOptions & { staging?: boolean | undefined }): Promise<RefreshedTrustedRoot> {
  const mirror = (options.mirrorUrl ?? (options.staging ? STAGING_TUF_MIRROR : PRODUCTION_TUF_MIRROR)).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(mirror)) throw new VerifyError('INVALID_OPTIONS', `the TUF mirror must be an http(s) URL, not "${mirror}"`);
  if (options.tufRootPath === undefined && mirror !== PRODUCTION_TUF_MIRROR) {
    throw new VerifyError(
      'TRUSTED_ROOT_UNAVAILABLE',
      options.staging && options.mirrorUrl === undefined
        ? '--staging needs --trusted-root FILE, or --online with a staging TUF root (--tuf-root FILE): the staging TUF root.json is not embedded in Keyward'
        : `no TUF root is embedded for ${mirror}: give the mirror's initial root.json (--tuf-root FILE)`,
    );
  }
  const now = options.now?.() ?? new Date();
  const repoDir = join(options.cacheDir, repoFolderName(mirror));
  const last = readMarker(repoDir, mirror);
  const maxAge = options.cacheMaxAgeMs ?? ONE_DAY_MS;
  const age = last === undefined ? undefined : now.getTime() - Date.parse(last);
  // Expired cached metadata would send tuf-js back to the mirror anyway: then it is a refresh, and says so.
  const reuse = age !== undefined && age >= 0 && age < maxAge && cachedMetadataCurrent(repoDir, now);

  let text: string;
  try {
    mkdirSync(options.cacheDir, { recursive: true });
    const tuf = await import('@sigstore/tuf');
    const client = await tuf.initTUF({
      cachePath: options.cacheDir,
      mirrorURL: mirror,
      ...(options.tufRootPath !== undefined ? { rootPath: options.tufRootPath } : {}),
      // With a recent refresh, tuf-js reads the cached (still signature- and expiry-checked) metadata
      // and only goes to the mirror when it is missing or expired.
      forceCache: reuse,
      retry: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    text = await client.getTarget('trusted_root.json');
  } catch (error) {
    throw new VerifyError('TUF_REFRESH_FAILED', `online refresh of the Sigstore trusted root from ${mirror} failed: ${reasonOf(error, options.cacheDir)}`, {
      cause: error,
    });
  }
  parseTrustedRoot(text, `the trusted root served by ${mirror}`);
  const refreshedAt = reuse && last !== undefined ? last : now.toISOString();
  if (!reuse) writeMarker(repoDir, mirror, refreshedAt);
  return { text, mirror, refreshedAt, fromCache: reuse, tufRoot: options.tufRootPath === undefined ? 'embedded' : 'given' };
}

/** The cache sub-folder `@sigstore/tuf` uses for a mirror (one per mirror host and path). */
function repoFolderName(mirror: string): string {
  const url = new URL(mirror);
  return encodeURIComponent(url.host + url.pathname.replace(/\/$/, ''));
}

function readMarker(repoDir: string, mirror: string): string | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(repoDir, REFRESH_MARKER), 'utf8')) as { mirror?: unknown; refreshedAt?: unknown };
    return marker.mirror === mirror && typeof marker.refreshedAt === 'string' && !Number.isNaN(Date.parse(marker.refreshedAt)) ? marker.refreshedAt : undefined;
  } catch {
    return undefined;
  }
}

function cachedMetadataCurrent(repoDir: string, now: Date): boolean {
  return ['root', 'timestamp', 'snapshot', 'targets'].every((role) => {
    try {
      const expires = (JSON.parse(readFileSync(join(repoDir, `${role}.json`), 'utf8')) as { signed?: { expires?: unknown } }).signed?.expires;
      return typeof expires === 'string' && Date.parse(expires) > now.getTime();
    } catch {
      return false;
    }
  });
}

function writeMarker(repoDir: string, mirror: string, refreshedAt: string): void {
  try {
    writeFileSync(join(repoDir, REFRESH_MARKER), `${JSON.stringify({ mirror, refreshedAt })}\n`);
  } catch {
    // Without the marker the next verification simply refreshes again.
  }
}

/**
 * One line on why the refresh failed, from the TUF client's error chain. Matched on messages and
 * properties, not class names: the shipped bundle is minified.
 */
function reasonOf(error: unknown, cacheDir: string): string {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  const messages = chain.map((e) => (e instanceof Error ? (e.message.split('\n')[0] ?? '') : ''));
  const find = (re: RegExp): string | undefined => messages.find((m) => re.test(m));
  const expired = find(/expired/i);
  if (expired) return `the TUF metadata has expired (${expired})`;
  // tuf-js wraps this one in "Unable to load targets error Error: …": keep the words that say what failed.
  const unsignedPattern = /\S+ was signed by \d+\/\d+ keys|failed to verify \S+ signature|no signature for key found in metadata/i;
  const unsigned = find(unsignedPattern)?.match(unsignedPattern)?.[0];
  if (unsigned) return `the TUF metadata is not signed by the trusted TUF keys (${unsigned}): the mirror may have been tampered with`;
  // File-system errors (they carry the syscall and path) are about the cache, not the mirror.
  const fsError = chain.find((e) => typeof (e as { syscall?: unknown }).syscall === 'string' && typeof (e as { path?: unknown }).path === 'string') as
    { code?: unknown } | undefined;
  if (fsError !== undefined)
    return `the TUF cache folder ${cacheDir} cannot be used (${typeof fsError.code === 'string' ? fsError.code : 'file-system error'})`;
  const status = chain.map((e) => (e as { statusCode?: unknown }).statusCode).find((s) => typeof s === 'number');
  if (typeof status === 'number') return `the mirror answered HTTP ${status}`;
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
  if (typeof code === 'string') return `the mirror cannot be reached (${code})`;
  if (chain.some((e) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))) return 'the mirror did not answer in time';
  const mismatch = find(/length|hash/i);
  if (mismatch) return `a TUF file does not match its signed length or hash (${mismatch})`;
  return messages.filter(Boolean).at(-1) ?? 'unknown error';
}
