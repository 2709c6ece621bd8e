import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { base64Unpadded } from './base64';

/**
 * Public-key fingerprints, in one documented format so a user can match a leaked private key to the
 * public key it belongs to:
 *
 *   `SHA256:` + unpadded base64 of SHA-256 over the public key's SubjectPublicKeyInfo DER.
 *
 * That is the digest `openssl pkey -pubout -outform DER | openssl dgst -sha256 -binary | base64` prints
 * (minus the `=` padding), and it is the same whether it is computed from the private key or from a
 * `cosign.pub` / `PUBLIC KEY` PEM, because both hold the same SPKI.
 *
 * OpenSSH keys use OpenSSH's own definition instead (`sshPublicKeyFingerprint`), which is exactly what
 * `ssh-keygen -lf` prints; the same `SHA256:` prefix, computed over the SSH wire-format public key blob.
 */
export function publicKeyFingerprintOfSpki(spkiDer: Uint8Array): string {
  return `SHA256:${base64Unpadded(createHash('sha256').update(spkiDer).digest())}`;
}

/** Fingerprint of a node:crypto key (private or public), via its public half's SPKI. */
export function publicKeyFingerprintOfKey(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return publicKeyFingerprintOfSpki(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Fingerprint of a public key or certificate in PEM form (`cosign.pub`, `PUBLIC KEY`, `CERTIFICATE`); undefined when unreadable. */
export function publicKeyFingerprintOfPem(pem: string): string | undefined {
  try {
    return publicKeyFingerprintOfKey(createPublicKey(pem));
  } catch {
    return undefined;
  }
}

/** OpenSSH's fingerprint: `SHA256:` + unpadded base64 of SHA-256 over the public key blob (as `ssh-keygen -lf`). */
export function sshPublicKeyFingerprint(publicKeyBlob: Uint8Array): string {
  return `SHA256:${base64Unpadded(createHash('sha256').update(publicKeyBlob).digest())}`;
}
