/**
 * `keyward.verify.policies`: which signer is expected for which artifacts. Each entry is
 * `{ artifacts: glob, identity | identityRegExp, issuer | issuerRegExp }`; the first entry whose glob
 * matches the artifact (relative to its workspace folder, or absolute) gives the policy. Plain logic,
 * no vscode, so it is unit-tested directly.
 */
import type { VerifyPolicy } from '../../engine/verify/types';
import { engine } from '../engine-loader';

export interface PolicyEntry {
  readonly artifacts: string;
  readonly identity?: string;
  readonly identityRegExp?: string;
  readonly issuer?: string;
  readonly issuerRegExp?: string;
}

export interface MatchedPolicy {
  readonly entry: PolicyEntry;
  readonly policy: VerifyPolicy;
}

/** Entries with a glob, one identity form and one issuer form; anything else is dropped (and reported). */
export function parsePolicyEntries(value: unknown): { entries: PolicyEntry[]; invalid: number } {
  if (!Array.isArray(value)) return { entries: [], invalid: 0 };
  const entries: PolicyEntry[] = [];
  let invalid = 0;
  for (const item of value as unknown[]) {
    const entry = toEntry(item);
    if (entry === undefined) invalid++;
    else entries.push(entry);
  }
  return { entries, invalid };
}

function toEntry(item: unknown): PolicyEntry | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const raw = item as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' && (raw[key] as string).trim() !== '' ? (raw[key] as string) : undefined);
  const artifacts = text('artifacts');
  const identity = text('identity');
  const identityRegExp = text('identityRegExp');
  const issuer = text('issuer');
  const issuerRegExp = text('issuerRegExp');
  if (artifacts === undefined) return undefined;
  if ((identity === undefined) === (identityRegExp === undefined)) return undefined;
  if ((issuer === undefined) === (issuerRegExp === undefined)) return undefined;
  return {
    artifacts,
    ...(identity !== undefined ? { identity } : { identityRegExp: identityRegExp as string }),
    ...(issuer !== undefined ? { issuer } : { issuerRegExp: issuerRegExp as string }),
  };
}

/**
 * The verifier takes exact identity + issuer, or two regexps. A mixed entry (exact identity, issuer
 * regexp) becomes two anchored regexps with the exact side escaped, which means the same thing.
 */
export function toVerifyPolicy(entry: PolicyEntry): VerifyPolicy {
  if (entry.identity !== undefined && entry.issuer !== undefined) return { identity: entry.identity, issuer: entry.issuer };
  return {
    identityRegExp: entry.identityRegExp ?? exactRegExp(entry.identity ?? ''),
    issuerRegExp: entry.issuerRegExp ?? exactRegExp(entry.issuer ?? ''),
  };
}

function exactRegExp(value: string): string {
  return `^${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

/**
 * The first entry matching the artifact. `relativePath` uses `/` and is relative to the artifact's
 * workspace folder (undefined outside any folder); absolute globs are matched against `absolutePath`.
 */
export function matchPolicy(entries: readonly PolicyEntry[], relativePath: string | undefined, absolutePath: string): MatchedPolicy | undefined {
  const absolute = absolutePath.replace(/\\/g, '/');
  for (const entry of entries) {
    const glob = entry.artifacts.replace(/\\/g, '/');
    const matcher = new (engine().Minimatch)(glob, { dot: true, nocase: process.platform === 'win32' });
    const target = glob.startsWith('/') || /^[A-Za-z]:\//.test(glob) ? absolute : relativePath;
    if (target !== undefined && matcher.match(target)) return { entry, policy: toVerifyPolicy(entry) };
  }
  return undefined;
}

/** The glob offered when saving a policy: everything under the artifact's folder (`dist/**`), or `**` at the root. */
export function defaultGlobFor(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '**' : `${relativePath.slice(0, slash)}/**`;
}
