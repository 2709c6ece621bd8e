/**
 * Test-time builders for the non-PEM key formats (minisign, signify, age, JWK, PuTTY, PKCS#12, JKS).
 * Every key is generated fresh from node:crypto when a test runs: nothing secret is committed. The
 * byte layouts follow each tool's format description and are written independently of the detectors
 * in src/engine/keys (only the age recipient encoding reuses the engine's bech32 encoder, which its
 * own tests check against the BIP-173 vectors).
 */
import {
  createCipheriv,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  pbkdf2Sync,
  randomBytes,
  sign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bech32Encode } from '../../src/engine/keys/age';

// ------------------------------------------------------------------------------------------------
// Shared

/** `SHA256:` + unpadded base64 of SHA-256 over the SPKI DER, computed straight from node:crypto. */
export function spkiFingerprintOf(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')
    .replace(/=+$/, '')}`;
}

/** Asserts helper: no 16-character window of `secret` appears in `output`. */
export function leakedWindow(output: string, secret: string, window = 16): string | undefined {
  for (let i = 0; i + window <= secret.length; i++) {
    const piece = secret.slice(i, i + window);
    if (output.includes(piece)) return piece;
  }
  return undefined;
}

interface Ed25519Pair {
  readonly seed: Buffer;
  readonly publicKey: Buffer;
  readonly privateKey: KeyObject;
}

function ed25519Pair(): Ed25519Pair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { seed: Buffer.from(String(jwk.d), 'base64url'), publicKey: Buffer.from(String(jwk.x), 'base64url'), privateKey };
}

// ------------------------------------------------------------------------------------------------
// minisign and signify

export interface SignifyLikeKey {
  /** The two-line secret key file (comment + base64), ending with a newline. */
  readonly text: string;
  /** Just the base64 line (secret). */
  readonly base64: string;
  /** Known only for unencrypted keys. */
  readonly fingerprint?: string;
  /** minisign key id as printed by minisign (upper-case hex of the little-endian number). */
  readonly keyId?: string;
  /** The matching public key file. */
  readonly publicText: string;
}

/** minisign secret key: `Ed` + kdf (`Sc` | `\0\0`) + `B2`, salt, opslimit, memlimit, then key id, secret key, checksum. */
export function minisignKey(options: { encrypted: boolean }): SignifyLikeKey {
  const pair = ed25519Pair();
  const keyId = randomBytes(8);
  const limits = Buffer.alloc(16);
  let keynum: Buffer;
  if (options.encrypted) {
    limits.writeBigUInt64LE(33554432n, 0);
    limits.writeBigUInt64LE(1073741824n, 8);
    keynum = randomBytes(104); // XOR-encrypted key id, secret key and checksum look random
  } else {
    keynum = Buffer.concat([keyId, pair.seed, pair.publicKey, randomBytes(32)]);
  }
  const bytes = Buffer.concat([
    Buffer.from('Ed', 'latin1'),
    Buffer.from(options.encrypted ? 'Sc' : '\0\0', 'latin1'),
    Buffer.from('B2', 'latin1'),
    options.encrypted ? randomBytes(32) : Buffer.alloc(32),
    limits,
    keynum,
  ]);
  const base64 = bytes.toString('base64');
  // minisign prints the key ID as `%" PRIX64`: no leading zeros.
  const printedId = Buffer.from(keyId)
    .reverse()
    .toString('hex')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');
  const publicBytes = Buffer.concat([Buffer.from('Ed', 'latin1'), keyId, pair.publicKey]);
  return {
    text: `untrusted comment: minisign encrypted secret key\n${base64}\n`,
    base64,
    ...(options.encrypted ? {} : { fingerprint: spkiFingerprintOf(pair.privateKey), keyId: printedId }),
    publicText: `untrusted comment: minisign public key ${printedId}\n${publicBytes.toString('base64')}\n`,
  };
}

/** signify secret key: `Ed` `BK`, rounds (big-endian), salt, checksum = SHA-512(secret)[0..8], key number, secret key. */
export function signifyKey(options: { encrypted: boolean; comment?: string }): SignifyLikeKey {
  const pair = ed25519Pair();
  const secret = Buffer.concat([pair.seed, pair.publicKey]);
  const rounds = Buffer.alloc(4);
  rounds.writeUInt32BE(options.encrypted ? 42 : 0);
  const keyNumber = randomBytes(8);
  const checksum = createHash('sha512').update(secret).digest().subarray(0, 8);
  const bytes = Buffer.concat([
    Buffer.from('EdBK', 'latin1'),
    rounds,
    options.encrypted ? randomBytes(16) : Buffer.alloc(16),
    checksum,
    keyNumber,
    options.encrypted ? randomBytes(64) : secret,
  ]);
  const base64 = bytes.toString('base64');
  const publicBytes = Buffer.concat([Buffer.from('Ed', 'latin1'), keyNumber, pair.publicKey]);
  return {
    text: `untrusted comment: ${options.comment ?? 'signify secret key'}\n${base64}\n`,
    base64,
    ...(options.encrypted ? {} : { fingerprint: spkiFingerprintOf(pair.privateKey) }),
    publicText: `untrusted comment: signify public key\n${publicBytes.toString('base64')}\n`,
  };
}

// ------------------------------------------------------------------------------------------------
// age

export interface AgeKey {
  /** `AGE-SECRET-KEY-1…` (secret). */
  readonly identity: string;
  /** `age1…` (public). */
  readonly recipient: string;
  readonly fingerprint: string;
  /** What age-keygen writes: two comment lines and the identity. */
  readonly file: string;
}

export function ageKey(): AgeKey {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const scalar = Buffer.from(String(privateKey.export({ format: 'jwk' }).d), 'base64url');
  const publicBytes = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
  const identity = bech32Encode('age-secret-key-', scalar).toUpperCase();
  const recipient = bech32Encode('age', publicBytes);
  return {
    identity,
    recipient,
    fingerprint: spkiFingerprintOf(publicKey),
    file: `# created: 2026-01-01T00:00:00Z\n# public key: ${recipient}\n${identity}\n`,
  };
}

// ------------------------------------------------------------------------------------------------
// JWK

export interface GeneratedJwk {
  readonly jwk: JsonWebKey;
  readonly fingerprint: string;
}

export function jwkKey(type: 'ec-p256' | 'ec-p384' | 'ec-secp256k1' | 'rsa' | 'ed25519' | 'x25519'): GeneratedJwk {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : type === 'x25519'
          ? generateKeyPairSync('x25519')
          : generateKeyPairSync('ec', { namedCurve: type === 'ec-p256' ? 'P-256' : type === 'ec-p384' ? 'P-384' : 'secp256k1' });
  return { jwk: pair.privateKey.export({ format: 'jwk' }), fingerprint: spkiFingerprintOf(pair.publicKey) };
}

/** The public members of a JWK (what a published JWKS holds). */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...rest } = jwk;
  return rest;
}

// ------------------------------------------------------------------------------------------------
// PuTTY

export interface PuttyOptions {
  readonly version: 2 | 3;
  readonly algorithm: 'ed25519' | 'rsa' | 'ecdsa';
  readonly encrypted: boolean;
}

export interface PuttyFile {
  readonly text: string;
  readonly fingerprint: string;
  /** The private blob's base64 (secret). */
  readonly privateBase64: string;
  readonly headerLine: number;
  readonly macLine: number;
}

function sshString(bytes: Buffer | string): Buffer {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function mpint(base64url: string | undefined): Buffer {
  let bytes = Buffer.from(base64url ?? '', 'base64url');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
  return sshString(bytes);
}

function wrap(base64: string, width = 64): string[] {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines;
}

/** A .ppk file as puttygen writes it; unencrypted keys carry a correct MAC, encrypted ones random ciphertext. */
export function puttyKey(options: PuttyOptions): PuttyFile {
  let name: string;
  let publicBlob: Buffer;
  let privateBlob: Buffer;
  if (options.algorithm === 'ed25519') {
    const pair = ed25519Pair();
    name = 'ssh-ed25519';
    publicBlob = Buffer.concat([sshString(name), sshString(pair.publicKey)]);
    privateBlob = sshString(pair.seed);
  } else if (options.algorithm === 'rsa') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = pair.privateKey.export({ format: 'jwk' });
    name = 'ssh-rsa';
    publicBlob = Buffer.concat([sshString(name), mpint(jwk.e), mpint(jwk.n)]);
    privateBlob = Buffer.concat([mpint(jwk.d), mpint(jwk.p), mpint(jwk.q), mpint(jwk.qi)]);
  } else {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = pair.privateKey.export({ format: 'jwk' });
    name = 'ecdsa-sha2-nistp256';
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(String(jwk.x), 'base64url'), Buffer.from(String(jwk.y), 'base64url')]);
    publicBlob = Buffer.concat([sshString(name), sshString('nistp256'), sshString(point)]);
    privateBlob = mpint(jwk.d);
  }
  const encryption = options.encrypted ? 'aes256-cbc' : 'none';
  const comment = `${options.algorithm}-key-test`;
  // Encrypted: AES-256-CBC ciphertext of the padded blob, which looks like random bytes.
  if (options.encrypted) privateBlob = randomBytes(Math.ceil((privateBlob.length + 1) / 16) * 16);
  const macData = Buffer.concat([sshString(name), sshString(encryption), sshString(comment), sshString(publicBlob), sshString(privateBlob)]);
  const mac = options.encrypted
    ? randomBytes(options.version === 3 ? 32 : 20).toString('hex')
    : options.version === 2
      ? createHmac('sha1', createHash('sha1').update('putty-private-key-file-mac-key').digest()).update(macData).digest('hex')
      : createHmac('sha256', Buffer.alloc(0)).update(macData).digest('hex');
  const publicLines = wrap(publicBlob.toString('base64'));
  const privateBase64 = privateBlob.toString('base64');
  const privateLines = wrap(privateBase64);
  const kdf =
    options.version === 3 && options.encrypted
      ? ['Key-Derivation: Argon2id', 'Argon2-Memory: 8192', 'Argon2-Passes: 13', 'Argon2-Parallelism: 1', `Argon2-Salt: ${randomBytes(16).toString('hex')}`]
      : [];
  const lines = [
    `PuTTY-User-Key-File-${options.version}: ${name}`,
    `Encryption: ${encryption}`,
    `Comment: ${comment}`,
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    ...kdf,
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    `Private-MAC: ${mac}`,
  ];
  const fingerprint = `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`;
  return { text: `${lines.join('\n')}\n`, fingerprint, privateBase64, headerLine: 0, macLine: lines.length - 1 };
}

// ------------------------------------------------------------------------------------------------
// DER, certificates, PKCS#12, JKS

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const seq = (...content: Buffer[]): Buffer => der(0x30, ...content);
const oid = (hex: string): Buffer => der(0x06, Buffer.from(hex, 'hex'));
const int = (value: number): Buffer => der(0x02, Buffer.from([value]));
const octets = (bytes: Buffer): Buffer => der(0x04, bytes);
const explicit0 = (...content: Buffer[]): Buffer => der(0xa0, ...content);

/** A minimal self-signed X.509 certificate for an EC P-256 key, signed with node:crypto. */
export function selfSignedCertificate(privateKey: KeyObject): Buffer {
  const name = seq(der(0x31, seq(oid('550403'), der(0x0c, Buffer.from('keyward test', 'utf8')))));
  const ecdsaWithSha256 = seq(oid('2a8648ce3d040302'));
  const validity = seq(der(0x17, Buffer.from('260101000000Z', 'latin1')), der(0x17, Buffer.from('270101000000Z', 'latin1')));
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const tbs = seq(explicit0(int(2)), int(1), ecdsaWithSha256, name, validity, name, spki);
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.alloc(1), signature])));
}

const OID_DATA = '2a864886f70d010701';
const OID_ENCRYPTED_DATA = '2a864886f70d010706';
const OID_SHROUDED_KEY_BAG = '2a864886f70d010c0a0102';
const OID_CERT_BAG = '2a864886f70d010c0a0103';
const OID_X509_CERT = '2a864886f70d01091601';
const OID_SHA256 = '608648016503040201';
const OID_LOCAL_KEY_ID = '2a864886f70d010915';
const OID_PBES2 = '2a864886f70d01050d';
const OID_PBKDF2 = '2a864886f70d01050c';
const OID_HMAC_SHA256 = '2a864886f70d0209';
const OID_AES256_CBC = '60864801650304012a';

export interface Pkcs12Options {
  /** Include a shrouded key bag (visible without the password). */
  readonly withKey: boolean;
  /** Put the certificate bag inside PBES2 (PBKDF2-SHA256, AES-256-CBC) encryptedData, as OpenSSL 3 does. */
  readonly encryptedCertificates: boolean;
  /** The MAC and encryption password. */
  readonly password: string;
}

/**
 * A PKCS#12 PFX with the structure OpenSSL 3 writes: authSafe (id-data) holding SafeContents, then
 * macData (HMAC-SHA-256, PKCS#12 KDF). The shrouded key bag's EncryptedPrivateKeyInfo is random bytes;
 * the certificate is real, and `fingerprint` is its public key's.
 */
export function pkcs12Bytes(options: Pkcs12Options): { bytes: Buffer; fingerprint: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const localKeyId = seq(oid(OID_LOCAL_KEY_ID), der(0x31, octets(randomBytes(20))));
  const attributes = der(0x31, localKeyId);
  const certBag = seq(oid(OID_CERT_BAG), explicit0(seq(oid(OID_X509_CERT), explicit0(octets(selfSignedCertificate(privateKey))))), attributes);
  const contents: Buffer[] = [];
  if (options.encryptedCertificates) {
    const salt = randomBytes(8);
    const iv = randomBytes(16);
    const key = pbkdf2Sync(Buffer.from(options.password, 'utf8'), salt, 2048, 32, 'sha256');
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const ciphertext = Buffer.concat([cipher.update(seq(certBag)), cipher.final()]);
    const pbes2 = seq(
      oid(OID_PBES2),
      seq(
        seq(oid(OID_PBKDF2), seq(octets(salt), der(0x02, Buffer.from([0x08, 0x00])), seq(oid(OID_HMAC_SHA256), der(0x05)))),
        seq(oid(OID_AES256_CBC), octets(iv)),
      ),
    );
    contents.push(seq(oid(OID_ENCRYPTED_DATA), explicit0(seq(int(0), seq(oid(OID_DATA), pbes2, der(0x80, ciphertext))))));
  } else {
    contents.push(seq(oid(OID_DATA), explicit0(octets(seq(certBag)))));
  }
  if (options.withKey) {
    const keyBag = seq(oid(OID_SHROUDED_KEY_BAG), explicit0(seq(seq(oid(OID_PBES2)), octets(randomBytes(160)))), attributes);
    contents.push(seq(oid(OID_DATA), explicit0(octets(seq(keyBag)))));
  }
  const authenticatedSafe = seq(...contents);
  const salt = randomBytes(8);
  const iterations = 2048;
  const macKey = pkcs12Kdf(salt, options.password, iterations);
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  const iterationBytes = Buffer.alloc(2);
  iterationBytes.writeUInt16BE(iterations);
  const macData = seq(seq(seq(oid(OID_SHA256), der(0x05)), octets(mac)), octets(salt), der(0x02, iterationBytes));
  return { bytes: seq(int(3), seq(oid(OID_DATA), explicit0(octets(authenticatedSafe))), macData), fingerprint: spkiFingerprintOf(privateKey) };
}

/** RFC 7292 appendix B.2, ID = 3 (MAC key), SHA-256, one output block. */
function pkcs12Kdf(salt: Buffer, password: string, iterations: number): Buffer {
  const v = 64;
  const repeatTo = (source: Buffer): Buffer => {
    if (source.length === 0) return source;
    const out = Buffer.alloc(v * Math.ceil(source.length / v));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length] as number;
    return out;
  };
  const bmp = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  let block = Buffer.concat([Buffer.alloc(v, 3), repeatTo(salt), repeatTo(bmp)]);
  for (let i = 0; i < iterations; i++) block = createHash('sha256').update(block).digest();
  return block;
}

export type JksEntry = { readonly kind: 'key'; readonly certificate?: Buffer } | { readonly kind: 'certificate'; readonly certificate: Buffer };

/** A JKS (or JCEKS) store, version 2, with a correct "Mighty Aphrodite" integrity digest for `password`. */
export function jksBytes(entries: readonly JksEntry[], password: string, magic: 'JKS' | 'JCEKS' = 'JKS'): Buffer {
  const u32 = (value: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value);
    return b;
  };
  const utf = (text: string): Buffer => {
    const body = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(body.length);
    return Buffer.concat([length, body]);
  };
  const parts: Buffer[] = [u32(magic === 'JKS' ? 0xfeedfeed : 0xcececece), u32(2), u32(entries.length)];
  entries.forEach((entry, index) => {
    parts.push(u32(entry.kind === 'key' ? 1 : 2), utf(`entry${index}`), Buffer.alloc(8, 1));
    if (entry.kind === 'key') {
      const protectedKey = randomBytes(200);
      parts.push(u32(protectedKey.length), protectedKey, u32(entry.certificate === undefined ? 0 : 1));
      if (entry.certificate !== undefined) parts.push(utf('X.509'), u32(entry.certificate.length), entry.certificate);
    } else {
      parts.push(utf('X.509'), u32(entry.certificate.length), entry.certificate);
    }
  });
  const body = Buffer.concat(parts);
  const digest = createHash('sha1').update(Buffer.from(password, 'utf16le').swap16()).update('Mighty Aphrodite', 'utf8').update(body).digest();
  return Buffer.concat([body, digest]);
}

/** An EC key with its self-signed certificate, for keystore tests. */
export function certifiedKey(): { certificate: Buffer; fingerprint: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { certificate: selfSignedCertificate(privateKey), fingerprint: spkiFingerprintOf(privateKey) };
}

// ------------------------------------------------------------------------------------------------
// Real tools (optional cross-checks: the tests that use them skip when the tool is not installed)

/** Whether a command is on PATH. */
export function hasTool(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Runs `fn` in a fresh temporary directory that is removed afterwards (it may hold generated keys). */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-keys-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a tool; throws with its exit status (never its output, which may contain key material). */
export function run(command: string, args: readonly string[], options: { cwd: string; input?: string }): string {
  const result = spawnSync(command, args, { cwd: options.cwd, input: options.input ?? '', encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
  return result.stdout;
}
