import { createHash, createHmac } from 'node:crypto';
import type { KeyInfo, TextRange } from '../types';
import { decodeBase64Strict, MAX_KEYS_PER_FILE, sshFingerprint } from './key-bytes';

/**
 * PuTTY private key files (`.ppk`, formats 1–3):
 *
 *   PuTTY-User-Key-File-3: ssh-ed25519
 *   Encryption: none | aes256-cbc
 *   Comment: …
 *   Public-Lines: N      followed by N base64 lines (the SSH public-key blob)
 *   Key-Derivation: …    (format 3, encrypted only: Argon2 parameters, any number of `Name: value` lines)
 *   Private-Lines: M     followed by M base64 lines
 *   Private-MAC: <hex>   (format 1: Private-Hash)
 *
 * The structure is checked line by line; the public blob must name the header's algorithm. For an
 * unencrypted key the MAC is checked too (format 2: HMAC-SHA-1 keyed with SHA-1 of a fixed string;
 * format 3: HMAC-SHA-256 with an empty key), which tells a real key from a hand-made look-alike.
 */

export interface PuttyKey {
  /** From the start of the `PuTTY-User-Key-File-` line to the end of the `Private-MAC:` line. */
  readonly range: TextRange;
  readonly key: KeyInfo;
  readonly version: number;
  /** true / false for unencrypted keys, undefined when it cannot be checked without the passphrase. */
  readonly macVerified: boolean | undefined;
  readonly identity: string;
}

const HEADER = /^[ \t]*PuTTY-User-Key-File-([1-3]):[ \t]*([\x21-\x7e]+)[ \t]*\r?$/gm;
/** PuTTY writes at most about 110 lines (RSA-16384); a larger count is not a key file. */
const MAX_LINES = 256;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

export function findPuttyKeys(text: string): PuttyKey[] {
  const found: PuttyKey[] = [];
  for (const match of text.matchAll(HEADER)) {
    if (found.length >= MAX_KEYS_PER_FILE) break;
    const version = Number(match[1]);
    const algorithm = match[2] ?? '';
    const start = match.index + (match[0].length - match[0].trimStart().length);
    const parsed = parseBody(new LineReader(text, match.index + match[0].length), version, algorithm);
    if (parsed !== undefined) found.push({ ...parsed.key, range: { start, end: parsed.end } });
  }
  return found;
}

/** Reads one line at a time after the header; lines keep no terminator and no surrounding blanks. */
class LineReader {
  constructor(
    private readonly text: string,
    private position: number,
  ) {}

  /** The next line's text (trimmed) and where its content ends (before `\r\n`), or undefined at the end. */
  next(): { text: string; end: number } | undefined {
    if (this.text[this.position] !== '\n') return undefined;
    const start = this.position + 1;
    let end = this.text.indexOf('\n', start);
    if (end < 0) end = this.text.length;
    this.position = end;
    const content = this.text.slice(start, end).trimEnd();
    return { text: content.trimStart(), end: start + content.length };
  }

  /** The next line as `Name: value` with the expected name, else undefined. */
  field(name: string): { value: string; end: number } | undefined {
    const line = this.next();
    if (line === undefined || !line.text.startsWith(`${name}:`)) return undefined;
    return { value: line.text.slice(name.length + 1).trim(), end: line.end };
  }

  /** `count` base64 lines joined and strictly decoded. */
  base64Lines(count: number): Buffer | undefined {
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const line = this.next();
      // Fail on the first line that is not base64, so a parse never runs into the next key's header.
      if (line === undefined || !BASE64_LINE.test(line.text)) return undefined;
      parts.push(line.text);
    }
    return decodeBase64Strict(parts.join(''));
  }
}

function parseBody(lines: LineReader, version: number, algorithm: string): { key: Omit<PuttyKey, 'range'>; end: number } | undefined {
  const encryption = lines.field('Encryption')?.value;
  const comment = lines.field('Comment')?.value;
  if (encryption === undefined || comment === undefined) return undefined;
  if (encryption !== 'none' && encryption !== 'aes256-cbc') return undefined;
  const publicCount = lineCount(lines.field('Public-Lines')?.value);
  if (publicCount === undefined) return undefined;
  const publicBlob = lines.base64Lines(publicCount);
  if (publicBlob === undefined) return undefined;
  const details = sshPublicKeyDetails(publicBlob);
  if (details === undefined || details.algorithm !== algorithm) return undefined;

  // Format 3 puts the key-derivation parameters of an encrypted key between the two blobs.
  let privateCount: number | undefined;
  for (let guard = 0; guard < 8 && privateCount === undefined; guard++) {
    const line = lines.next();
    if (line === undefined) return undefined;
    if (line.text.startsWith('Private-Lines:')) privateCount = lineCount(line.text.slice('Private-Lines:'.length).trim());
    else if (version < 3 || !/^[A-Za-z0-9-]+:/.test(line.text)) return undefined;
  }
  if (privateCount === undefined) return undefined;
  const privateBlob = lines.base64Lines(privateCount);
  if (privateBlob === undefined || privateBlob.length === 0) return undefined;
  const encrypted = encryption !== 'none';
  if (encrypted && privateBlob.length % 16 !== 0) return undefined;

  const mac = lines.field(version === 1 ? 'Private-Hash' : 'Private-MAC');
  const macLength = version === 3 ? 64 : 40;
  if (mac === undefined || mac.value.length !== macLength || !/^[0-9a-fA-F]+$/.test(mac.value)) return undefined;

  const macVerified = encrypted || version === 1 ? undefined : verifyMac(version, mac.value, algorithm, encryption, comment, publicBlob, privateBlob);
  const fingerprint = sshFingerprint(publicBlob);
  const key: KeyInfo = {
    format: `PuTTY PPK v${version}`,
    algorithm: details.keyType,
    encrypted,
    publicKeyFingerprint: fingerprint,
    ...(details.bits === undefined ? {} : { bits: details.bits }),
    ...(details.curve === undefined ? {} : { curve: details.curve }),
  };
  return { key: { key, version, macVerified, identity: fingerprint }, end: mac.end };
}

function lineCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const count = Number(value);
  return count >= 1 && count <= MAX_LINES ? count : undefined;
}

function verifyMac(version: number, mac: string, ...fields: [string, string, string, Buffer, Buffer]): boolean {
  const data = Buffer.concat(fields.map((field) => sshString(typeof field === 'string' ? Buffer.from(field, 'utf8') : field)));
  const expected =
    version === 2
      ? createHmac('sha1', createHash('sha1').update('putty-private-key-file-mac-key').digest()).update(data).digest('hex')
      : createHmac('sha256', Buffer.alloc(0)).update(data).digest('hex');
  return expected === mac.toLowerCase();
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

interface SshKeyDetails {
  readonly algorithm: string;
  readonly keyType: string;
  readonly bits?: number;
  readonly curve?: string;
}

const CURVES: Readonly<Record<string, string>> = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' };

/** Reads the algorithm and size out of an SSH public-key blob (RFC 4253 §6.6, RFC 5656, RFC 8709). */
export function sshPublicKeyDetails(blob: Buffer): SshKeyDetails | undefined {
  const fields = readSshStrings(blob, 3);
  const algorithm = fields[0]?.toString('latin1');
  if (algorithm === undefined) return undefined;
  if (algorithm === 'ssh-rsa') {
    const modulus = fields[2];
    return modulus === undefined ? undefined : { algorithm, keyType: 'rsa', bits: bitLength(modulus) };
  }
  if (algorithm === 'ssh-dss') {
    const prime = fields[1];
    return prime === undefined ? undefined : { algorithm, keyType: 'dsa', bits: bitLength(prime) };
  }
  if (algorithm === 'ssh-ed25519') return fields[1]?.length === 32 ? { algorithm, keyType: 'ed25519' } : undefined;
  if (algorithm === 'ssh-ed448') return fields[1]?.length === 57 ? { algorithm, keyType: 'ed448' } : undefined;
  const ecdsa = /^ecdsa-sha2-(nistp\d+)$/.exec(algorithm);
  if (ecdsa?.[1] !== undefined) {
    const curve = CURVES[ecdsa[1]];
    return curve !== undefined && fields[1]?.toString('latin1') === ecdsa[1] && fields[2] !== undefined ? { algorithm, keyType: 'ec', curve } : undefined;
  }
  // FIDO (sk-…@openssh.com) and certificate types: the blob names the algorithm, sizes are fixed.
  return /^[a-z0-9.@-]+$/.test(algorithm) ? { algorithm, keyType: algorithm } : undefined;
}

/** Up to `count` SSH `string`s from the start of the blob; stops at the first malformed one. */
function readSshStrings(blob: Buffer, count: number): Buffer[] {
  const strings: Buffer[] = [];
  let offset = 0;
  while (strings.length < count && offset + 4 <= blob.length) {
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) break;
    strings.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return strings;
}

/** Bit length of an unsigned big-endian integer (SSH mpints carry a leading zero byte when the top bit is set). */
function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + Math.floor(Math.log2(bytes[i] ?? 1)) + 1;
}
