/**
 * The log entry must name the same signer as the bundle. The library compares the entry's signature
 * and digest with the bundle but not the entry's certificate or public key, so a bundle could pair a
 * genuine log entry with a different certificate. Here the verifier recorded in the entry (certificate
 * or public key, per entry kind and version) is compared with the bundle's.
 */
import { createPublicKey, X509Certificate as NodeX509, type KeyObject } from 'node:crypto';
import type { TransparencyLogEntry } from '@sigstore/bundle';

export interface BundleSigner {
  /** DER of the bundle's leaf certificate; undefined for key-based bundles. */
  readonly certificate: Buffer | undefined;
  readonly key: KeyObject;
}

type Verifier = { readonly certificate: Buffer; readonly key: KeyObject } | { readonly certificate: undefined; readonly key: KeyObject };

/** Returns a plain-words problem, or undefined when the entry's verifier matches (or the kind records none we know). */
export function tlogVerifierMismatch(entry: TransparencyLogEntry, signer: BundleSigner): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(entry.canonicalizedBody.toString('utf8'));
  } catch {
    return 'the log entry body is not JSON';
  }
  let verifier: Verifier | undefined;
  try {
    verifier = entryVerifier(body, entry.kindVersion?.kind ?? '', entry.kindVersion?.version ?? '');
  } catch {
    return 'the certificate or key recorded in the log entry cannot be read';
  }
  if (verifier === undefined) return undefined;
  if (verifier.certificate !== undefined && signer.certificate !== undefined) {
    return verifier.certificate.equals(signer.certificate) ? undefined : 'the log entry records a different certificate than the bundle';
  }
  return spki(verifier.key).equals(spki(signer.key)) ? undefined : 'the log entry records a different public key than the one that signed';
}

function entryVerifier(body: unknown, kind: string, version: string): Verifier | undefined {
  const spec = get(body, 'spec');
  switch (`${kind}/${version}`) {
    case 'hashedrekord/0.0.1':
      return fromBase64Pem(get(get(get(spec, 'signature'), 'publicKey'), 'content'));
    case 'hashedrekord/0.0.2':
      return fromProtoVerifier(get(get(get(spec, 'hashedRekordV002'), 'signature'), 'verifier'));
    case 'dsse/0.0.1':
      return fromBase64Pem(get(first(get(spec, 'signatures')), 'verifier'));
    case 'dsse/0.0.2':
      return fromProtoVerifier(get(first(get(get(spec, 'dsseV002'), 'signatures')), 'verifier'));
    case 'intoto/0.0.2':
      return fromBase64Pem(get(first(get(get(get(spec, 'content'), 'envelope'), 'signatures')), 'publicKey'));
    default:
      return undefined;
  }
}

/** Rekor v1 entries hold base64 of a PEM certificate or public key. */
function fromBase64Pem(value: unknown): Verifier {
  if (typeof value !== 'string') throw new Error('no verifier');
  const pem = Buffer.from(value, 'base64').toString('utf8');
  if (pem.includes('BEGIN CERTIFICATE')) {
    const cert = new NodeX509(pem);
    return { certificate: cert.raw, key: cert.publicKey };
  }
  return { certificate: undefined, key: createPublicKey(pem) };
}

/** Rekor v2 entries hold a protobuf Verifier: `x509Certificate.rawBytes` or `publicKey.rawBytes` (base64 DER). */
function fromProtoVerifier(value: unknown): Verifier {
  const certificate = get(get(value, 'x509Certificate'), 'rawBytes');
  if (typeof certificate === 'string') {
    const cert = new NodeX509(Buffer.from(certificate, 'base64'));
    return { certificate: cert.raw, key: cert.publicKey };
  }
  const key = get(get(value, 'publicKey'), 'rawBytes');
  if (typeof key !== 'string') throw new Error('no verifier');
  return { certificate: undefined, key: createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' }) };
}

function spki(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}

function get(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}
