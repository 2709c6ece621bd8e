import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import type { KeyInfo, TextRange } from '../types';
import { decodeBase64Strict, sha256Identity, spkiFingerprint } from './key-bytes';
import { looksLikePkcs12Start, readPkcs12 } from './pkcs12';

/**
 * Key containers: PKCS#12 / PFX (`.p12`, `.pfx`), Java JKS and JCEKS (`.jks`, `.keystore`, `.jceks`) and
 * Bouncy Castle BKS (`.bks`). The bytes decide, not the name: a `.p12` full of placeholder text is
 * nothing, a PKCS#12 under any name is a finding.
 *
 * - JKS `FE ED FE ED`, JCEKS `CE CE CE CE`: the entry list is walked; trusted-certificate entries are
 *   public, so a truststore with no key entry produces nothing. The first key entry's certificate gives
 *   the public-key fingerprint.
 * - PKCS#12 (pkcs12.ts): bag types are visible without the password: a (shrouded) key bag means a
 *   private key; encrypted contents may hide one. Certificates only, readable: a truststore, nothing.
 * - Both integrity checks are tried with a few well-known default passwords (`changeit` …): a store that
 *   opens with one is as good as an unencrypted key, and a PKCS#12 that opens is read all the way.
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
  const digest = createHash('sha1')
    .update(Buffer.from(password, 'utf16le').swap16())
    .update('Mighty Aphrodite', 'utf8')
    .update(bytes.subarray(0, bodyEnd))
    .digest();
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

function inspectPkcs12(bytes: Buffer): KeystoreVerdict | undefined {
  const contents = readPkcs12(bytes, DEFAULT_PASSWORDS);
  if (contents === undefined) return undefined;
  // Readable all the way through and no key bag: a truststore, public data.
  if (contents.keyBags === 0 && !contents.hidden) return undefined;
  const defaultPassword = contents.defaultPassword !== undefined;
  const publicKey = contents.keyBags > 0 && contents.certificate !== undefined ? certificatePublicKey(contents.certificate) : undefined;
  return {
    format: 'PKCS#12',
    privateKey: contents.keyBags > 0 ? 'yes' : 'unknown',
    keyEntries: contents.keyBags,
    defaultPassword,
    key: { format: 'PKCS#12', encrypted: !defaultPassword, ...(publicKey?.info ?? {}) },
    identity: publicKey?.info.publicKeyFingerprint ?? sha256Identity(contents.length === undefined ? bytes : bytes.subarray(0, contents.length)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Bouncy Castle BKS: no magic, only a version and a salt; accepted only when the name says BKS.

function inspectBks(bytes: Buffer): KeystoreVerdict | undefined {
  if (bytes.length < 32) return undefined;
  const version = bytes.readUInt32BE(0);
  const saltLength = bytes.readUInt32BE(4);
  if ((version !== 1 && version !== 2) || saltLength < 8 || saltLength > 64) return undefined;
  return {
    format: 'BKS',
    privateKey: 'unknown',
    keyEntries: 0,
    defaultPassword: false,
    key: { format: 'BKS', encrypted: true },
    identity: sha256Identity(bytes),
  };
}

// ---------------------------------------------------------------------------------------------------
// Base64 text: a keystore pasted into YAML (Kubernetes Secret data, CI variables) or a `.p12.b64` file.

/**
 * `MI…` = DER SEQUENCE with a long length (PKCS#12), `/u3+7Q` = FE ED FE ED, `zs7Ozg` = CE CE CE CE.
 * One greedy class per token, no backtracking; the prefix is decoded before the whole token.
 */
/**
 * Strings every reported base64 keystore contains, for the rule gate. JKS and JCEKS: their magic.
 * PKCS#12: the DER header `30 8n <n length bytes>` is followed by `02 01 03` (version 3) and the authSafe
 * SEQUENCE `30` (both required by readPkcs12), which base64 encodes to `AQMw` (n = 0 or 3), `AgEDM`
 * (n = 1 or 4) or `IBAz` (n = 2), always at the same offset from the start of the token.
 */
export const KEYSTORE_BASE64_ANCHORS: readonly string[] = ['/u3+7Q', 'zs7Ozg', 'AQMw', 'AgEDM', 'IBAz'];

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
  return magic === 0xfeedfeed || magic === 0xcececece || looksLikePkcs12Start(prefix);
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
// Small binary reader

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
