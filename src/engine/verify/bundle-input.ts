/**
 * Reads the bundle text: JSON, which format (Sigstore bundle or cosign's legacy bundle), which version,
 * and the structural checks the library's parser leaves out (only known media types; log indexes that
 * are whole, non-negative numbers; base64 that is base64).
 */
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { cosignLegacyToBundleJson, isCosignLegacyBundle } from './cosign-legacy';
import type { BundleFormat, BundleKind } from './types';

const MEDIA_TYPES: Readonly<Record<string, BundleFormat['version']>> = {
  'application/vnd.dev.sigstore.bundle+json;version=0.1': 'v0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2': 'v0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3': 'v0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json': 'v0.3',
};

export type BundleReadResult =
  | { readonly ok: true; readonly bundle: Bundle; readonly format: BundleFormat }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly kind?: BundleKind };

export function readBundle(source: Uint8Array | string): BundleReadResult {
  const text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail('BUNDLE_MALFORMED', 'the bundle is not valid JSON (truncated or corrupted file?)');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('BUNDLE_MALFORMED', 'the bundle is not a JSON object');
  let record = json as Record<string, unknown>;

  let kind: BundleKind = 'sigstore-bundle';
  if (isCosignLegacyBundle(record)) {
    kind = 'cosign-legacy-bundle';
    try {
      record = cosignLegacyToBundleJson(record);
    } catch (error) {
      return fail('BUNDLE_MALFORMED', `cosign legacy bundle found but it cannot be converted: ${(error as Error).message}`, kind);
    }
  }

  const mediaType = record['mediaType'];
  if (typeof mediaType !== 'string')
    return fail('BUNDLE_MALFORMED', 'the file is neither a Sigstore bundle (no mediaType) nor a cosign bundle (no base64Signature)', kind);
  const version = MEDIA_TYPES[mediaType];
  if (version === undefined)
    return fail(
      'BUNDLE_UNSUPPORTED_VERSION',
      `unsupported bundle media type "${printable(mediaType)}": Keyward reads Sigstore bundles v0.1, v0.2 and v0.3`,
      kind,
    );

  const base64Problem = badBase64(record);
  if (base64Problem) return fail('BUNDLE_MALFORMED', `${base64Problem} is not valid base64`, kind);

  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(record);
  } catch (error) {
    const fields = (error as { fields?: unknown }).fields;
    const detail = Array.isArray(fields) && fields.length > 0 ? `: missing or empty ${fields.slice(0, 3).join(', ')}` : '';
    return fail('BUNDLE_MALFORMED', `the bundle does not have the structure of a ${version} Sigstore bundle${detail}`, kind);
  }

  for (const [i, entry] of bundle.verificationMaterial.tlogEntries.entries()) {
    if (!/^\d+$/.test(entry.logIndex))
      return fail('BUNDLE_MALFORMED', `transparency-log entry ${i} has an invalid log index "${printable(entry.logIndex)}" (must be a whole number ≥ 0)`, kind);
    if (entry.inclusionProof && !/^\d+$/.test(entry.inclusionProof.logIndex))
      return fail('BUNDLE_MALFORMED', `transparency-log entry ${i} has an inclusion proof with an invalid log index`, kind);
  }

  const material = bundle.verificationMaterial.content;
  return {
    ok: true,
    bundle,
    format: {
      kind,
      mediaType,
      version,
      content: bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature',
      verificationMaterial: material.$case === 'publicKey' ? 'public-key' : material.$case === 'x509CertificateChain' ? 'certificate-chain' : 'certificate',
    },
  };
}

/** The signature fields are decoded leniently by the protobuf JSON reader; garbage must not slip through. */
function badBase64(record: Record<string, unknown>): string | undefined {
  const message = record['messageSignature'] as Record<string, unknown> | undefined;
  if (message && typeof message === 'object' && typeof message['signature'] === 'string' && !isBase64(message['signature']))
    return 'messageSignature.signature';
  const envelope = record['dsseEnvelope'] as Record<string, unknown> | undefined;
  if (envelope && typeof envelope === 'object') {
    if (typeof envelope['payload'] === 'string' && !isBase64(envelope['payload'])) return 'dsseEnvelope.payload';
    const signatures = Array.isArray(envelope['signatures']) ? envelope['signatures'] : [];
    for (const [i, sig] of signatures.entries()) {
      const value = (sig as Record<string, unknown> | null)?.['sig'];
      if (typeof value === 'string' && !isBase64(value)) return `dsseEnvelope.signatures[${i}].sig`;
    }
  }
  return undefined;
}

/** Standard or URL-safe alphabet, padding optional (protobuf JSON accepts both). */
function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(text) && text.replace(/=+$/, '').length % 4 !== 1;
}

/** Bundle text is attacker-controlled: quote at most a short, printable excerpt. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

function fail(code: string, reason: string, kind?: BundleKind): BundleReadResult {
  return kind === undefined ? { ok: false, code, reason } : { ok: false, code, reason, kind };
}
