import { createHash } from 'node:crypto';
import type { KeyInfo } from '../types';
import { findList, findValue, parseSexp, type Sexp } from './sexp';

/**
 * gpg-agent key files (`~/.gnupg/private-keys-v1.d/<KEYGRIP>.key`), where GnuPG 2.1+ keeps the secret
 * half of every OpenPGP key (and of SSH keys added to the agent). Two layouts:
 *
 * - the canonical S-expression, GnuPG 2.1–2.2: `(11:private-key(3:rsa(1:n257:…` or
 *   `(21:protected-private-key(3:rsa…(9:protected25:openpgp-s2k3-sha1-aes-cbc…`;
 * - the "extended key format", GnuPG 2.3+ (and 2.2 when enabled): `Name: value` lines, the key in
 *   advanced notation under `Key: (private-key (rsa (n #00C1…#)…`.
 *
 * `shadowed-private-key` files are stubs for keys on a smartcard: no secret, nothing to report. The
 * keygrip (what `gpg -K --with-keygrip` shows, and the file name) identifies the key: computed for RSA
 * (SHA-1 over the modulus), else taken from a 40-hex-digit file name.
 */

export const GPG_AGENT_ANCHORS: readonly string[] = ['(private-key', '(protected-private-key', '11:private-key', '21:protected-private-key'];

export interface GpgAgentKey {
  readonly key: KeyInfo;
  /** Upper-case hex keygrip, when known. */
  readonly keygrip: string | undefined;
  /** Non-secret identity: the keygrip, or a hash of the public parameters. */
  readonly identity: string;
  /** Offset of the key expression (the `Key:` line in the extended format) in the text given. */
  readonly offset: number;
}

/** Secret parameters per algorithm: an unprotected key must carry them. */
const SECRET_PARAMETER: Readonly<Record<string, string>> = { rsa: 'd', ecc: 'd', ecdsa: 'd', eddsa: 'd', dsa: 'x', elg: 'x' };
const PUBLIC_PARAMETER: Readonly<Record<string, string>> = { rsa: 'n', ecc: 'q', ecdsa: 'q', eddsa: 'q', dsa: 'y', elg: 'y' };

/**
 * The key in a gpg-agent key file given as latin1 text (one character per byte), or undefined. Only a
 * file that starts with the expression (canonical) or has a `Key:` header line (extended) qualifies.
 */
export function findGpgAgentKey(text: string, path: string): GpgAgentKey | undefined {
  let offset: number;
  let form: string;
  if (/^\s*\(/.test(text)) {
    offset = text.indexOf('(');
    form = 'S-expression';
  } else {
    const header = /^Key:[ \t]*/im.exec(text);
    if (!header) return undefined;
    offset = header.index;
    // Continuation lines start with white space; the parser skips line breaks anyway.
    form = 'extended key format';
    const parsed = parseSexp(text, header.index + header[0].length);
    return parsed ? describeKey(parsed, form, path, offset) : undefined;
  }
  const parsed = parseSexp(text, offset);
  return parsed ? describeKey(parsed, form, path, offset) : undefined;
}

function describeKey(expression: readonly Sexp[], form: string, path: string, offset: number): GpgAgentKey | undefined {
  const [type, body] = expression;
  if ((type !== 'private-key' && type !== 'protected-private-key') || !Array.isArray(body)) return undefined;
  const algorithmName = body[0];
  if (typeof algorithmName !== 'string') return undefined;
  const publicName = PUBLIC_PARAMETER[algorithmName];
  const publicValue = publicName === undefined ? undefined : findValue(body, publicName);
  if (publicValue === undefined || publicValue.length === 0) return undefined;
  let protection: string | undefined;
  if (type === 'protected-private-key') {
    const protectedList = findList(body, 'protected');
    const mode = protectedList?.[1];
    const sealed = protectedList?.[protectedList.length - 1];
    if (typeof mode !== 'string' || !mode.startsWith('openpgp-') || typeof sealed !== 'string' || sealed.length < 16) return undefined;
    protection = mode;
  } else {
    const secret = findValue(body, SECRET_PARAMETER[algorithmName] ?? '');
    if (secret === undefined || secret.length === 0) return undefined;
  }
  const keygrip = algorithmName === 'rsa' ? rsaKeygrip(publicValue) : keygripFromPath(path);
  const key: KeyInfo = {
    format: protection === undefined ? `gpg-agent key file (${form})` : `gpg-agent key file (${form}) protected with ${protection}`,
    encrypted: protection !== undefined,
    ...algorithmFacts(algorithmName, body, publicValue),
  };
  const identity = keygrip ?? `sha256:${createHash('sha256').update(Buffer.from(publicValue, 'latin1')).digest('hex')}`;
  return { key, keygrip, identity, offset };
}

const CURVES: Readonly<Record<string, { algorithm: string; curve?: string }>> = {
  ed25519: { algorithm: 'ed25519' },
  ed448: { algorithm: 'ed448' },
  curve25519: { algorithm: 'x25519' },
  cv25519: { algorithm: 'x25519' },
  x448: { algorithm: 'x448' },
  'nist p-256': { algorithm: 'ec', curve: 'P-256' },
  nistp256: { algorithm: 'ec', curve: 'P-256' },
  'nist p-384': { algorithm: 'ec', curve: 'P-384' },
  nistp384: { algorithm: 'ec', curve: 'P-384' },
  'nist p-521': { algorithm: 'ec', curve: 'P-521' },
  nistp521: { algorithm: 'ec', curve: 'P-521' },
};

function algorithmFacts(name: string, body: readonly Sexp[], publicValue: string): { algorithm: string; bits?: number; curve?: string } {
  if (name === 'rsa') return { algorithm: 'rsa', bits: bitLength(publicValue) };
  if (name === 'dsa' || name === 'elg') {
    const p = findValue(body, 'p');
    return { algorithm: name === 'dsa' ? 'dsa' : 'elgamal', ...(p === undefined ? {} : { bits: bitLength(p) }) };
  }
  const curve = findValue(body, 'curve');
  if (curve === undefined) return { algorithm: 'ec' };
  const known = CURVES[curve.toLowerCase()];
  if (known) return known.curve === undefined ? { algorithm: known.algorithm } : { algorithm: known.algorithm, curve: known.curve };
  return { algorithm: 'ec', curve: /^[\x20-\x7e]{1,40}$/.test(curve) ? curve : 'unknown curve' };
}

/** libgcrypt's RSA keygrip: SHA-1 over the modulus as an unsigned integer with a leading zero byte when its top bit is set. */
function rsaKeygrip(modulus: string): string {
  let bytes = Buffer.from(modulus, 'latin1');
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return createHash('sha1').update(bytes).digest('hex').toUpperCase();
}

function keygripFromPath(path: string): string | undefined {
  const match = /(?:^|\/)([0-9A-Fa-f]{40})\.key$/.exec(path);
  return match?.[1]?.toUpperCase();
}

function bitLength(value: string): number {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + (32 - Math.clz32(value.charCodeAt(i)));
}
