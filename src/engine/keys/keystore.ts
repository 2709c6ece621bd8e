import { createHash, createHmac, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { KeyInfo, TextRange } from '../types';
import { decodeBase64Strict, sha256Identity, spkiFingerprint } from './key-bytes';

/**
 * Key containers: PKCS#12 / PFX (`.p12`, `.pfx`), Java JKS and JCEKS (`.jks`, `.keystore`, `.jceks`) and
 * Bouncy Castle BKS (`.bks`). The bytes decide, not the name: a `.p12` full of placeholder text is
 * nothing, a PKCS#12 under any name is a finding.
 *
 * - JKS `FE ED FE ED`, JCEKS `CE CE CE CE`: the entry list is walked; trusted-certificate entries are
 *   public, so a truststore with no key entry produces nothing. The first key entry's certificate gives
 *   the public-key fingerprint.
 * - PKCS#12: `SEQUENCE { INTEGER 3, ContentInfo { id-data | id-signedData … } }`. Bag types are visible
 *   without the password: a (shrouded) key bag means a private key; encrypted contents may hide one.
 * - Both integrity checks are tried with a few well-known default passwords (`changeit` …): a store that
 *   opens with one is as good as an unencrypted key.
 */

export type KeystoreFormat = 'PKCS#12' | 'JKS' | 'JCEKS' | 'BKS';

export interface KeystoreVerdict {
  readonly format: KeystoreFormat;
  /** `yes`: a key entry or key bag was seen; `unknown`: the contents are encrypted or the file was cut short. */
  readonly privateKey: 'yes' | 'unknown';
  /** Number of key entries seen (JKS/JCEKS; PKCS#12 key bags visible without the password). */
  readonly keyEntries: number;
  /** The integrity check passed with a well-known default password. */
  readonly defaultPassword: boolean;
  readonly key: KeyInfo;
  readonly identity: string;
}

export interface Base64Keystore {
  readonly range: TextRange;
  readonly verdict: KeystoreVerdict;
}

/** Names that announce a key container (the discovery size cap also exempts these). */
export function keystoreFormatByName(path: string): KeystoreFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.p12') || lower.endsWith('.pfx')) return 'PKCS#12';
  if (lower.endsWith('.jks') || lower.endsWith('.keystore')) return 'JKS';
  if (lower.endsWith('.jceks')) return 'JCEKS';
  if (lower.endsWith('.bks') || lower.endsWith('.ubr')) return 'BKS';
  return undefined;
}

/** Well-known defaults: keytool's `changeit`, Google's `notasecret`, and the usual suspects. */
const DEFAULT_PASSWORDS = ['', 'changeit', 'changeme', 'password', 'notasecret', 'secret'];

/** Inspects the leading bytes of a file (or decoded base64); undefined when they are not a key container. */
export function inspectKeystore(bytes: Uint8Array, nameHint: KeystoreFormat | undefined): KeystoreVerdict | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0xfeedfeed) return inspectJks(buffer, 'JKS');
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === 0xcececece) return inspectJks(buffer, 'JCEKS');
  const pkcs12 = inspectPkcs12(buffer);
  if (pkcs12 !== undefined) return pkcs12;
  if (nameHint === 'BKS') return inspectBks(buffer);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Java KeyStore (JKS) and JCEKS

function inspectJks(bytes: Buffer, format: 'JKS' | 'JCEKS'): KeystoreVerdict | undefined {
  const version = bytes.readUInt32BE(4);
  if (version !== 1 && version !== 2) return undefined;
  const reader = new ByteReader(bytes, 8);
  const count = reader.u32();
  if (count === undefined || count > 100_000) return undefined;
  let keyEntries = 0;
  let firstCertificate: Buffer | undefined;
  let complete = true;
  for (let i = 0; i < count; i++) {
    const tag = reader.u32();
    const alias = reader.utf();
    const timestamp = reader.skip(8);
    if (tag === undefined || alias === undefined || !timestamp) {
      complete = false;
      break;
    }
    if (tag === 1) {
      keyEntries++;
      const certificate = readKeyEntry(reader, version);
      if (certificate === null) {
        complete = false;
        break;
      }
      firstCertificate ??= certificate;
    } else if (tag === 2) {
      if (!readCertificate(reader, version)) {
        complete = false;
        break;
      }
    } else if (tag === 3 && format === 'JCEKS') {
      // A sealed secret key: serialised Java objects follow, which cannot be skipped without parsing them.
      keyEntries++;
      complete = false;
      break;
    } else {
      return undefined; // not a keystore after all
    }
  }
  // Only trusted certificates is a truststore: public data, nothing to report. That includes a walk cut
  // short by the end of the head bytes inside certificates: a large cacerts-style truststore.
  if (keyEntries === 0) return undefined;
  const bodyEnd = reader.offset;
  const defaultPassword = complete && bytes.length === bodyEnd + 20 && DEFAULT_PASSWORDS.some((password) => jksDigestMatches(bytes, bodyEnd, password));
  const publicKey = firstCertificate === undefined ? undefined : certificatePublicKey(firstCertificate);
  const key: KeyInfo = {
    format,
    encrypted: !defaultPassword,
    ...(publicKey?.info ?? {}),
  };
  return {
    format,
    privateKey: 'yes',
    keyEntries,
    defaultPassword,
    key,
    identity: publicKey?.info.publicKeyFingerprint ?? sha256Identity(bytes),
  };
}

/** Skips a PrivateKeyEntry; returns its first certificate (or undefined without a chain), null when malformed. */
function readKeyEntry(reader: ByteReader, version: number): Buffer | undefined | null {
  const keyLength = reader.u32();
  if (keyLength === undefined || !reader.skip(keyLength)) return null;
  const chainLength = reader.u32();
  if (chainLength === undefined || chainLength > 100) return null;
  let first: Buffer | undefined;
  for (let i = 0; i < chainLength; i++) {
    const certificate = readCertificate(reader, version);
    if (certificate === undefined) return null;
    first ??= certificate;
  }
  return first;
}

function readCertificate(reader: ByteReader, version: number): Buffer | undefined {
  if (version === 2 && reader.utf() === undefined) return undefined;
  const length = reader.u32();
  return length === undefined ? undefined : reader.bytes(length);
}

/** keytool's integrity check: SHA-1 over the UTF-16BE password, the words "Mighty Aphrodite" and the body. */
function jksDigestMatches(bytes: Buffer, bodyEnd: number, password: string): boolean {
  const digest = createHash('sha1').update(Buffer.from(password, 'utf16le').swap16()).update('Mighty Aphrodite', 'utf8').update(bytes.subarray(0, bodyEnd)).digest();
  return timingSafeEqual(digest, bytes.subarray(bodyEnd, bodyEnd + 20));
}

function certificatePublicKey(der: Buffer): { info: Pick<KeyInfo, 'algorithm' | 'bits' | 'curve' | 'publicKeyFingerprint'> } | undefined {
  try {
    const publicKey = new X509Certificate(der).publicKey;
    const details = publicKey.asymmetricKeyDetails ?? {};
    return {
      info: {
        publicKeyFingerprint: spkiFingerprint(publicKey),
        ...(publicKey.asymmetricKeyType === undefined ? {} : { algorithm: publicKey.asymmetricKeyType }),
        ...(details.modulusLength === undefined ? {} : { bits: details.modulusLength }),
        ...(details.namedCurve === undefined ? {} : { curve: CURVE_NAMES[details.namedCurve] ?? details.namedCurve }),
      },
    };
  } catch {
    return undefined;
  }
}

/** OpenSSL curve names as JWK and most users know them. */
const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

// ---------------------------------------------------------------------------------------------------
// PKCS#12

const OID_DATA = '2a864886f70d010701';
const OID_SIGNED_DATA = '2a864886f70d010702';
const OID_ENCRYPTED_DATA = Buffer.from('06092a864886f70d010706', 'hex');
const OID_KEY_BAG = Buffer.from('060b2a864886f70d010c0a0101', 'hex');
const OID_SHROUDED_KEY_BAG = Buffer.from('060b2a864886f70d010c0a0102', 'hex');
const MAC_DIGESTS: Readonly<Record<string, { readonly name: string; readonly block: number }>> = {
  '2b0e03021a': { name: 'sha1', block: 64 },
  '608648016503040201': { name: 'sha256', block: 64 },
  '608648016503040202': { name: 'sha384', block: 128 },
  '608648016503040203': { name: 'sha512', block: 128 },
};
/** Above this the default-password check costs too much for an editor scan; real stores use 2048–10000. */
const MAX_MAC_ITERATIONS = 20_000;

function inspectPkcs12(bytes: Buffer): KeystoreVerdict | undefined {
  const pfx = readTlv(bytes, 0);
  if (pfx?.tag !== 0x30) return undefined;
  const version = readTlv(bytes, pfx.valueStart);
  if (version?.tag !== 0x02 || version.end === undefined || version.length !== 1 || bytes[version.valueStart] !== 3) return undefined;
  const authSafe = readTlv(bytes, version.end);
  if (authSafe?.tag !== 0x30) return undefined;
  const contentType = readTlv(bytes, authSafe.valueStart);
  if (contentType?.tag !== 0x06) return undefined;
  const oid = bytes.toString('hex', contentType.valueStart, contentType.end);
  if (oid !== OID_DATA && oid !== OID_SIGNED_DATA) return undefined;

  const cutShort = pfx.end === undefined || pfx.end > bytes.length;
  const keyBags = count(bytes, OID_SHROUDED_KEY_BAG) + count(bytes, OID_KEY_BAG);
  const encryptedContents = bytes.includes(OID_ENCRYPTED_DATA);
  // Only certificate bags in the clear, and the whole file seen: a truststore, public data.
  if (keyBags === 0 && !encryptedContents && !cutShort) return undefined;
  const defaultPassword = !cutShort && oid === OID_DATA && pkcs12MacOpensWithDefault(bytes, authSafe.end, contentType.end, pfx.end);
  return {
    format: 'PKCS#12',
    privateKey: keyBags > 0 ? 'yes' : 'unknown',
    keyEntries: keyBags,
    defaultPassword,
    key: { format: 'PKCS#12', encrypted: !defaultPassword },
    identity: sha256Identity(cutShort ? bytes : bytes.subarray(0, pfx.end)),
  };
}

/** RFC 7292 §4: HMAC over the authSafe data with a key from the PKCS#12 KDF (appendix B, ID 3). */
function pkcs12MacOpensWithDefault(bytes: Buffer, authSafeEnd: number | undefined, contentTypeEnd: number | undefined, pfxEnd: number | undefined): boolean {
  if (authSafeEnd === undefined || contentTypeEnd === undefined || pfxEnd === undefined) return false;
  const explicit = readTlv(bytes, contentTypeEnd);
  if (explicit?.tag !== 0xa0) return false;
  const octets = readTlv(bytes, explicit.valueStart);
  if (octets?.tag !== 0x04 || octets.end === undefined) return false;
  const content = bytes.subarray(octets.valueStart, octets.end);

  const macData = readTlv(bytes, authSafeEnd);
  if (macData?.tag !== 0x30 || macData.end !== pfxEnd) return false;
  const digestInfo = readTlv(bytes, macData.valueStart);
  const algorithm = digestInfo?.tag === 0x30 ? readTlv(bytes, digestInfo.valueStart) : undefined;
  const algorithmOid = algorithm?.tag === 0x30 ? readTlv(bytes, algorithm.valueStart) : undefined;
  const digest = algorithm?.end === undefined ? undefined : readTlv(bytes, algorithm.end);
  const salt = digestInfo?.end === undefined ? undefined : readTlv(bytes, digestInfo.end);
  const iterationsTlv = salt?.end === undefined || salt.end >= pfxEnd ? undefined : readTlv(bytes, salt.end);
  if (algorithmOid?.tag !== 0x06 || digest?.tag !== 0x04 || salt?.tag !== 0x04 || digest.end === undefined || salt.end === undefined) return false;
  const hash = MAC_DIGESTS[bytes.toString('hex', algorithmOid.valueStart, algorithmOid.end)];
  if (hash === undefined) return false;
  let iterations = 1;
  if (iterationsTlv !== undefined) {
    if (iterationsTlv.tag !== 0x02 || iterationsTlv.length > 4) return false;
    iterations = bytes.readUIntBE(iterationsTlv.valueStart, iterationsTlv.length);
  }
  if (iterations < 1 || iterations > MAX_MAC_ITERATIONS) return false;
  const expected = bytes.subarray(digest.valueStart, digest.end);
  const saltBytes = bytes.subarray(salt.valueStart, salt.end);
  return DEFAULT_PASSWORDS.some((password) =>
    passwordEncodings(password).some((encoded) => {
      const key = pkcs12MacKey(hash.name, hash.block, saltBytes, encoded, iterations);
      const mac = createHmac(hash.name, key).update(content).digest();
      return mac.length === expected.length && timingSafeEqual(mac, expected);
    }),
  );
}

/** A BMPString with a two-byte terminator; the empty password is also tried as no bytes at all (OpenSSL's NULL password). */
function passwordEncodings(password: string): Buffer[] {
  const bmp = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  return password === '' ? [bmp, Buffer.alloc(0)] : [bmp];
}

/** PKCS#12 KDF (RFC 7292 appendix B.2) for one hash-length of output, which is all a MAC key needs. */
function pkcs12MacKey(hashName: string, block: number, salt: Buffer, password: Buffer, iterations: number): Buffer {
  const fill = (source: Buffer): Buffer => {
    if (source.length === 0) return Buffer.alloc(0);
    const length = block * Math.ceil(source.length / block);
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = source[i % source.length] ?? 0;
    return out;
  };
  let a = Buffer.concat([Buffer.alloc(block, 3), fill(salt), fill(password)]);
  for (let i = 0; i < iterations; i++) a = createHash(hashName).update(a).digest();
  return a;
}

// ---------------------------------------------------------------------------------------------------
// Bouncy Castle BKS: no magic, only a version and a salt; accepted only when the name says BKS.

function inspectBks(bytes: Buffer): KeystoreVerdict | undefined {
  if (bytes.length < 32) return undefined;
  const version = bytes.readUInt32BE(0);
  const saltLength = bytes.readUInt32BE(4);
  if ((version !== 1 && version !== 2) || saltLength < 8 || saltLength > 64) return undefined;
  return { format: 'BKS', privateKey: 'unknown', keyEntries: 0, defaultPassword: false, key: { format: 'BKS', encrypted: true }, identity: sha256Identity(bytes) };
}

// ---------------------------------------------------------------------------------------------------
// Base64 text: a keystore pasted into YAML (Kubernetes Secret data, CI variables) or a `.p12.b64` file.

/**
 * `MI…` = DER SEQUENCE with a long length (PKCS#12), `/u3+7Q` = FE ED FE ED, `zs7Ozg` = CE CE CE CE.
 * One greedy class per token, no backtracking; the prefix is decoded before the whole token.
 */
const BASE64_TOKEN = /(?<![A-Za-z0-9+/])(?:MI|\/u3\+7Q|zs7Ozg)[A-Za-z0-9+/]{40,}={0,2}/g;
const MAX_DECODED = 4 * 1024 * 1024;

export function findBase64Keystores(text: string): Base64Keystore[] {
  const found: Base64Keystore[] = [];
  let consumedUntil = 0;
  for (const match of text.matchAll(BASE64_TOKEN)) {
    if (match.index < consumedUntil) continue;
    const prefix = decodeBase64Strict(match[0].slice(0, 64));
    if (prefix === undefined || !looksLikeKeystoreStart(prefix)) continue;
    const joined = joinWrappedLines(text, match.index, match[0]);
    consumedUntil = joined.end;
    const bytes = decodeBase64Strict(joined.base64);
    if (bytes === undefined) continue;
    const verdict = inspectKeystore(bytes, undefined);
    if (verdict !== undefined) found.push({ range: { start: match.index, end: joined.end }, verdict });
  }
  return found;
}

function looksLikeKeystoreStart(prefix: Buffer): boolean {
  if (prefix.length < 8) return false;
  const magic = prefix.readUInt32BE(0);
  if (magic === 0xfeedfeed || magic === 0xcececece) return true;
  const pfx = readTlv(prefix, 0);
  if (pfx?.tag !== 0x30) return false;
  const version = readTlv(prefix, pfx.valueStart);
  return version?.tag === 0x02 && version.length === 1 && prefix[version.valueStart] === 3;
}

/**
 * Base64 wrapped at a fixed width (`base64` wraps at 76, PEM tools at 64): the following lines of the
 * same width, and one shorter last line, belong to the same value.
 */
function joinWrappedLines(text: string, start: number, first: string): { base64: string; end: number } {
  let end = start + first.length;
  const parts = [first];
  let total = first.length;
  const width = first.length;
  if (first.endsWith('=') || (width !== 64 && width !== 76)) return { base64: first, end };
  const line = /\r?\n[ \t]*([A-Za-z0-9+/]+={0,2})[ \t]*(?=\r?\n|$)/y;
  for (;;) {
    line.lastIndex = end;
    const next = line.exec(text);
    const part = next?.[1];
    if (next === null || part === undefined || part.length > width || total + part.length > MAX_DECODED) break;
    parts.push(part);
    total += part.length;
    end = line.lastIndex;
    if (part.length < width || part.endsWith('=')) break;
  }
  return { base64: parts.join(''), end };
}

// ---------------------------------------------------------------------------------------------------
// Small binary readers

interface Tlv {
  readonly tag: number;
  readonly valueStart: number;
  /** Length of the value; 0 for an indefinite length. */
  readonly length: number;
  /** Offset past the value; undefined for a BER indefinite length. May lie past the available bytes. */
  readonly end: number | undefined;
}

/** One DER/BER tag-length header (single-byte tags only, which is all PKCS#12 uses at these levels). */
function readTlv(bytes: Buffer, offset: number): Tlv | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) return undefined;
  if (first < 0x80) return { tag, valueStart: offset + 2, length: first, end: offset + 2 + first };
  if (first === 0x80) return { tag, valueStart: offset + 2, length: 0, end: undefined };
  const octets = first & 0x7f;
  if (octets > 4 || offset + 2 + octets > bytes.length) return undefined;
  const length = bytes.readUIntBE(offset + 2, octets);
  const valueStart = offset + 2 + octets;
  return { tag, valueStart, length, end: valueStart + length };
}

function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

class ByteReader {
  constructor(
    private readonly buffer: Buffer,
    public offset: number,
  ) {}

  u32(): number | undefined {
    if (this.offset + 4 > this.buffer.length) return undefined;
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Java's writeUTF: a 2-byte length and modified UTF-8. */
  utf(): Buffer | undefined {
    if (this.offset + 2 > this.buffer.length) return undefined;
    const length = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return this.bytes(length);
  }

  bytes(length: number): Buffer | undefined {
    if (this.offset + length > this.buffer.length) return undefined;
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  skip(length: number): boolean {
    return this.bytes(length) !== undefined;
  }
}
