import { createHash } from 'node:crypto';
import type { KeyInfo, TextRange } from '../types';
import { decodeBase64Strict, distinctBytes, MAX_KEYS_PER_FILE, rawPrivateKey, rawPublicKeyBytes, rawSpkiFingerprint, sha256Identity } from './key-bytes';

/**
 * minisign and signify secret keys: an `untrusted comment:` line followed by one base64 line.
 *
 * minisign (158 bytes): `Ed` sig alg, kdf alg (`Sc` = scrypt-encrypted, `\0\0` = unencrypted), `B2`
 * checksum alg, 32-byte salt, 8-byte opslimit, 8-byte memlimit, then keynum_sk (8-byte key id, 64-byte
 * Ed25519 secret key, 32-byte checksum), XOR-encrypted as a whole when the kdf is scrypt.
 *
 * signify (104 bytes): `Ed`, `BK` (bcrypt_pbkdf), 4-byte big-endian rounds (0 = unencrypted), 16-byte
 * salt, 8-byte checksum (SHA-512 of the plain secret key), 8-byte key number, 64-byte secret key
 * (XOR-encrypted when rounds > 0).
 *
 * Public keys (42 bytes) share the `Ed` prefix but never the length, so they produce nothing.
 */

export interface MinisignSecretKey {
  readonly tool: 'minisign' | 'signify';
  /** From the comment line (when present) to the end of the base64 line. */
  readonly range: TextRange;
  readonly key: KeyInfo;
  /** minisign key id as `minisign -G` prints it (16 hex digits); only readable for unencrypted keys. */
  readonly keyId?: string;
  readonly identity: string;
}

const MINISIGN_LENGTH = 158;
const SIGNIFY_LENGTH = 104;

/**
 * `RWRTY0Iy` = `EdScB2`, `RWQAAEIy` = `Ed\0\0B2`, `RWRCSw` = `EdBK`. The token must start a base64 run
 * (or follow an escaped `\n` inside a string literal). No backtracking: the body is one greedy class.
 */
const TOKEN = /(?:(?<![A-Za-z0-9+/])|(?<=\\n))(?:RWRTY0Iy|RWQAAEIy|RWRCSw)[A-Za-z0-9+/]*={0,2}/g;

/** How far back an `untrusted comment:` may start before an escaped `\n`: comment lines are short. */
const COMMENT_LOOKBACK = 256;
const COMMENT = 'untrusted comment:';

export function findMinisignSignifyKeys(text: string): MinisignSecretKey[] {
  const found: MinisignSecretKey[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (found.length >= MAX_KEYS_PER_FILE) break;
    const token = match[0];
    if (token.length !== 212 && token.length !== 140) continue; // base64 lengths of 158 and 104 bytes
    const bytes = decodeBase64Strict(token);
    if (bytes === undefined) continue;
    const parsed = bytes.length === MINISIGN_LENGTH ? parseMinisign(bytes) : bytes.length === SIGNIFY_LENGTH ? parseSignify(bytes) : undefined;
    if (parsed === undefined) continue;
    const end = match.index + token.length;
    found.push({ ...parsed, range: { start: commentStart(text, match.index) ?? match.index, end } });
  }
  return found;
}

type Parsed = Omit<MinisignSecretKey, 'range'>;

export function parseMinisign(bytes: Buffer): Parsed | undefined {
  if (bytes.length !== MINISIGN_LENGTH || bytes.toString('latin1', 0, 2) !== 'Ed' || bytes.toString('latin1', 4, 6) !== 'B2') return undefined;
  const kdf = bytes.toString('latin1', 2, 4);
  const keynum = bytes.subarray(54);
  if (kdf === 'Sc') {
    // Encrypted: only the envelope can be checked. Real ciphertext looks random; a placeholder does not.
    if (distinctBytes(keynum) < 32 || bytes.readBigUInt64LE(38) === 0n || bytes.readBigUInt64LE(46) === 0n) return undefined;
    return { tool: 'minisign', key: { format: 'minisign', algorithm: 'ed25519', encrypted: true }, identity: sha256Identity(bytes) };
  }
  if (kdf !== '\0\0') return undefined;
  const fingerprint = ed25519Fingerprint(keynum.subarray(8, 40), keynum.subarray(40, 72));
  if (fingerprint === undefined) return undefined;
  // minisign prints the key id as a little-endian 64-bit number.
  // As minisign prints it (`%" PRIX64`): upper-case hex without leading zeros, so it matches minisign.pub.
  const keyId = Buffer.from(keynum.subarray(0, 8))
    .reverse()
    .toString('hex')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
  return {
    tool: 'minisign',
    key: { format: 'minisign', algorithm: 'ed25519', encrypted: false, publicKeyFingerprint: fingerprint },
    keyId,
    identity: fingerprint,
  };
}

export function parseSignify(bytes: Buffer): Parsed | undefined {
  if (bytes.length !== SIGNIFY_LENGTH || bytes.toString('latin1', 0, 4) !== 'EdBK') return undefined;
  const rounds = bytes.readUInt32BE(4);
  const checksum = bytes.subarray(24, 32);
  const secret = bytes.subarray(40, 104);
  if (rounds > 0) {
    if (distinctBytes(secret) < 24) return undefined;
    return { tool: 'signify', key: { format: 'signify', algorithm: 'ed25519', encrypted: true }, identity: sha256Identity(bytes) };
  }
  // Unencrypted: the checksum and the Ed25519 seed/public-key pair must both agree.
  if (!createHash('sha512').update(secret).digest().subarray(0, 8).equals(checksum)) return undefined;
  const fingerprint = ed25519Fingerprint(secret.subarray(0, 32), secret.subarray(32, 64));
  if (fingerprint === undefined) return undefined;
  return { tool: 'signify', key: { format: 'signify', algorithm: 'ed25519', encrypted: false, publicKeyFingerprint: fingerprint }, identity: fingerprint };
}

/** The public-key fingerprint of an Ed25519 seed, when the seed matches the public half stored next to it. */
function ed25519Fingerprint(seed: Uint8Array, storedPublic: Uint8Array): string | undefined {
  const privateKey = rawPrivateKey('ed25519', seed);
  if (privateKey === undefined) return undefined;
  const publicKey = rawPublicKeyBytes(privateKey);
  return publicKey.equals(storedPublic) ? rawSpkiFingerprint('ed25519', publicKey) : undefined;
}

/**
 * Where the `untrusted comment:` line that belongs to the key starts: the line above a key that stands
 * alone on its line, or the same string when the two are joined by an escaped `\n`. Every look-back is
 * bounded, so a line full of keys stays linear.
 */
function commentStart(text: string, tokenStart: number): number | undefined {
  let lineStart = tokenStart;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  if (lineStart > 0 && text[lineStart - 1] === '\n') {
    let previousEnd = lineStart - 1;
    if (text[previousEnd - 1] === '\r') previousEnd--;
    const windowStart = Math.max(0, previousEnd - COMMENT_LOOKBACK);
    const newline = text.slice(windowStart, previousEnd).lastIndexOf('\n');
    if (newline < 0 && windowStart > 0) return undefined; // longer than any comment line
    const previousStart = newline < 0 ? 0 : windowStart + newline + 1;
    const previous = text.slice(previousStart, previousEnd);
    const indent = previous.length - previous.trimStart().length;
    return previous.trimStart().startsWith(COMMENT) ? previousStart + indent : undefined;
  }
  if (text.startsWith('\\n', tokenStart - 2)) {
    const windowStart = Math.max(0, tokenStart - 2 - COMMENT_LOOKBACK);
    const window = text.slice(windowStart, tokenStart - 2);
    const at = window.lastIndexOf(COMMENT);
    if (at >= 0 && !window.slice(at).includes('\\n') && !window.slice(at).includes('\n')) return windowStart + at;
  }
  return undefined;
}
