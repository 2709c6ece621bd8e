import { createHash } from 'node:crypto';
import type { KeyInfo } from '../types';
import { decodeBase64Strict } from './base64';
import { bitLength } from './ssh-wire';
import { invalid, type KeyVerdict } from './verdict-types';

/**
 * `PGP PRIVATE KEY BLOCK` (RFC 4880 / RFC 9580): the armour's optional `=XXXX` CRC-24 is verified, then
 * the first packet must be a Secret-Key packet (tag 5). Its public part is read far enough to know the
 * version, algorithm, size and whether the secret part is passphrase-protected (the S2K usage octet),
 * and to compute the OpenPGP fingerprint that `gpg --fingerprint` shows (SHA-1 for v4 keys, SHA-256
 * for v5/v6), so a user can find the key in their keyring and revoke it.
 */

const SECRET_KEY_TAG = 5;
const PUBLIC_KEY_TAG = 6;

const ALGORITHMS: Readonly<Record<number, string>> = {
  1: 'rsa',
  2: 'rsa',
  3: 'rsa',
  16: 'elgamal',
  17: 'dsa',
  18: 'ecdh',
  19: 'ecdsa',
  20: 'elgamal',
  22: 'eddsa',
  25: 'x25519',
  26: 'x448',
  27: 'ed25519',
  28: 'ed448',
};

/** Curve OIDs (DER content bytes, hex) used by ECDSA / EdDSA-legacy / ECDH keys. */
const CURVE_OIDS: Readonly<Record<string, string>> = {
  '2a8648ce3d030107': 'P-256',
  '2b81040022': 'P-384',
  '2b81040023': 'P-521',
  '2b06010401da470f01': 'Ed25519',
  '2b060104019755010501': 'Curve25519',
  '2b2403030208010107': 'brainpoolP256r1',
  '2b240303020801010b': 'brainpoolP384r1',
  '2b240303020801010d': 'brainpoolP512r1',
  '2b8104000a': 'secp256k1',
};

/** Sizes of the native (RFC 9580) key material. */
const FIXED_MATERIAL: Readonly<Record<number, number>> = { 25: 32, 26: 56, 27: 32, 28: 57 };

/** Whether `algorithmId` is a public-key algorithm Keyward knows (binary keyrings accept no other). */
export function isKnownPgpAlgorithm(algorithmId: number): boolean {
  return ALGORITHMS[algorithmId] !== undefined;
}

export function judgePgp(body: string, checksum: string | undefined): KeyVerdict {
  const bytes = decodeBase64Strict(body);
  if (!bytes || bytes.length === 0) return invalid('the body is not valid base64');
  if (checksum !== undefined) {
    const expected = decodeBase64Strict(checksum);
    if (!expected || expected.length !== 3 || crc24(bytes) !== (((expected[0] ?? 0) << 16) | ((expected[1] ?? 0) << 8) | (expected[2] ?? 0))) {
      return invalid('its armour checksum does not match (truncated or corrupted)');
    }
  }
  const packet = readPacketHeader(bytes);
  if (!packet) return invalid('its first OpenPGP packet header is malformed or truncated');
  if (packet.tag === PUBLIC_KEY_TAG) return invalid('its first packet is a public key, not a secret key');
  if (packet.tag !== SECRET_KEY_TAG) return invalid('its first packet is not an OpenPGP secret key');
  return describeSecretKey(bytes.subarray(packet.bodyStart, packet.bodyEnd));
}

/** CRC-24 as defined for OpenPGP armour (RFC 4880 §6.1). */
export function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export interface PacketHeader {
  readonly tag: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

/** Old-format (0x80 | tag << 2 | length type) and new-format (0xC0 | tag) headers; no partial lengths for keys. */
export function readPacketHeader(bytes: Uint8Array): PacketHeader | undefined {
  const first = bytes[0] ?? 0;
  if (!(first & 0x80)) return undefined;
  let tag: number;
  let length: number;
  let offset: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const b1 = bytes[1];
    if (b1 === undefined) return undefined;
    if (b1 < 192) [length, offset] = [b1, 2];
    else if (b1 < 224) [length, offset] = [((b1 - 192) << 8) + (bytes[2] ?? 0) + 192, 3];
    else if (b1 === 255) [length, offset] = [readUint(bytes, 2, 4), 6];
    else return undefined;
  } else {
    tag = (first >> 2) & 0x0f;
    const type = first & 0x03;
    if (type === 3) return undefined;
    const size = 1 << type;
    [length, offset] = [readUint(bytes, 1, size), 1 + size];
  }
  const bodyEnd = offset + length;
  if (bodyEnd > bytes.length || length === 0) return undefined;
  return { tag, bodyStart: offset, bodyEnd };
}

export function readUint(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[offset + i] ?? 0);
  return value;
}

/** The public part of a key packet: version, algorithm, and where its public material ends (undefined: unreadable). */
export interface PublicKeyPart {
  readonly version: number;
  readonly algorithmId: number;
  readonly material: { readonly end: number; readonly bits?: number; readonly curve?: string } | undefined;
}

/** Reads the public part of a (secret or public) key packet body; undefined for an unknown version or a truncated header. */
export function readPublicKeyPart(packet: Uint8Array): PublicKeyPart | undefined {
  const version = packet[0];
  if (version !== 3 && version !== 4 && version !== 5 && version !== 6) return undefined;
  const algorithmId = packet[version === 3 ? 7 : 5];
  if (algorithmId === undefined) return undefined;
  if (version === 5 || version === 6) {
    const end = 10 + readUint(packet, 6, 4);
    return { version, algorithmId, material: end <= packet.length ? { end } : undefined };
  }
  return { version, algorithmId, material: readPublicMaterial(packet, version === 3 ? 8 : 6, algorithmId) };
}

export function describeSecretKey(packet: Uint8Array): KeyVerdict {
  const version = packet[0];
  if (version !== 3 && version !== 4 && version !== 5 && version !== 6) return invalid('its secret key packet has an unknown version');
  const part = readPublicKeyPart(packet);
  if (!part) return invalid('its secret key packet is truncated');
  const { algorithmId, material } = part;
  const algorithm = ALGORITHMS[algorithmId] ?? `algorithm ${algorithmId}`;
  const format = `OpenPGP v${version}`;
  if (!material) {
    if (ALGORITHMS[algorithmId] !== undefined) return invalid('its secret key packet is truncated');
    return { kind: 'key', key: { format, algorithm, encrypted: false }, encryptionUnknown: true };
  }
  const usage = packet[material.end];
  if (usage === undefined) return invalid('its secret key packet is truncated');
  const publicKeyFingerprint = fingerprint(version, packet.subarray(0, material.end));
  const key: KeyInfo = {
    format,
    algorithm,
    encrypted: usage !== 0,
    ...(publicKeyFingerprint === undefined ? {} : { publicKeyFingerprint }),
    ...(material.bits === undefined ? {} : { bits: material.bits }),
    ...(material.curve === undefined ? {} : { curve: material.curve }),
  };
  return { kind: 'key', key };
}

/** Walks the algorithm-specific public MPIs / fields of a v3/v4 key; returns where they end. */
function readPublicMaterial(packet: Uint8Array, start: number, algorithmId: number): { end: number; bits?: number; curve?: string } | undefined {
  let offset = start;
  const mpi = (): Uint8Array | undefined => {
    const bits = readUint(packet, offset, 2);
    const end = offset + 2 + Math.ceil(bits / 8);
    if (offset + 2 > packet.length || end > packet.length) return undefined;
    const value = packet.subarray(offset + 2, end);
    offset = end;
    return value;
  };
  const oid = (): string | undefined => {
    const length = packet[offset];
    if (length === undefined || length === 0 || length === 0xff || offset + 1 + length > packet.length) return undefined;
    const hex = Buffer.from(packet.subarray(offset + 1, offset + 1 + length)).toString('hex');
    offset += 1 + length;
    return CURVE_OIDS[hex] ?? 'unknown curve';
  };
  const count = (n: number): Uint8Array[] | undefined => {
    const values: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const value = mpi();
      if (!value) return undefined;
      values.push(value);
    }
    return values;
  };
  switch (algorithmId) {
    case 1:
    case 2:
    case 3:
    case 16:
    case 17:
    case 20: {
      const values = count(algorithmId === 17 ? 4 : algorithmId <= 3 ? 2 : 3);
      const first = values?.[0];
      return first ? { end: offset, bits: bitLength(first) } : undefined;
    }
    case 18:
    case 19:
    case 22: {
      const curve = oid();
      if (curve === undefined || !mpi()) return undefined;
      if (algorithmId === 18) {
        const kdfLength = packet[offset];
        if (kdfLength === undefined || offset + 1 + kdfLength > packet.length) return undefined;
        offset += 1 + kdfLength;
      }
      return { end: offset, curve };
    }
    default: {
      const size = FIXED_MATERIAL[algorithmId];
      if (size === undefined || offset + size > packet.length) return undefined;
      return { end: offset + size };
    }
  }
}

/**
 * The OpenPGP key fingerprint (RFC 4880 §12.2, RFC 9580 §5.5.4), upper-case hex as gpg prints it.
 * Obsolete v3 keys fingerprint only their bare MPIs with MD5; none is given for them.
 */
function fingerprint(version: number, publicPart: Uint8Array): string | undefined {
  const length = publicPart.length;
  if (version === 3) return undefined;
  const prefix =
    version === 4
      ? Buffer.from([0x99, (length >> 8) & 0xff, length & 0xff])
      : Buffer.from([version === 5 ? 0x9a : 0x9b, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
  return createHash(version === 4 ? 'sha1' : 'sha256')
    .update(prefix)
    .update(publicPart)
    .digest('hex')
    .toUpperCase();
}
