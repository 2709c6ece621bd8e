import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { KeyInfo } from '../types';
import { decodeBase64Strict } from './base64';
import { DER_INTEGER, DER_OCTET_STRING, DER_OID, DER_SEQUENCE, derChildren, derOid, readDer } from './der';
import { keyInconsistency } from './consistency';
import { publicKeyFingerprintOfKey } from './fingerprint';
import { openEd25519PkcsV2 } from './pkcs8-v2';
import { invalid, type KeyVerdict } from './verdict-types';

/**
 * The OpenSSL family: PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, the
 * traditional `DSA PRIVATE KEY`, their legacy `Proc-Type: 4,ENCRYPTED` forms, and PKCS#8
 * `ENCRYPTED PRIVATE KEY`. Unencrypted keys are opened with node:crypto, which is the validation;
 * encrypted ones are checked structurally and never given a passphrase.
 *
 * Errors thrown by node:crypto are caught and reduced to a fixed reason: their text is never passed on.
 */

type DerType = 'pkcs1' | 'pkcs8' | 'sec1';

const TRADITIONAL: Readonly<Record<string, { readonly algorithm: string; readonly format: string; readonly der?: DerType }>> = {
  'RSA PRIVATE KEY': { algorithm: 'rsa', format: 'PKCS#1', der: 'pkcs1' },
  'EC PRIVATE KEY': { algorithm: 'ec', format: 'SEC1', der: 'sec1' },
  'DSA PRIVATE KEY': { algorithm: 'dsa', format: 'OpenSSL traditional DSA' },
};

const CURVES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

export function judgePkcs(label: string, headers: ReadonlyMap<string, string>, body: string): KeyVerdict {
  if (label === 'ENCRYPTED PRIVATE KEY') return judgeEncryptedPkcs8(body);
  const traditional = TRADITIONAL[label];
  if (isLegacyEncrypted(headers)) return judgeLegacyEncrypted(traditional?.algorithm, headers, body);
  const der = decodeBase64Strict(body);
  if (!der || der.length === 0) return invalid('the body is not valid base64');
  if (!isWholeDerSequence(der)) return invalid('its DER structure is truncated or corrupted');
  if (!traditional) {
    const v2 = openEd25519PkcsV2(der);
    if (v2 === 'mismatch') return invalid('its Ed25519 public key is not the one its seed derives: not a usable key');
    if (v2) return { kind: 'key', key: describe(v2, 'PKCS#8 v2') };
    return openAsStructure(der, label, 'pkcs8') ?? openKey(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'PKCS#8', 'PKCS#8');
  }
  const type = traditional.der;
  if (type)
    return openAsStructure(der, label, type) ?? openKey(() => createPrivateKey({ key: der, format: 'der', type }), traditional.format, traditional.format);
  // node:crypto takes the traditional DSA form only as PEM; rebuild canonical armour from the body.
  return openKey(() => createPrivateKey(canonicalPem(label, body)), traditional.format, 'DSA');
}

/** RFC 1421 `Proc-Type: 4,ENCRYPTED`: whatever the label, the body is ciphertext (OpenSSL writes it under any key label). */
export function isLegacyEncrypted(headers: ReadonlyMap<string, string>): boolean {
  return /ENCRYPTED/i.test(headers.get('Proc-Type') ?? '');
}

const FORMATS: Readonly<Record<DerType, string>> = { pkcs8: 'PKCS#8', pkcs1: 'PKCS#1', sec1: 'SEC1' };

/**
 * Which container a private-key DER is, by its shape (OpenSSL's decoders accept any of them whatever
 * type they are asked for, so asking would not tell): after the version INTEGER, PKCS#8 has an
 * AlgorithmIdentifier SEQUENCE, PKCS#1 the modulus INTEGER, SEC1 the private key OCTET STRING.
 */
export function derStructure(der: Uint8Array): DerType | undefined {
  const outer = readDer(der, 0);
  const [version, second] = (outer ? derChildren(der, outer) : undefined) ?? [];
  if (version?.tag !== DER_INTEGER) return undefined;
  if (second?.tag === DER_SEQUENCE) return 'pkcs8';
  if (second?.tag === DER_INTEGER) return 'pkcs1';
  if (second?.tag === DER_OCTET_STRING) return 'sec1';
  return undefined;
}

/**
 * Labels lie: tools write SEC1 under `ECDSA PRIVATE KEY`, PKCS#8 under `RSA PRIVATE KEY`. A body whose
 * structure is another container than its label names is opened as what it is, and reported with its
 * real container and the label it was under; `undefined` when the structure is what the label says.
 */
function openAsStructure(der: Uint8Array, label: string, expected: DerType): KeyVerdict | undefined {
  const actual = derStructure(der);
  if (actual === undefined || actual === expected) return undefined;
  return openByStructure(der, label);
}

/** The key in a whole DER SEQUENCE opened as the container its structure is, or undefined. */
export function openByStructure(der: Uint8Array, label: string): KeyVerdict | undefined {
  const type = derStructure(der);
  if (type === undefined) return undefined;
  const format = `${FORMATS[type]} (labelled ${label})`;
  return openKey(() => createPrivateKey({ key: Buffer.from(der), format: 'der', type }), format, FORMATS[type]);
}

/**
 * Every key container here is one DER SEQUENCE spanning the whole body. Checking that first is cheap
 * and catches truncation before OpenSSL's decoders (which try every format in turn) are involved.
 */
export function isWholeDerSequence(der: Uint8Array): boolean {
  const outer = readDer(der, 0);
  return outer?.tag === DER_SEQUENCE && outer.end === der.length;
}

function openKey(open: () => KeyObject, format: string, expected: string): KeyVerdict {
  let key: KeyObject;
  try {
    key = open();
  } catch {
    return invalid(`it does not decode as a ${expected} private key (truncated or corrupted)`);
  }
  const inconsistent = keyInconsistency(key);
  if (inconsistent) return invalid(`it decodes, but ${inconsistent}: not a usable key`);
  return { kind: 'key', key: describe(key, format) };
}

export function describe(key: KeyObject, format: string): KeyInfo {
  const algorithm = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve === undefined ? undefined : (CURVES[details.namedCurve] ?? details.namedCurve);
  let publicKeyFingerprint: string | undefined;
  try {
    publicKeyFingerprint = publicKeyFingerprintOfKey(key);
  } catch {
    publicKeyFingerprint = undefined; // e.g. a key type whose public half OpenSSL cannot export
  }
  return {
    format,
    algorithm,
    encrypted: false,
    ...(details.modulusLength === undefined ? {} : { bits: details.modulusLength }),
    ...(curve === undefined ? {} : { curve }),
    ...(publicKeyFingerprint === undefined ? {} : { publicKeyFingerprint }),
  };
}

/**
 * PKCS#8 EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }.
 * node:crypto confirms it: asked without a passphrase it throws ERR_MISSING_PASSPHRASE for exactly this structure.
 */
function judgeEncryptedPkcs8(body: string): KeyVerdict {
  const der = decodeBase64Strict(body);
  if (!der || der.length === 0) return invalid('the body is not valid base64');
  const outer = readDer(der, 0);
  const parts = outer && isWholeDerSequence(der) ? derChildren(der, outer) : undefined;
  const [algorithm, data] = parts ?? [];
  const algorithmParts = algorithm?.tag === DER_SEQUENCE ? derChildren(der, algorithm) : undefined;
  const oid = algorithmParts?.[0] ? derOid(der, algorithmParts[0]) : undefined;
  if (parts?.length !== 2 || oid === undefined || algorithmParts?.[0]?.tag !== DER_OID || data?.tag !== DER_OCTET_STRING || data.end - data.start < 16) {
    return invalid('it is not a PKCS#8 EncryptedPrivateKeyInfo structure (truncated or corrupted)');
  }
  try {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    // Labelled encrypted but it opened without a passphrase: it is a plain key.
    return { kind: 'key', key: describe(key, 'PKCS#8 (labelled ENCRYPTED)') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MISSING_PASSPHRASE' && code !== 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') {
      return invalid('it is not a readable PKCS#8 EncryptedPrivateKeyInfo structure');
    }
  }
  return { kind: 'key', key: { format: `PKCS#8 encrypted with ${pbeScheme(oid)}`, encrypted: true } };
}

function pbeScheme(oid: string): string {
  if (oid === '1.2.840.113549.1.5.13') return 'PBES2';
  if (oid.startsWith('1.2.840.113549.1.12.1.')) return 'PKCS#12 PBE';
  if (oid.startsWith('1.2.840.113549.1.5.')) return 'PBES1';
  return 'unknown scheme';
}

/** RFC 1421 encryption: `Proc-Type: 4,ENCRYPTED` and `DEK-Info: <cipher>,<hex IV>`, then whole cipher blocks. */
export function judgeLegacyEncrypted(algorithm: string | undefined, headers: ReadonlyMap<string, string>, body: string): KeyVerdict {
  const dekInfo = /^([A-Za-z0-9-]{3,40}),([0-9A-Fa-f]{16,64})$/.exec((headers.get('DEK-Info') ?? '').trim());
  if (!dekInfo?.[1]) return invalid('its DEK-Info header is missing or malformed');
  const data = decodeBase64Strict(body);
  if (!data || data.length < 32 || data.length % 8 !== 0) return invalid('its encrypted body is not whole cipher blocks (truncated or corrupted)');
  const format = `PEM encrypted with ${dekInfo[1].toUpperCase()}`;
  return { kind: 'key', key: algorithm === undefined ? { format, encrypted: true } : { format, algorithm, encrypted: true } };
}

function canonicalPem(label: string, body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
