import { createHash } from 'node:crypto';
import type { KeyInfo } from '../types';
import type { PemBlock } from './pem';

/**
 * Wording shared by the PEM key rules (KW100–KW104). Messages name what was found (type, size, the
 * public half's fingerprint) and where, never any byte of the secret: the only inputs are KeyInfo
 * fields, the label, fixed reasons and the carrier.
 */

export const WHY_IT_MATTERS = 'Anyone who can read this repository can sign as you.';
export const WHAT_TO_DO = 'Rotate the key (revoke it wherever it is trusted) and switch to keyless signing.';

const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  rsa: 'RSA',
  'rsa-pss': 'RSA-PSS',
  ec: 'ECDSA',
  ecdsa: 'ECDSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  eddsa: 'EdDSA',
  x25519: 'X25519',
  x448: 'X448',
  dsa: 'DSA',
  dh: 'DH',
  ecdh: 'ECDH',
  elgamal: 'ElGamal',
  'ed25519-sk': 'Ed25519 security-key',
  'ecdsa-sk': 'ECDSA security-key',
};

/** How messages name an algorithm: `RSA`, `Ed25519` (the parsers' lower-case ids otherwise as they are). */
export function algorithmName(algorithm: string): string {
  return ALGORITHM_NAMES[algorithm] ?? algorithm;
}

/** "RSA 2048-bit", "ECDSA P-256", "Ed25519", or "" when the algorithm is not known (encrypted containers). */
export function keyKind(key: KeyInfo): string {
  if (key.algorithm === undefined) return '';
  const name = algorithmName(key.algorithm);
  if (key.bits !== undefined) return `${name} ${key.bits}-bit`;
  if (key.curve !== undefined && key.curve.toLowerCase() !== key.algorithm) return `${name} ${key.curve}`;
  return name;
}

/** "RSA 2048-bit private key", or just "private key" when the algorithm is not known. */
export function privateKeyNoun(key: KeyInfo): string {
  const kind = keyKind(key);
  return kind === '' ? 'private key' : `${kind} private key`;
}

/** "PKCS#1; public key SHA256:…": the container format and the public half's fingerprint when known. */
export function keyDetails(key: KeyInfo): string {
  return key.publicKeyFingerprint === undefined ? key.format : `${key.format}; public key ${key.publicKeyFingerprint}`;
}

const KUBERNETES_SECRET = /\bkind["']?\s*:\s*["']?Secret\b/;

/** Where in the file the key sits, as a phrase starting with a space ("" for plain text). */
export function carrierPhrase(block: PemBlock, fileText: string | undefined): string {
  switch (block.carrier) {
    case 'escaped-string':
      return ' inside an escaped string (its line breaks written as \\n)';
    case 'base64':
      return fileText !== undefined && KUBERNETES_SECRET.test(fileText) ? ' base64-encoded in a Kubernetes Secret value' : ' base64-encoded in a value';
    default:
      return '';
  }
}

/** A finding's stable identity: the public-key fingerprint when known, else a hash of the body (never the body). */
export function blockIdentity(block: PemBlock, key?: KeyInfo): string {
  return key?.publicKeyFingerprint ?? `sha256:${createHash('sha256').update(block.body).digest('hex')}`;
}
