import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

/**
 * PKCS#12 / PFX (RFC 7292), read as far as it can be without the owner's password:
 *
 *   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
 *
 * The authSafe holds ContentInfos: `data` ones whose bags are readable (a shrouded key bag shows that a
 * private key is inside even though the key itself is encrypted), and `encryptedData` ones that hide
 * their bags. The MAC is tried with a few well-known default passwords; when one matches, PBES2
 * (PBKDF2 + AES-CBC, what OpenSSL 3 and Java write) `encryptedData` is opened too, which finds keys and
 * certificates in there and tells a password-protected truststore from a keystore.
 */

export interface Pkcs12Contents {
  /** Key bags seen (in the clear, or inside contents opened with a default password). */
  readonly keyBags: number;
  /** Some contents stayed unreadable (encrypted with an unknown password or scheme, or the file was cut short). */
  readonly hidden: boolean;
  /** The default password the MAC accepted, when one did. Never shown to users: only "a default password". */
  readonly defaultPassword: string | undefined;
  /** The certificate of the key (by localKeyId, or the only certificate), when readable. */
  readonly certificate: Buffer | undefined;
  /** Bytes the PFX occupies, or undefined when they were not all available. */
  readonly length: number | undefined;
}

const OID = {
  data: '2a864886f70d010701',
  signedData: '2a864886f70d010702',
  encryptedData: '2a864886f70d010706',
  keyBag: '2a864886f70d010c0a0101',
  shroudedKeyBag: '2a864886f70d010c0a0102',
  certBag: '2a864886f70d010c0a0103',
  safeContentsBag: '2a864886f70d010c0a0106',
  x509Certificate: '2a864886f70d01091601',
  localKeyId: '2a864886f70d010915',
  pbes2: '2a864886f70d01050d',
  pbkdf2: '2a864886f70d01050c',
} as const;

const MAC_DIGESTS: Readonly<Record<string, { readonly name: string; readonly block: number }>> = {
  '2b0e03021a': { name: 'sha1', block: 64 },
  '608648016503040201': { name: 'sha256', block: 64 },
  '608648016503040202': { name: 'sha384', block: 128 },
  '608648016503040203': { name: 'sha512', block: 128 },
};
const PBKDF2_PRFS: Readonly<Record<string, string>> = {
  '2a864886f70d0207': 'sha1',
  '2a864886f70d0209': 'sha256',
  '2a864886f70d020a': 'sha384',
  '2a864886f70d020b': 'sha512',
};
const AES_CBC: Readonly<Record<string, { readonly cipher: string; readonly keyLength: number }>> = {
  '608648016503040102': { cipher: 'aes-128-cbc', keyLength: 16 },
  '608648016503040116': { cipher: 'aes-192-cbc', keyLength: 24 },
  '60864801650304012a': { cipher: 'aes-256-cbc', keyLength: 32 },
};
/** Above this, trying default passwords costs too much for an editor scan; real stores use 2048–10000. */
const MAX_ITERATIONS = 20_000;

/** Whether the bytes start like a PFX: `SEQUENCE { INTEGER 3, …`. Enough for a prefix check. */
export function looksLikePkcs12Start(bytes: Buffer): boolean {
  const pfx = readTlv(bytes, 0);
  if (pfx?.tag !== 0x30) return false;
  const version = readTlv(bytes, pfx.valueStart);
  return version?.tag === 0x02 && version.length === 1 && bytes[version.valueStart] === 3;
}

/** Reads a PFX; undefined when the bytes are not one. */
export function readPkcs12(bytes: Buffer, defaultPasswords: readonly string[]): Pkcs12Contents | undefined {
  const pfx = readTlv(bytes, 0);
  if (pfx?.tag !== 0x30 || !looksLikePkcs12Start(bytes)) return undefined;
  const version = readTlv(bytes, pfx.valueStart);
  const authSafe = version?.end === undefined ? undefined : readTlv(bytes, version.end);
  const contentType = authSafe?.tag === 0x30 ? readTlv(bytes, authSafe.valueStart) : undefined;
  if (authSafe === undefined || contentType?.tag !== 0x06 || contentType.end === undefined) return undefined;
  const type = hex(bytes, contentType);
  if (type !== OID.data && type !== OID.signedData) return undefined;

  const complete = pfx.end !== undefined && pfx.end <= bytes.length;
  const content = type === OID.data && complete ? explicitOctets(bytes, contentType.end) : undefined;
  const password = content !== undefined && authSafe.end !== undefined ? macPassword(bytes, authSafe.end, pfx.end, content, defaultPasswords) : undefined;
  const walked = content === undefined ? undefined : walkAuthenticatedSafe(content, password);
  if (walked !== undefined) {
    return { ...walked, defaultPassword: password, length: pfx.end };
  }
  // Not walkable (cut short, BER, signed integrity mode): fall back to looking for bag types in the bytes.
  const keyBags = countOid(bytes, OID.keyBag) + countOid(bytes, OID.shroudedKeyBag);
  const hidden = !complete || countOid(bytes, OID.encryptedData) > 0 || type === OID.signedData;
  return { keyBags, hidden, defaultPassword: password, certificate: undefined, length: complete ? pfx.end : undefined };
}

// ---------------------------------------------------------------------------------------------------
// Walking the contents

interface Walked {
  keyBags: number;
  hidden: boolean;
  certificate: Buffer | undefined;
}

function walkAuthenticatedSafe(content: Buffer, password: string | undefined): Walked | undefined {
  const sequence = readTlv(content, 0);
  if (sequence?.tag !== 0x30 || sequence.end === undefined || sequence.end > content.length) return undefined;
  const result: Walked = { keyBags: 0, hidden: false, certificate: undefined };
  const certificates: { der: Buffer; keyed: boolean }[] = [];
  for (const info of children(content, sequence)) {
    const oid = info.tag === 0x30 ? firstChild(content, info) : undefined;
    if (oid?.tag !== 0x06 || oid.end === undefined) return undefined;
    const type = hex(content, oid);
    if (type === OID.data) {
      const safeContents = explicitOctets(content, oid.end);
      if (safeContents === undefined || !walkSafeContents(safeContents, readTlv(safeContents, 0), result, certificates, 0)) return undefined;
    } else if (type === OID.encryptedData) {
      const plain = password === undefined ? undefined : decryptEncryptedData(content, oid.end, password);
      if (plain === undefined || !walkSafeContents(plain, readTlv(plain, 0), result, certificates, 0)) result.hidden = true;
    } else {
      result.hidden = true; // enveloped data and the like: readable only with a private key
    }
  }
  const keyed = certificates.filter((c) => c.keyed);
  result.certificate = keyed.length === 1 ? keyed[0]?.der : certificates.length === 1 ? certificates[0]?.der : undefined;
  return result;
}

/** SafeContents ::= SEQUENCE OF SafeBag { bagId, [0] bagValue, bagAttributes SET OPTIONAL }. */
function walkSafeContents(bytes: Buffer, sequence: Tlv | undefined, result: Walked, certificates: { der: Buffer; keyed: boolean }[], depth: number): boolean {
  if (sequence?.tag !== 0x30 || sequence.end === undefined || sequence.end > bytes.length || depth > 2) return false;
  for (const bag of children(bytes, sequence)) {
    const [oid, value, attributes] = bag.tag === 0x30 ? children(bytes, bag) : [];
    if (oid?.tag !== 0x06 || value?.tag !== 0xa0) return false;
    const type = hex(bytes, oid);
    if (type === OID.keyBag || type === OID.shroudedKeyBag) {
      result.keyBags++;
    } else if (type === OID.certBag) {
      const der = certificateOf(bytes, value);
      const keyed = attributes !== undefined && bytes.subarray(attributes.valueStart, attributes.end).includes(Buffer.from(`0609${OID.localKeyId}`, 'hex'));
      if (der !== undefined) certificates.push({ der, keyed });
    } else if (type === OID.safeContentsBag) {
      if (!walkSafeContents(bytes, firstChild(bytes, value), result, certificates, depth + 1)) return false;
    }
  }
  return true;
}

/** CertBag ::= SEQUENCE { certId (x509Certificate), [0] OCTET STRING }. */
function certificateOf(bytes: Buffer, value: Tlv): Buffer | undefined {
  const certBag = firstChild(bytes, value);
  const [certId, certValue] = certBag?.tag === 0x30 ? children(bytes, certBag) : [];
  if (certId?.tag !== 0x06 || hex(bytes, certId) !== OID.x509Certificate || certValue?.tag !== 0xa0) return undefined;
  const octets = firstChild(bytes, certValue);
  return octets?.tag === 0x04 && octets.end !== undefined ? bytes.subarray(octets.valueStart, octets.end) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// The MAC (RFC 7292 §4 and appendix B) and PBES2 (RFC 8018)

function macPassword(bytes: Buffer, macStart: number, pfxEnd: number | undefined, content: Buffer, passwords: readonly string[]): string | undefined {
  const macData = readTlv(bytes, macStart);
  if (macData?.tag !== 0x30 || macData.end === undefined || macData.end !== pfxEnd) return undefined;
  const [digestInfo, salt, iterationsTlv] = children(bytes, macData);
  const [algorithm, digest] = digestInfo?.tag === 0x30 ? children(bytes, digestInfo) : [];
  const algorithmOid = algorithm?.tag === 0x30 ? firstChild(bytes, algorithm) : undefined;
  if (algorithmOid?.tag !== 0x06 || digest?.tag !== 0x04 || salt?.tag !== 0x04) return undefined;
  const hash = MAC_DIGESTS[hex(bytes, algorithmOid)];
  const iterations = iterationsTlv === undefined ? 1 : integer(bytes, iterationsTlv);
  if (hash === undefined || iterations === undefined || iterations < 1 || iterations > MAX_ITERATIONS) return undefined;
  const expected = bytes.subarray(digest.valueStart, digest.end);
  const saltBytes = bytes.subarray(salt.valueStart, salt.end);
  return passwords.find((password) =>
    bmpEncodings(password).some((encoded) => {
      const mac = createHmac(hash.name, pkcs12Kdf(hash.name, hash.block, saltBytes, encoded, iterations))
        .update(content)
        .digest();
      return mac.length === expected.length && timingSafeEqual(mac, expected);
    }),
  );
}

/** A BMPString with a two-byte terminator; the empty password is also tried as no bytes (OpenSSL's NULL password). */
function bmpEncodings(password: string): Buffer[] {
  const bmp = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  return password === '' ? [bmp, Buffer.alloc(0)] : [bmp];
}

/** PKCS#12 KDF (RFC 7292 appendix B.2), ID 3 (MAC key), one hash length of output. */
function pkcs12Kdf(hashName: string, block: number, salt: Buffer, password: Buffer, iterations: number): Buffer {
  const fill = (source: Buffer): Buffer => {
    const out = Buffer.alloc(source.length === 0 ? 0 : block * Math.ceil(source.length / block));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length] ?? 0;
    return out;
  };
  let a = Buffer.concat([Buffer.alloc(block, 3), fill(salt), fill(password)]);
  for (let i = 0; i < iterations; i++) a = createHash(hashName).update(a).digest();
  return a;
}

/**
 * EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
 * with PBES2: PBKDF2 over the password's UTF-8 bytes, then AES-CBC. Other schemes (RC2, 3DES) stay hidden.
 */
function decryptEncryptedData(bytes: Buffer, explicitStart: number, password: string): Buffer | undefined {
  const wrapper = readTlv(bytes, explicitStart);
  const encryptedData = wrapper?.tag === 0xa0 ? firstChild(bytes, wrapper) : undefined;
  const [, contentInfo] = encryptedData?.tag === 0x30 ? children(bytes, encryptedData) : [];
  const [, algorithm, encrypted] = contentInfo?.tag === 0x30 ? children(bytes, contentInfo) : [];
  if (algorithm?.tag !== 0x30 || encrypted === undefined || encrypted.end === undefined) return undefined;
  const [schemeOid, params] = children(bytes, algorithm);
  if (schemeOid?.tag !== 0x06 || hex(bytes, schemeOid) !== OID.pbes2 || params?.tag !== 0x30) return undefined;
  const [kdf, encryption] = children(bytes, params);
  const [kdfOid, kdfParams] = kdf?.tag === 0x30 ? children(bytes, kdf) : [];
  const [encOid, iv] = encryption?.tag === 0x30 ? children(bytes, encryption) : [];
  if (kdfOid?.tag !== 0x06 || hex(bytes, kdfOid) !== OID.pbkdf2 || kdfParams?.tag !== 0x30 || encOid?.tag !== 0x06 || iv?.tag !== 0x04) return undefined;
  const aes = AES_CBC[hex(bytes, encOid)];
  const [salt, iterationsTlv, ...rest] = children(bytes, kdfParams);
  const iterations = iterationsTlv === undefined ? undefined : integer(bytes, iterationsTlv);
  if (aes === undefined || salt?.tag !== 0x04 || iterations === undefined || iterations < 1 || iterations > MAX_ITERATIONS) return undefined;
  const prfTlv = rest.find((tlv) => tlv.tag === 0x30);
  const prfOid = prfTlv === undefined ? undefined : firstChild(bytes, prfTlv);
  const prf = prfOid === undefined ? 'sha1' : PBKDF2_PRFS[hex(bytes, prfOid)];
  if (prf === undefined) return undefined;
  // [0] IMPLICIT OCTET STRING: primitive (0x80), or constructed (0xa0) from OCTET STRING pieces (BER).
  const ciphertext =
    encrypted.tag === 0x80
      ? bytes.subarray(encrypted.valueStart, encrypted.end)
      : encrypted.tag === 0xa0
        ? Buffer.concat(children(bytes, encrypted).map((piece) => bytes.subarray(piece.valueStart, piece.end)))
        : undefined;
  if (ciphertext === undefined) return undefined;
  try {
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), bytes.subarray(salt.valueStart, salt.end), iterations, aes.keyLength, prf);
    const decipher = createDecipheriv(aes.cipher, key, bytes.subarray(iv.valueStart, iv.end));
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined; // wrong padding: not this password, or not this scheme
  }
}

// ---------------------------------------------------------------------------------------------------
// A minimal DER/BER reader

export interface Tlv {
  readonly tag: number;
  readonly valueStart: number;
  /** Length of the value; 0 for an indefinite length. */
  readonly length: number;
  /** Offset past the value; undefined for a BER indefinite length. May lie past the available bytes. */
  readonly end: number | undefined;
}

/** One tag-length header (single-byte tags, which is all PKCS#12 uses). */
export function readTlv(bytes: Buffer, offset: number): Tlv | undefined {
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

/** The children of a constructed value with a definite length that lies within the bytes. */
function children(bytes: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  if (parent.end === undefined || parent.end > bytes.length) return out;
  for (let offset = parent.valueStart; offset < parent.end;) {
    const child = readTlv(bytes, offset);
    if (child?.end === undefined || child.end > parent.end) return out;
    out.push(child);
    offset = child.end;
  }
  return out;
}

function firstChild(bytes: Buffer, parent: Tlv): Tlv | undefined {
  return children(bytes, parent)[0];
}

/** `[0] EXPLICIT OCTET STRING` at `offset`: the octets (definite lengths only). */
function explicitOctets(bytes: Buffer, offset: number): Buffer | undefined {
  const explicit = readTlv(bytes, offset);
  const octets = explicit?.tag === 0xa0 ? firstChild(bytes, explicit) : undefined;
  return octets?.tag === 0x04 && octets.end !== undefined ? bytes.subarray(octets.valueStart, octets.end) : undefined;
}

function integer(bytes: Buffer, tlv: Tlv): number | undefined {
  if (tlv.tag !== 0x02 || tlv.length < 1 || tlv.length > 4 || tlv.end === undefined || tlv.end > bytes.length) return undefined;
  return bytes.readUIntBE(tlv.valueStart, tlv.length);
}

function hex(bytes: Buffer, tlv: Tlv): string {
  return bytes.toString('hex', tlv.valueStart, tlv.end);
}

function countOid(haystack: Buffer, oidHex: string): number {
  const needle = Buffer.from(`06${(oidHex.length / 2).toString(16).padStart(2, '0')}${oidHex}`, 'hex');
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}
