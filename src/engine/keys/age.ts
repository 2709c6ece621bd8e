import type { KeyInfo, TextRange } from '../types';
import { MAX_KEYS_PER_FILE, rawPrivateKey, rawPublicKeyBytes, rawSpkiFingerprint } from './key-bytes';

/**
 * age X25519 identities: `AGE-SECRET-KEY-1` + 58 bech32 characters (52 carry the 32-byte scalar, 6 the
 * BIP-173 checksum). age writes them upper-case and rejects any other case, so only that form matches.
 * The checksum separates real identities from placeholders and typos; the recipient (`age1…`) is derived
 * from the scalar so the user can match the finding to the `# public key:` line age-keygen wrote.
 */

export interface AgeIdentity {
  readonly range: TextRange;
  readonly key: KeyInfo;
  /** The public recipient, `age1…`: not secret. */
  readonly recipient: string;
  readonly identity: string;
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const IDENTITY = /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![0-9A-Za-z])/g;

export function findAgeIdentities(text: string): AgeIdentity[] {
  const found: AgeIdentity[] = [];
  for (const match of text.matchAll(IDENTITY)) {
    if (found.length >= MAX_KEYS_PER_FILE) break;
    const decoded = bech32Decode(match[0]);
    if (decoded === undefined || decoded.hrp !== 'age-secret-key-' || decoded.data.length !== 32) continue;
    const privateKey = rawPrivateKey('x25519', decoded.data);
    if (privateKey === undefined) continue;
    const publicKey = rawPublicKeyBytes(privateKey);
    const recipient = bech32Encode('age', publicKey);
    const fingerprint = rawSpkiFingerprint('x25519', publicKey);
    found.push({
      range: { start: match.index, end: match.index + match[0].length },
      key: { format: 'age', algorithm: 'x25519', encrypted: false, publicKeyFingerprint: fingerprint },
      recipient,
      identity: fingerprint,
    });
  }
  return found;
}

/** BIP-173 checksum polynomial over GF(32). */
function polymod(values: readonly number[]): number {
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = (((checksum & 0x1ffffff) << 5) ^ value) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) checksum = (checksum ^ (generator[i] ?? 0)) >>> 0;
  }
  return checksum;
}

function expandHrp(hrp: string): number[] {
  const high: number[] = [];
  const low: number[] = [];
  for (let i = 0; i < hrp.length; i++) {
    const code = hrp.charCodeAt(i);
    high.push(code >>> 5);
    low.push(code & 31);
  }
  return [...high, 0, ...low];
}

/**
 * Decodes a bech32 string (BIP-173, without its 90-character limit, which age also lifts). Mixed case is
 * invalid; the human-readable part is returned in lower case. undefined when the checksum fails.
 */
export function bech32Decode(value: string): { hrp: string; data: Buffer } | undefined {
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) return undefined;
  const lower = value.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length) return undefined;
  const hrp = lower.slice(0, separator);
  for (let i = 0; i < hrp.length; i++) {
    const code = hrp.charCodeAt(i);
    if (code < 33 || code > 126) return undefined;
  }
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = CHARSET.indexOf(char);
    if (word < 0) return undefined;
    words.push(word);
  }
  if (polymod([...expandHrp(hrp), ...words]) !== 1) return undefined;
  const data = convertBits(words.slice(0, -6), 5, 8, false);
  return data === undefined ? undefined : { hrp, data: Buffer.from(data) };
}

/** Encodes bytes as bech32 (lower case), e.g. an age recipient `age1…`. */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const words = convertBits([...bytes], 8, 5, true) ?? [];
  const values = [...expandHrp(hrp), ...words, 0, 0, 0, 0, 0, 0];
  const checksum = polymod(values) ^ 1;
  const checksumWords = [0, 1, 2, 3, 4, 5].map((i) => (checksum >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksumWords].map((w) => CHARSET[w]).join('')}`;
}

/** Regroups bits; when decoding (pad = false) leftover bits must be zero padding, as BIP-173 requires. */
function convertBits(input: readonly number[], from: number, to: number, pad: boolean): number[] | undefined {
  let accumulator = 0;
  let bits = 0;
  const output: number[] = [];
  const mask = (1 << to) - 1;
  for (const value of input) {
    accumulator = ((accumulator << from) | value) & 0xffffff;
    bits += from;
    while (bits >= to) {
      bits -= to;
      output.push((accumulator >>> bits) & mask);
    }
  }
  if (pad) {
    if (bits > 0) output.push((accumulator << (to - bits)) & mask);
  } else if (bits >= from || ((accumulator << (to - bits)) & mask) !== 0) {
    return undefined;
  }
  return output;
}
