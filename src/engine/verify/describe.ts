import type { TransparencyLogEntry } from '@sigstore/bundle';
import { writtenPattern } from './policy';
import type { BundleFormat, TlogEntryInfo } from './types';

/** How the verifier names what it saw: the bundle's format, a log entry, an expected identity, a library error. */

export function describeFormat(format: BundleFormat): string {
  const content = format.content === 'dsse' ? 'DSSE envelope' : 'message signature';
  const material =
    format.verificationMaterial === 'public-key'
      ? 'a public key'
      : format.verificationMaterial === 'certificate-chain'
        ? 'a certificate chain'
        : 'a certificate';
  const kind =
    format.kind === 'cosign-legacy-bundle' ? `cosign legacy bundle (converted to a Sigstore bundle ${format.version})` : `Sigstore bundle ${format.version}`;
  return `${kind}: ${content}, signed with ${material}`;
}

export function describeEntry(entry: TransparencyLogEntry): TlogEntryInfo {
  const time = Number(entry.integratedTime);
  return {
    logIndex: entry.logIndex,
    logId: Buffer.from(entry.logId?.keyId ?? []).toString('hex'),
    kind: entry.kindVersion?.kind ?? '',
    kindVersion: entry.kindVersion?.version ?? '',
    ...(entry.integratedTime && entry.integratedTime !== '0' && Number.isFinite(time) ? { integratedTime: new Date(time * 1000).toISOString() } : {}),
    inclusionProof: entry.inclusionProof !== undefined,
    inclusionPromise: entry.inclusionPromise !== undefined,
  };
}

export function describeExpected(expected: string | RegExp): string {
  return typeof expected === 'string' ? expected : `pattern ${writtenPattern(expected)}`;
}

export function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : fallback;
}

/** The library's own words, including its cause (e.g. "no trusted certificate path found"); never a stack. */
export function libraryMessage(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = (error as { cause?: unknown }).cause;
  const first = error.message.split('\n')[0] ?? error.name;
  const message = error.name === 'TypeError' || error.name === 'RangeError' ? 'malformed data' : first;
  return cause instanceof Error && cause.message && cause.message !== error.message ? `${message}: ${cause.message.split('\n')[0]}` : message;
}
