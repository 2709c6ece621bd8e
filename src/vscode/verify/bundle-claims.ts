/**
 * What an opened bundle file claims, read lightly for the CodeLens: signer (certificate SAN), OIDC
 * issuer (Fulcio extension), log index and integrated time. Nothing here is verified: the lens says so,
 * and offers the real verification. Uses Node's X509Certificate for the SAN and a small DER scan for the
 * Fulcio issuer extension, so the sigstore libraries are not loaded just to show a file.
 */
import { X509Certificate } from 'node:crypto';

export interface BundleClaims {
  /** "Sigstore bundle v0.3" or "cosign legacy bundle". */
  readonly format: string;
  readonly signer?: string;
  readonly issuer?: string;
  readonly publicKey?: boolean;
  readonly logIndex?: string;
  /** ISO time. */
  readonly integratedTime?: string;
}

/** Undefined when the text is not JSON that looks like a Sigstore or cosign bundle. */
export function readBundleClaims(text: string): BundleClaims | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(json)) return undefined;
  if (typeof json['mediaType'] === 'string' && json['mediaType'].startsWith('application/vnd.dev.sigstore.bundle')) return sigstoreClaims(json);
  if ('base64Signature' in json || 'rekorBundle' in json) return legacyClaims(json);
  return undefined;
}

function sigstoreClaims(json: Record<string, unknown>): BundleClaims {
  const mediaType = String(json['mediaType']);
  const version = /version=(\d+\.\d+)/.exec(mediaType)?.[1] ?? /bundle\.v(\d+\.\d+)/.exec(mediaType)?.[1] ?? '?';
  const material = objectAt(json, 'verificationMaterial');
  const der =
    stringAt(objectAt(material, 'certificate'), 'rawBytes') ??
    stringAt(firstOf(objectAt(objectAt(material, 'x509CertificateChain'), 'certificates')), 'rawBytes');
  const entry = firstOf(material?.['tlogEntries']);
  return {
    format: `Sigstore bundle v${version}`,
    ...certificateClaims(der === undefined ? undefined : Buffer.from(der, 'base64')),
    ...(material?.['publicKey'] !== undefined ? { publicKey: true } : {}),
    ...logClaims(stringAt(entry, 'logIndex'), stringAt(entry, 'integratedTime')),
  };
}

function legacyClaims(json: Record<string, unknown>): BundleClaims {
  const cert = stringAt(json, 'cert');
  const payload = objectAt(objectAt(json, 'rekorBundle'), 'Payload');
  const logIndex = payload?.['logIndex'];
  const time = payload?.['integratedTime'];
  return {
    format: 'cosign legacy bundle',
    ...(cert === undefined ? { publicKey: true } : certificateClaims(pemOrBase64Pem(cert))),
    ...logClaims(logIndex === undefined ? undefined : String(logIndex), time === undefined ? undefined : String(time)),
  };
}

/** cosign writes `cert` as base64 of the PEM text. */
function pemOrBase64Pem(value: string): Buffer | undefined {
  const pem = value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  return body === undefined ? undefined : Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

function certificateClaims(der: Buffer | undefined): { signer?: string; issuer?: string } {
  if (der === undefined || der.length === 0) return {};
  let signer: string | undefined;
  try {
    signer = sanValue(new X509Certificate(der).subjectAltName);
  } catch {
    return {};
  }
  const issuer = fulcioIssuer(der);
  return { ...(signer !== undefined ? { signer } : {}), ...(issuer !== undefined ? { issuer } : {}) };
}

/** Node prints `URI:https://…` or `email:a@b`; the first entry is the Fulcio identity. */
function sanValue(san: string | undefined): string | undefined {
  const first = san?.split(/,\s*(?=[A-Za-z ]+:)/)[0]?.trim();
  if (first === undefined || first === '') return undefined;
  const colon = first.indexOf(':');
  return colon < 0 ? first : first.slice(colon + 1);
}

// OID 1.3.6.1.4.1.57264.1.8 (issuer, DER UTF8String inside) and 1.3.6.1.4.1.57264.1.1 (older, raw bytes).
const ISSUER_V2 = Buffer.from('060a2b0601040183bf300108', 'hex');
const ISSUER_V1 = Buffer.from('060a2b0601040183bf300101', 'hex');

/** The extension value: OID, optional BOOLEAN (critical), then an OCTET STRING. */
export function fulcioIssuer(der: Buffer): string | undefined {
  const v2 = extensionValue(der, ISSUER_V2);
  if (v2 !== undefined) {
    const inner = readTlv(v2, 0);
    if (inner !== undefined && inner.tag === 0x0c) return v2.subarray(inner.start, inner.end).toString('utf8');
  }
  const v1 = extensionValue(der, ISSUER_V1);
  return v1?.toString('utf8');
}

function extensionValue(der: Buffer, oid: Buffer): Buffer | undefined {
  const at = der.indexOf(oid);
  if (at < 0) return undefined;
  let offset = at + oid.length;
  let tlv = readTlv(der, offset);
  if (tlv?.tag === 0x01) {
    offset = tlv.end;
    tlv = readTlv(der, offset);
  }
  if (tlv?.tag !== 0x04) return undefined;
  return der.subarray(tlv.start, tlv.end);
}

/** One DER tag-length-value at `offset` (definite lengths only, as DER requires). */
function readTlv(buf: Buffer, offset: number): { tag: number; start: number; end: number } | undefined {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  return end <= buf.length ? { tag, start, end } : undefined;
}

function logClaims(logIndex: string | undefined, integratedTime: string | undefined): { logIndex?: string; integratedTime?: string } {
  const seconds = integratedTime === undefined ? NaN : Number(integratedTime);
  return {
    ...(logIndex !== undefined ? { logIndex } : {}),
    ...(Number.isFinite(seconds) && seconds > 0 ? { integratedTime: new Date(seconds * 1000).toISOString() } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const child = value?.[key];
  return isObject(child) ? child : undefined;
}

function stringAt(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const child = value?.[key];
  return typeof child === 'string' ? child : typeof child === 'number' ? String(child) : undefined;
}

function firstOf(value: unknown): Record<string, unknown> | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return isObject(first) ? first : undefined;
}
