import { decodeBase64Strict } from './base64';
import { invalid, type KeyVerdict } from './verdict-types';

/**
 * cosign / Sigstore encrypted keys (`ENCRYPTED SIGSTORE PRIVATE KEY`, legacy `ENCRYPTED COSIGN PRIVATE
 * KEY`): the body is base64 of a JSON envelope
 *
 *   {"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"…"},
 *    "cipher":{"name":"nacl/secretbox","nonce":"…"},"ciphertext":"…"}
 *
 * whose ciphertext is the PKCS#8 key sealed with a key derived from the password. Only the envelope is
 * checked; nothing is decrypted here.
 */

/** NaCl secretbox adds a 16-byte tag; a sealed PKCS#8 EC key is well over 100 bytes. */
const MIN_CIPHERTEXT = 48;
const NAME = /^[A-Za-z0-9/_.-]{1,40}$/;

export function judgeCosign(body: string): KeyVerdict {
  const bytes = decodeBase64Strict(body);
  if (!bytes) return invalid('the body is not valid base64');
  let envelope: unknown;
  try {
    envelope = JSON.parse(bytes.toString('utf8'));
  } catch {
    return invalid('its body is not the JSON envelope cosign writes (truncated or corrupted)');
  }
  const kdf = field(envelope, 'kdf');
  const cipher = field(envelope, 'cipher');
  const params = field(kdf, 'params');
  const kdfName = field(kdf, 'name');
  const cipherName = field(cipher, 'name');
  if (typeof kdfName !== 'string' || typeof cipherName !== 'string') return invalid('its envelope lacks the kdf or cipher name');
  if (!['N', 'r', 'p'].every((name) => typeof field(params, name) === 'number')) return invalid('its envelope lacks the KDF parameters');
  if (!isBase64(field(kdf, 'salt')) || !isBase64(field(cipher, 'nonce'))) return invalid('its envelope lacks the salt or nonce');
  const ciphertext = field(envelope, 'ciphertext');
  const sealed = typeof ciphertext === 'string' ? decodeBase64Strict(ciphertext) : undefined;
  if (!sealed || sealed.length < MIN_CIPHERTEXT) return invalid('its ciphertext is missing or too short to hold a key');
  const scheme = `${NAME.test(kdfName) ? kdfName : 'unknown KDF'} + ${NAME.test(cipherName) ? cipherName : 'unknown cipher'}`;
  return { kind: 'key', key: { format: `cosign envelope encrypted with ${scheme}`, encrypted: true } };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function isBase64(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && decodeBase64Strict(value) !== undefined;
}
