import type { KeyInfo } from '../types';
import { describeSecretKey, isKnownPgpAlgorithm, readPacketHeader, readPublicKeyPart, readUint } from './pgp';

/**
 * Binary OpenPGP secret keys: GnuPG 1 `secring.gpg` keyrings and `gpg --export-secret-keys` output
 * without `--armor`. The file's leading bytes are read as a sequence of packets (old and new headers):
 * each Secret-Key packet (tag 5) starts a key, its Secret-Subkey packets (tag 7) belong to it. A key is
 * reported when any of its packets holds secret material, unprotected or S2K-protected; GnuPG stubs
 * (`--export-secret-subkeys` primaries, keys moved to a smartcard: the GNU S2K extension 101) hold none.
 *
 * A binary file is anything, so the first packet must be a well-formed v3–v6 Secret-Key packet of a
 * known algorithm whose secret part checks out (an unprotected v3/v4 key's checksum must match); only
 * then is the file a keyring. Reading is bounded by the head the scanner hands over and MAX_PACKETS.
 */

const SECRET_KEY_TAG = 5;
const PUBLIC_KEY_TAG = 6;
const SECRET_SUBKEY_TAG = 7;
/** A keyring with thousands of keys is not a shape to spend time on: the first keys are enough to report it. */
export const MAX_PACKETS = 512;

type SecretState = 'unprotected' | 'protected' | 'stub';

export interface BinaryPgpKey {
  /** The primary key's description: `encrypted` is false when any of its (sub)keys is unprotected. */
  readonly key: KeyInfo;
  /** The primary key's OpenPGP fingerprint (v3 keys have none). */
  readonly fingerprint: string | undefined;
}

/** First bytes of a Secret-Key packet: old format (tag 5, length types 0–2) or new format. */
export function startsLikeSecretKeyPacket(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first === 0x94 || first === 0x95 || first === 0x96 || first === 0xc5;
}

/** The secret keys of a binary OpenPGP keyring or export, primaries in file order; [] when the bytes are not one. */
export function findBinaryPgpSecretKeys(bytes: Uint8Array): BinaryPgpKey[] {
  if (!startsLikeSecretKeyPacket(bytes)) return [];
  const keys: BinaryPgpKey[] = [];
  let current: { key: KeyInfo; fingerprint: string | undefined; states: SecretState[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const { states } = current;
    if (states.includes('unprotected')) keys.push({ key: { ...current.key, encrypted: false }, fingerprint: current.fingerprint });
    else if (states.includes('protected')) keys.push({ key: { ...current.key, encrypted: true }, fingerprint: current.fingerprint });
    current = undefined;
  };
  let offset = 0;
  for (let count = 0; count < MAX_PACKETS && offset < bytes.length; count++) {
    const header = readPacketHeader(bytes.subarray(offset));
    if (!header) break; // malformed, or cut by the end of the head
    const body = bytes.subarray(offset + header.bodyStart, offset + header.bodyEnd);
    offset += header.bodyEnd;
    if (header.tag === SECRET_KEY_TAG || header.tag === PUBLIC_KEY_TAG) close();
    if (header.tag !== SECRET_KEY_TAG && header.tag !== SECRET_SUBKEY_TAG) continue;
    const state = secretState(body);
    if (header.tag === SECRET_KEY_TAG) {
      const verdict = describeSecretKey(body);
      // Only the first packet decides whether this is a keyring at all; later damage just ends the walk.
      if (verdict.kind !== 'key' || verdict.encryptionUnknown || state === undefined) {
        if (count === 0) return [];
        break;
      }
      current = { key: verdict.key, fingerprint: verdict.key.publicKeyFingerprint, states: [state] };
    } else if (current && state !== undefined) {
      current.states.push(state);
    }
  }
  close();
  return keys;
}

/**
 * What the secret part of a key packet holds (RFC 4880 §5.5.3, RFC 9580 §5.5.3), from its S2K usage
 * octet; undefined when it is not a well-formed secret part.
 */
function secretState(packet: Uint8Array): SecretState | undefined {
  const part = readPublicKeyPart(packet);
  if (!part?.material || !isKnownPgpAlgorithm(part.algorithmId)) return undefined;
  const at = part.material.end;
  const usage = packet[at];
  if (usage === undefined) return undefined;
  if (part.version === 5 || part.version === 6) {
    if (usage === 0) return 'unprotected';
    return usage === 253 || usage === 254 || usage === 255 ? 'protected' : undefined;
  }
  if (usage === 0) return plainChecksumMatches(packet, at + 1) ? 'unprotected' : undefined;
  if (usage === 254 || usage === 255) return s2kState(packet, at + 1);
  // A bare symmetric-algorithm id: the oldest (PGP 2) protection, simple MD5 S2K. PGP 2 wrote only v3 keys;
  // accepting it on v4 made about one random buffer in 1,700 behind a secret-key header read as a key.
  return part.version === 3 && usage >= 1 && usage <= 13 ? 'protected' : undefined;
}

/** v3/v4 unprotected: the MPIs, then their two-octet sum modulo 65536. */
function plainChecksumMatches(packet: Uint8Array, start: number): boolean {
  const end = packet.length - 2;
  if (end <= start) return false;
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + (packet[i] ?? 0)) & 0xffff;
  return sum === readUint(packet, end, 2);
}

const GNU = [0x47, 0x4e, 0x55];
/** Hash algorithm ids an S2K specifier may name (RFC 4880 §9.4, RFC 9580 §9.5). */
const S2K_HASHES = new Set([1, 2, 3, 8, 9, 10, 11, 12, 14]);

/** usage 254/255: cipher, S2K specifier, IV, sealed data. GnuPG's extension 101 marks a stub without secret. */
function s2kState(packet: Uint8Array, at: number): SecretState | undefined {
  const cipher = packet[at];
  const type = packet[at + 1];
  if (cipher === undefined || type === undefined) return undefined;
  if (type === 101) {
    const isGnu = GNU.every((byte, i) => packet[at + 3 + i] === byte);
    const mode = packet[at + 6];
    // 1: no secret at all (gnu-dummy); 2: the secret is on a smartcard (divert-to-card).
    return isGnu && (mode === 1 || mode === 2) ? 'stub' : undefined;
  }
  if (cipher === 0 || cipher > 13) return undefined;
  if (!S2K_HASHES.has(packet[at + 2] ?? 0)) return undefined;
  const specifierLength = type === 0 ? 2 : type === 1 ? 10 : type === 3 ? 11 : undefined;
  if (specifierLength === undefined) return undefined;
  // The IV (8 or 16 bytes) and at least some sealed data must follow.
  return packet.length > at + 1 + specifierLength + 8 ? 'protected' : undefined;
}
