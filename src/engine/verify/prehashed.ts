/**
 * Checking a signature against a digest alone (the artifact was given as `sha256:<hex>`).
 *
 * Node's crypto always hashes the data it verifies: there is no API that takes a ready digest for ECDSA
 * (`crypto.verify(null, digest, ecKey, sig)` hashes `digest` again). ECDSA verification itself only
 * needs the digest, so it is done with @noble/curves (audited, maintained, no dependencies besides
 * @noble/hashes). For RSA PKCS#1 v1.5 Node can recover the signed DigestInfo with `publicDecrypt`,
 * which is compared with the expected one. Ed25519 and RSA-PSS cannot be checked from a digest with
 * these tools: the caller is told to pass the file.
 */
import { constants, publicDecrypt, type KeyObject } from 'node:crypto';
// @noble/curves is an ES module. The bundler inlines (and tree-shakes) it; the unit tests run the plain
// CommonJS transpile, where Node >= 20.19 loads it with require(esm). TypeScript's Node16 module mode
// predates require(esm) and flags the import (TS1479); the types still resolve.
// @ts-expect-error TS1479: CommonJS importing an ES module is supported by Node >= 20.19.
import { p256, p384, p521 } from '@noble/curves/nist.js';

export type PrehashedOutcome = { readonly ok: boolean } | { readonly unsupported: string };

const CURVES = { prime256v1: p256, secp384r1: p384, secp521r1: p521 } as const;

/** DER prefixes of PKCS#1 v1.5 DigestInfo (RFC 8017 section 9.2, note 1). */
const DIGEST_INFO_PREFIX: Readonly<Record<string, string>> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

export function verifyPrehashed(key: KeyObject, digest: Buffer, hashAlgorithm: string, signature: Buffer): PrehashedOutcome {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return verifyEcdsa(key, digest, signature);
    case 'rsa':
      return verifyRsaPkcs1(key, digest, hashAlgorithm, signature);
    default:
      return {
        unsupported: `a ${key.asymmetricKeyType ?? 'unknown'} signature cannot be checked from a digest alone: pass the artifact file instead of its sha256: digest`,
      };
  }
}

function verifyEcdsa(key: KeyObject, digest: Buffer, signature: Buffer): PrehashedOutcome {
  const curveName = key.asymmetricKeyDetails?.namedCurve;
  const curve = curveName !== undefined && curveName in CURVES ? CURVES[curveName as keyof typeof CURVES] : undefined;
  if (curve === undefined) return { unsupported: `ECDSA on curve ${curveName ?? 'unknown'} cannot be checked from a digest: pass the artifact file` };
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return { ok: false };
  const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  try {
    // prehash: false — the message *is* the digest. lowS: false — Sigstore (like Node/OpenSSL) accepts
    // both S forms; malleability is irrelevant because the log entry pins the exact signature bytes.
    return { ok: curve.verify(signature, digest, point, { prehash: false, format: 'der', lowS: false }) };
  } catch {
    return { ok: false };
  }
}

function verifyRsaPkcs1(key: KeyObject, digest: Buffer, hashAlgorithm: string, signature: Buffer): PrehashedOutcome {
  const prefix = DIGEST_INFO_PREFIX[hashAlgorithm];
  if (prefix === undefined) return { unsupported: `RSA with ${hashAlgorithm} cannot be checked from a digest: pass the artifact file` };
  try {
    const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    return { ok: recovered.equals(Buffer.concat([Buffer.from(prefix, 'hex'), digest])) };
  } catch {
    // Not a PKCS#1 v1.5 signature (e.g. RSA-PSS) or not made by this key.
    return { ok: false };
  }
}
