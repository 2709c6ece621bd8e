import type { KeyObject } from 'node:crypto';
import { rawPrivateKey, rawPublicKeyBytes } from './key-bytes';

/**
 * RFC 8410 / RFC 5958 OneAsymmetricKey (PKCS#8 v2) for Ed25519: version 1 and the public key in `[1]`.
 * OpenSSL 3.0 (Node 20) refuses the `[1]` field (ASN1 wrong tag) although the key is a real one; ring and
 * other Rust/Go tools write this form. Only the fixed 83-byte layout is read:
 *   30 51 02 01 01 30 05 06 03 2b 65 70 04 22 04 20 <32-byte seed> 81 21 00 <32-byte public key>
 * The result is the key when the stated public key is the seed's own, `mismatch` when it is not.
 */
const PREFIX = Buffer.from('3051020101300506032b657004220420', 'hex');
const PUBLIC_TAG = Buffer.from('812100', 'hex');

export function openEd25519PkcsV2(der: Uint8Array): KeyObject | 'mismatch' | undefined {
  const bytes = Buffer.from(der);
  if (bytes.length !== PREFIX.length + 32 + PUBLIC_TAG.length + 32) return undefined;
  if (!bytes.subarray(0, PREFIX.length).equals(PREFIX) || !bytes.subarray(PREFIX.length + 32, PREFIX.length + 32 + PUBLIC_TAG.length).equals(PUBLIC_TAG))
    return undefined;
  const key = rawPrivateKey('ed25519', bytes.subarray(PREFIX.length, PREFIX.length + 32));
  if (!key) return undefined;
  return rawPublicKeyBytes(key).equals(bytes.subarray(bytes.length - 32)) ? key : 'mismatch';
}
