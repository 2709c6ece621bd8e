import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Byte-level helpers shared by the non-PEM key parsers (minisign, signify, age, JWK, PuTTY, keystores):
 * strict base64 decoding (Node's own decoder silently skips junk, which would turn placeholders into
 * "keys"), fingerprints in one format, and raw Curve25519/Curve448 keys as KeyObjects.
 */

const BASE64 = /^[A-Za-z0-9+/]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Standard base64 with optional padding; undefined for anything else (placeholders, `...`, truncation). */
export function decodeBase64Strict(value: string): Buffer | undefined {
  const body = stripPadding(value);
  if (body === undefined || !BASE64.test(body)) return undefined;
  return Buffer.from(body, 'base64');
}

/** Unpadded base64url as JWK uses it (RFC 7515 §2); a trailing `=` is tolerated. */
export function decodeBase64UrlStrict(value: string): Buffer | undefined {
  const body = stripPadding(value);
  if (body === undefined || !BASE64URL.test(body)) return undefined;
  return Buffer.from(body, 'base64url');
}

function stripPadding(value: string): string | undefined {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d /* = */) end--;
  const padding = value.length - end;
  if (padding > 2) return undefined;
  if (padding > 0 && value.length % 4 !== 0) return undefined;
  if (end % 4 === 1) return undefined; // no base64 string has this length
  return value.slice(0, end);
}

/** The identity of a finding whose public half is unknown: a hash, never the bytes themselves. */
export function sha256Identity(secret: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex')}`;
}

/** `SHA256:` + unpadded base64 of SHA-256 over the SubjectPublicKeyInfo DER: the format every key rule reports. */
export function spkiFingerprint(publicKey: KeyObject): string {
  return fingerprintOfDer(publicKey.export({ type: 'spki', format: 'der' }));
}

/** The OpenSSH fingerprint of an SSH public-key blob, exactly as `ssh-keygen -l` prints it. */
export function sshFingerprint(blob: Uint8Array): string {
  return fingerprintOfDer(blob);
}

export type RawKeyType = 'ed25519' | 'x25519' | 'ed448' | 'x448';

/** PKCS#8 DER prefixes (RFC 8410) for a raw private key of each type, and its length in bytes. */
const PKCS8_PREFIX: Readonly<Record<RawKeyType, { readonly prefix: string; readonly length: number }>> = {
  ed25519: { prefix: '302e020100300506032b657004220420', length: 32 },
  x25519: { prefix: '302e020100300506032b656e04220420', length: 32 },
  ed448: { prefix: '3047020100300506032b6571043b0439', length: 57 },
  x448: { prefix: '3046020100300506032b656f043a0438', length: 56 },
};

const JWK_CURVE: Readonly<Record<RawKeyType, string>> = { ed25519: 'Ed25519', x25519: 'X25519', ed448: 'Ed448', x448: 'X448' };

/**
 * A private KeyObject from raw key bytes (an Ed25519 seed, an X25519 scalar …), or undefined when the
 * length is wrong. The JWK importer is ~15x faster than the PKCS#8 decoder in OpenSSL 3 and derives the
 * public half from `d` itself (the placeholder `x` is not used); the DER path stays as a fallback.
 */
export function rawPrivateKey(type: RawKeyType, raw: Uint8Array): KeyObject | undefined {
  const { prefix, length } = PKCS8_PREFIX[type];
  if (raw.length !== length) return undefined;
  try {
    return createPrivateKey({ key: { kty: 'OKP', crv: JWK_CURVE[type], d: Buffer.from(raw).toString('base64url'), x: '' }, format: 'jwk' });
  } catch {
    // fall through to the slower, format-exact path
  }
  try {
    return createPrivateKey({ key: Buffer.concat([Buffer.from(prefix, 'hex'), raw]), format: 'der', type: 'pkcs8' });
  } catch {
    return undefined;
  }
}

/** SubjectPublicKeyInfo prefixes for raw public keys (RFC 8410) and uncompressed EC points (RFC 5480). */
const SPKI_PREFIX: Readonly<Record<string, string>> = {
  ed25519: '302a300506032b6570032100',
  x25519: '302a300506032b656e032100',
  ed448: '3043300506032b6571033a00',
  x448: '3042300506032b656f033900',
  'P-256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  'P-384': '3076301006072a8648ce3d020106052b81040022036200',
  'P-521': '30819b301006072a8648ce3d020106052b8104002303818600',
  secp256k1: '3056301006072a8648ce3d020106052b8104000a034200',
};

/**
 * The SPKI fingerprint of a raw public key (`ed25519` …) or an uncompressed EC point (`P-256` …), built
 * without a KeyObject: OpenSSL's SPKI encoder costs about a millisecond per key, this costs a hash.
 */
export function rawSpkiFingerprint(type: RawKeyType | 'P-256' | 'P-384' | 'P-521' | 'secp256k1', publicKey: Uint8Array): string {
  return fingerprintOfDer(Buffer.concat([Buffer.from(SPKI_PREFIX[type] ?? '', 'hex'), publicKey]));
}

/** The SPKI fingerprint of an RSA public key given as big-endian modulus and exponent. */
export function rsaSpkiFingerprint(modulus: Uint8Array, exponent: Uint8Array): string {
  const rsaPublicKey = derTlv(0x30, derInteger(modulus), derInteger(exponent));
  const algorithm = Buffer.from('300d06092a864886f70d0101010500', 'hex');
  return fingerprintOfDer(derTlv(0x30, algorithm, derTlv(0x03, Buffer.alloc(1), rsaPublicKey)));
}

function fingerprintOfDer(der: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = Buffer.from(bytes.subarray(start));
  return derTlv(0x02, (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.alloc(1), value]) : value);
}

function derTlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const length: number[] = [];
  if (body.length < 0x80) length.push(body.length);
  else {
    for (let n = body.length; n > 0; n = Math.floor(n / 256)) length.unshift(n % 256);
    length.unshift(0x80 | length.length);
  }
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

/** The raw public key bytes (RFC 8410 encoding) derived from a raw private key. */
export function rawPublicKeyBytes(privateKey: KeyObject): Buffer {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/**
 * Validating a key costs up to a millisecond (key derivation), so a finder stops after this many keys
 * in one file: a file with more than that is already reported many times over, and an adversarial
 * file cannot make a scan slow.
 */
export const MAX_KEYS_PER_FILE = 256;

/** Number of distinct byte values: random key material has many, placeholders (`AAAA…`) have a handful. */
export function distinctBytes(bytes: Uint8Array): number {
  return new Set(bytes).size;
}
