/**
 * Test-time key generation. Every key used in a test is made here, at test time, with node:crypto or
 * byte by byte: no private key is ever committed. Generic on purpose: any key rule's tests may use it.
 *
 * Everything returned as `text` is secret material for the purpose of the tests: assertions may compare
 * it, but tests must never print it (use `assertNoSecretLeak` instead of echoing output).
 */
import { strict as assert } from 'node:assert';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface GeneratedKey {
  /** The armoured private key, ending in a newline. */
  readonly text: string;
  /** The armour label (`RSA PRIVATE KEY` …). */
  readonly label: string;
  /** The fingerprint Keyward should report for it, when derivable. */
  readonly fingerprint?: string;
  /** The SPKI public key PEM (`PUBLIC KEY`), when node:crypto has one for this key. */
  readonly publicPem?: string;
}

// ---------------------------------------------------------------------------------------------------
// Armour and encodings

/** PEM armour: base64 wrapped at 64 columns, optional RFC 1421 headers followed by a blank line. */
export function armor(label: string, bytes: Uint8Array, headers: Readonly<Record<string, string>> = {}, width = 64): string {
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\n`);
  const body = wrap(Buffer.from(bytes).toString('base64'), width);
  return `-----BEGIN ${label}-----\n${headerLines.join('')}${headerLines.length ? '\n' : ''}${body}\n-----END ${label}-----\n`;
}

export function wrap64(base64: string): string {
  return wrap(base64, 64);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\n');
}

/** The base64 body of an armoured block (headers, checksum and markers removed). */
export function pemBody(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => /^[A-Za-z0-9+/]+=*$/.test(line.trim()))
    .join('');
}

/** SHA256:<unpadded base64> over the SPKI DER of a key's public half (Keyward's documented format). */
export function spkiFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

// ---------------------------------------------------------------------------------------------------
// OpenSSL-family PEM keys

export type PemKeyKind = 'rsa-pkcs1' | 'rsa-pkcs8' | 'ec-sec1' | 'ec-pkcs8' | 'ed25519-pkcs8' | 'dsa-pkcs8' | 'dsa-traditional';

export interface GeneratedPemKey extends GeneratedKey {
  readonly privateKey: KeyObject;
  readonly fingerprint: string;
  readonly publicPem: string;
}

/** A fresh unencrypted key in the requested PEM form. RSA defaults to 2048 bits, EC to P-256. */
export function generatePemKey(kind: PemKeyKind, options: { readonly bits?: number; readonly curve?: string } = {}): GeneratedPemKey {
  const { privateKey, publicKey } = generatePair(kind, options);
  const fingerprint = spkiFingerprint(publicKey);
  const publicPem = String(publicKey.export({ type: 'spki', format: 'pem' }));
  const pem = (type: 'pkcs1' | 'pkcs8' | 'sec1'): string => String(privateKey.export({ type, format: 'pem' }));
  switch (kind) {
    case 'rsa-pkcs1':
      return { text: pem('pkcs1'), label: 'RSA PRIVATE KEY', privateKey, fingerprint, publicPem };
    case 'ec-sec1':
      return { text: pem('sec1'), label: 'EC PRIVATE KEY', privateKey, fingerprint, publicPem };
    case 'dsa-traditional':
      return { text: armor('DSA PRIVATE KEY', traditionalDsa(privateKey)), label: 'DSA PRIVATE KEY', privateKey, fingerprint, publicPem };
    default:
      return { text: pem('pkcs8'), label: 'PRIVATE KEY', privateKey, fingerprint, publicPem };
  }
}

function generatePair(kind: PemKeyKind, options: { readonly bits?: number; readonly curve?: string }): { privateKey: KeyObject; publicKey: KeyObject } {
  if (kind.startsWith('rsa')) return generateKeyPairSync('rsa', { modulusLength: options.bits ?? 2048 });
  if (kind.startsWith('ec')) return generateKeyPairSync('ec', { namedCurve: options.curve ?? 'P-256' });
  if (kind.startsWith('ed25519')) return generateKeyPairSync('ed25519');
  return generateKeyPairSync('dsa', { modulusLength: options.bits ?? 1024, divisorLength: 160 });
}

/** OpenSSL's traditional `DSA PRIVATE KEY`: SEQUENCE { 0, p, q, g, y, x }, built from the PKCS#8 and SPKI forms. */
function traditionalDsa(privateKey: KeyObject): Buffer {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  // PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE { OID, SEQUENCE { p, q, g } }, OCTET STRING { INTEGER x } }
  const [, algorithm, wrappedX] = derChildren(pkcs8, derRead(pkcs8, 0));
  const [, parameters] = derChildren(pkcs8, must(algorithm));
  const [p, q, g] = derChildren(pkcs8, must(parameters)).map((node) => derTlv(pkcs8, node));
  const x = derTlv(pkcs8, derRead(pkcs8, must(wrappedX).start));
  // SPKI: SEQUENCE { SEQUENCE { … }, BIT STRING { 0x00, INTEGER y } }
  const [, bitString] = derChildren(spki, derRead(spki, 0));
  const y = derTlv(spki, derRead(spki, must(bitString).start + 1));
  return derSequence([Buffer.from([0x02, 0x01, 0x00]), must(p), must(q), must(g), y, x]);
}

/** PKCS#8 EncryptedPrivateKeyInfo (`ENCRYPTED PRIVATE KEY`), PBES2 with AES-256-CBC. */
export function generateEncryptedPkcs8(kind: 'rsa' | 'ec' = 'ec'): GeneratedKey {
  const { privateKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const text = String(privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: testPassphrase() }));
  return { text, label: 'ENCRYPTED PRIVATE KEY' };
}

/** RFC 1421 legacy encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: AES-256-CBC,…`) of a PKCS#1 or SEC1 key. */
export function generateLegacyEncryptedPem(kind: 'rsa' | 'ec' = 'rsa'): GeneratedKey {
  const { privateKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const text = String(privateKey.export({ type: kind === 'rsa' ? 'pkcs1' : 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: testPassphrase() }));
  return { text, label: kind === 'rsa' ? 'RSA PRIVATE KEY' : 'EC PRIVATE KEY' };
}

function testPassphrase(): string {
  return randomBytes(12).toString('hex');
}

// ---------------------------------------------------------------------------------------------------
// OpenSSH (PROTOCOL.key), built from node:crypto keys so ssh-keygen is not needed

export type OpenSshKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface GeneratedOpenSshKey extends GeneratedKey {
  /** The wire-format public key blob. */
  readonly publicBlob: Buffer;
  /** `ssh-keygen -lf` definition: SHA256 + unpadded base64 of SHA-256 over the blob. */
  readonly fingerprint: string;
  /** The `authorized_keys` line for the public half. */
  readonly authorizedKey: string;
}

export function generateOpenSshKey(
  options: { readonly type?: OpenSshKeyType; readonly encrypted?: boolean; readonly comment?: string } = {},
): GeneratedOpenSshKey {
  const type = options.type ?? 'ed25519';
  const { keyType, publicBlob, privateFields } = sshKeyParts(type);
  const encrypted = options.encrypted === true;
  const check = randomBytes(4);
  let plain = Buffer.concat([check, check, sshString(keyType), privateFields, sshString(options.comment ?? 'keyward-test')]);
  const block = encrypted ? 16 : 8;
  const padding: number[] = [];
  for (let i = 1; (plain.length + padding.length) % block !== 0; i++) padding.push(i);
  plain = Buffer.concat([plain, Buffer.from(padding)]);
  const kdfOptions = encrypted ? Buffer.concat([sshString(randomBytes(16)), uint32(16)]) : Buffer.alloc(0);
  const blob = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString(encrypted ? 'aes256-ctr' : 'none'),
    sshString(encrypted ? 'bcrypt' : 'none'),
    sshString(kdfOptions),
    uint32(1),
    sshString(publicBlob),
    // An encrypted section is ciphertext: random bytes of the padded length have the same structure.
    sshString(encrypted ? randomBytes(plain.length) : plain),
  ]);
  const fingerprint = `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`;
  return {
    text: armor('OPENSSH PRIVATE KEY', blob, {}, 70), // ssh-keygen wraps at 70 columns
    label: 'OPENSSH PRIVATE KEY',
    publicBlob,
    fingerprint,
    authorizedKey: `${keyType} ${publicBlob.toString('base64')} keyward-test`,
  };
}

function sshKeyParts(type: OpenSshKeyType): { keyType: string; publicBlob: Buffer; privateFields: Buffer } {
  if (type === 'ed25519') {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    const pub = Buffer.from(String(jwk.x), 'base64url');
    const seed = Buffer.from(String(jwk.d), 'base64url');
    const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
    return { keyType: 'ssh-ed25519', publicBlob, privateFields: Buffer.concat([sshString(pub), sshString(Buffer.concat([seed, pub]))]) };
  }
  if (type === 'ecdsa') {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.from([4]), Buffer.from(String(jwk.x), 'base64url'), Buffer.from(String(jwk.y), 'base64url')]);
    const keyType = 'ecdsa-sha2-nistp256';
    const publicBlob = Buffer.concat([sshString(keyType), sshString('nistp256'), sshString(point)]);
    const privateFields = Buffer.concat([sshString('nistp256'), sshString(point), sshMpint(Buffer.from(String(jwk.d), 'base64url'))]);
    return { keyType, publicBlob, privateFields };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const [n, e, d, p, q, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.qi].map((v) => Buffer.from(String(v), 'base64url'));
  const publicBlob = Buffer.concat([sshString('ssh-rsa'), sshMpint(must(e)), sshMpint(must(n))]);
  const privateFields = Buffer.concat([must(n), must(e), must(d), must(qi), must(p), must(q)].map(sshMpint));
  return { keyType: 'ssh-rsa', publicBlob, privateFields };
}

export function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

export function sshString(value: string | Uint8Array): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value);
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** A commercial SSH2 encrypted private key (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) with a random sealed part. */
export function generateSsh2EncryptedKey(options: { readonly cipher?: string } = {}): GeneratedKey {
  const inner = Buffer.concat([
    sshString('if-modn{sign{rsa-pkcs1-sha1},encrypt{rsa-pkcs1v2-oaep}}'),
    sshString(options.cipher ?? '3des-cbc'),
    sshString(randomBytes(640)),
  ]);
  const blob = Buffer.concat([uint32(0x3f6ff9eb), uint32(inner.length + 8), inner]);
  const body = wrap64(blob.toString('base64'));
  const label = 'SSH2 ENCRYPTED PRIVATE KEY';
  return { text: `---- BEGIN ${label} ----\nComment: "keyward test key"\n${body}\n---- END ${label} ----\n`, label };
}

/** RFC 4716 public key file (`---- BEGIN SSH2 PUBLIC KEY ----`) for a wire-format public key blob. */
export function ssh2PublicKey(publicBlob: Buffer): string {
  const label = 'SSH2 PUBLIC KEY';
  return `---- BEGIN ${label} ----\nComment: "keyward test key"\n${wrap64(publicBlob.toString('base64'))}\n---- END ${label} ----\n`;
}

// ---------------------------------------------------------------------------------------------------
// Certificates (public material: reporting one would be a false positive)

/** A real self-signed X.509 v3 certificate (`CERTIFICATE` PEM) for an EC P-256 key, built and signed here. */
export function generateCertificate(privateKey: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const ecdsaWithSha256 = der(0x30, Buffer.from('06082a8648ce3d040302', 'hex'));
  const name = der(0x30, der(0x31, der(0x30, Buffer.concat([Buffer.from('0603550403', 'hex'), der(0x0c, Buffer.from('keyward test'))]))));
  const validity = der(0x30, Buffer.concat([der(0x17, Buffer.from('250101000000Z')), der(0x17, Buffer.from('350101000000Z'))]));
  const serial = randomBytes(8);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = der(0x30, Buffer.concat([der(0xa0, der(0x02, Buffer.from([2]))), der(0x02, serial), ecdsaWithSha256, name, validity, name, spki]));
  const signature = sign('sha256', tbs, privateKey);
  return armor('CERTIFICATE', der(0x30, Buffer.concat([tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature]))])));
}

// ---------------------------------------------------------------------------------------------------
// cosign / Sigstore

/**
 * cosign's encrypted key envelope. The ciphertext is random bytes of the length a sealed P-256 PKCS#8
 * key has (138 + 16-byte secretbox tag): the structure is what the detector checks.
 */
export function generateCosignKey(options: { readonly legacyLabel?: boolean } = {}): GeneratedKey {
  const envelope = {
    kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 }, salt: randomBytes(32).toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: randomBytes(24).toString('base64') },
    ciphertext: randomBytes(138 + 16).toString('base64'),
  };
  const label = options.legacyLabel ? 'ENCRYPTED COSIGN PRIVATE KEY' : 'ENCRYPTED SIGSTORE PRIVATE KEY';
  return { text: armor(label, Buffer.from(JSON.stringify(envelope))), label };
}

// ---------------------------------------------------------------------------------------------------
// OpenPGP

export interface GeneratedPgpKey extends GeneratedKey {
  /** The v4 OpenPGP fingerprint (upper-case hex) as `gpg --fingerprint` shows it. */
  readonly fingerprint: string;
  readonly bits: number;
  /** The matching `PGP PUBLIC KEY BLOCK` (Public-Key packet, tag 6, and the User ID). */
  readonly publicText: string;
}

/**
 * An armoured `PGP PRIVATE KEY BLOCK`: a v4 RSA Secret-Key packet (tag 5; unencrypted, or with an
 * S2K-protected random secret part) and a User ID packet, base64 plus the CRC-24 checksum line.
 */
export function generatePgpKey(
  options: { readonly encrypted?: boolean; readonly packetFormat?: 'old' | 'new'; readonly checksum?: boolean; readonly bits?: number } = {},
): GeneratedPgpKey {
  const bits = options.bits ?? 2048;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = privateKey.export({ format: 'jwk' });
  const [n, e, d, p, q, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.qi].map((v) => Buffer.from(String(v), 'base64url'));
  const created = uint32(Math.floor(Date.now() / 1000));
  const publicPart = Buffer.concat([Buffer.from([4]), created, Buffer.from([1]), pgpMpint(must(n)), pgpMpint(must(e))]);
  let secretPart: Buffer;
  if (options.encrypted) {
    // S2K usage 254, AES-256, iterated+salted S2K with SHA-256, IV, then the sealed MPIs (random here).
    secretPart = Buffer.concat([Buffer.from([254, 9, 3, 8]), randomBytes(8), Buffer.from([0xff]), randomBytes(16), randomBytes(bits / 4 + 64)]);
  } else {
    // RFC 4880 wants p < q and u = p⁻¹ mod q: with JWK's p and q swapped, JWK's qi is exactly that u.
    const mpis = Buffer.concat([must(d), must(q), must(p), must(qi)].map(pgpMpint));
    let sum = 0;
    for (const byte of mpis) sum = (sum + byte) & 0xffff;
    secretPart = Buffer.concat([Buffer.from([0]), mpis, Buffer.from([sum >> 8, sum & 0xff])]);
  }
  const secretPacket = pgpPacket(5, Buffer.concat([publicPart, secretPart]), options.packetFormat ?? 'old');
  const userId = pgpPacket(13, Buffer.from('Keyward Test <test@example.invalid>'), 'new');
  const data = Buffer.concat([secretPacket, userId]);
  const fingerprint = createHash('sha1')
    .update(Buffer.from([0x99, publicPart.length >> 8, publicPart.length & 0xff]))
    .update(publicPart)
    .digest('hex')
    .toUpperCase();
  const text = pgpArmor('PGP PRIVATE KEY BLOCK', data, options.checksum !== false);
  const publicText = pgpArmor('PGP PUBLIC KEY BLOCK', Buffer.concat([pgpPacket(6, publicPart, 'old'), userId]), true);
  return { text, label: 'PGP PRIVATE KEY BLOCK', fingerprint, bits, publicText };
}

/** OpenPGP armour: a header, a blank line, base64 at 64 columns and (optionally) the `=XXXX` CRC-24 line. */
export function pgpArmor(label: string, data: Buffer, withChecksum = true): string {
  const checksum = withChecksum ? `=${crc24Base64(data)}\n` : '';
  return `-----BEGIN ${label}-----\nComment: keyward test key\n\n${wrap64(data.toString('base64'))}\n${checksum}-----END ${label}-----\n`;
}

export function pgpMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const value = unsigned.subarray(start);
  const bitCount = (value.length - 1) * 8 + (32 - Math.clz32(value[0] ?? 0));
  return Buffer.concat([Buffer.from([bitCount >> 8, bitCount & 0xff]), value]);
}

export function pgpPacket(tag: number, body: Buffer, format: 'old' | 'new'): Buffer {
  if (format === 'old') return Buffer.concat([Buffer.from([0x80 | (tag << 2) | 1, body.length >> 8, body.length & 0xff]), body]);
  if (body.length < 192) return Buffer.concat([Buffer.from([0xc0 | tag, body.length]), body]);
  const rest = body.length - 192;
  return Buffer.concat([Buffer.from([0xc0 | tag, (rest >> 8) + 192, rest & 0xff]), body]);
}

function crc24Base64(bytes: Uint8Array): string {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  crc &= 0xffffff;
  return Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
}

// ---------------------------------------------------------------------------------------------------
// Carriers: the ways projects embed a key, as fixture text

/** A JSON string value with `\n` escapes, the way a GCP service-account file holds its key. */
export function asJsonString(keyText: string): string {
  return JSON.stringify(keyText);
}

/** Indented under `key: |` as a YAML block scalar. */
export function asYamlBlock(keyName: string, keyText: string, indent = 2): string {
  const pad = ' '.repeat(indent);
  return `${keyName}: |\n${keyText
    .trimEnd()
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n')}\n`;
}

/** A Kubernetes Secret whose `data:` value is the base64 of the key. */
export function asKubernetesSecret(name: string, dataKey: string, keyText: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: Opaque\ndata:\n  ${dataKey}: ${Buffer.from(keyText).toString('base64')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Leak checks

/** A string that occurs nowhere else, for tagging a fixture's surroundings (`KWMARK` + 16 hex digits). */
export function uniqueMarker(): string {
  return `KWMARK${randomBytes(8).toString('hex')}`;
}

/**
 * Puts the marker on the lines just before and after the key (as comments), so a leak test can locate
 * the fixture in any output that quotes context and check that nothing between the markers appears.
 */
export function surroundWithMarker(keyText: string, marker: string, commentPrefix = '#'): string {
  return `${commentPrefix} ${marker} begin\n${keyText}${keyText.endsWith('\n') ? '' : '\n'}${commentPrefix} ${marker} end\n`;
}

/** Every `width`-character window of the key's body: none of them may appear in any output. */
export function secretWindows(keyText: string, width = 16): string[] {
  const body = pemBody(keyText);
  const windows: string[] = [];
  for (let i = 0; i + width <= body.length; i++) windows.push(body.slice(i, i + width));
  return windows;
}

/** Fails (without printing the secret) when `output` contains any 16-character window of the key body. */
export function assertNoSecretLeak(output: string, keyText: string, width = 16): void {
  const leaked = secretWindows(keyText, width).findIndex((window) => output.includes(window));
  assert.equal(leaked, -1, `output contains ${width} characters of key material (window at body offset ${leaked})`);
}

// ---------------------------------------------------------------------------------------------------
// A minimal DER reader/writer for the fixtures above (independent of the engine's own parser)

interface DerNode {
  readonly start: number;
  readonly end: number;
  readonly headerStart: number;
}

function derRead(bytes: Buffer, offset: number): DerNode {
  let length = bytes[offset + 1] ?? 0;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  return { headerStart: offset, start, end: start + length };
}

function derChildren(bytes: Buffer, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let offset = node.start; offset < node.end;) {
    const child = derRead(bytes, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

function derTlv(bytes: Buffer, node: DerNode): Buffer {
  return bytes.subarray(node.headerStart, node.end);
}

function derSequence(parts: readonly Buffer[]): Buffer {
  return der(0x30, Buffer.concat(parts));
}

/** One DER TLV (definite length, up to 64 KiB of content). */
function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const header =
    length < 128 ? Buffer.from([tag, length]) : length < 256 ? Buffer.from([tag, 0x81, length]) : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, content]);
}

function must<T>(value: T | undefined): T {
  assert.ok(value !== undefined, 'fixture construction failed');
  return value;
}
