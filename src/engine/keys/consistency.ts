import { createECDH, type KeyObject } from 'node:crypto';

/**
 * OpenSSL opens a PKCS#1/PKCS#8/SEC1 key without checking that its numbers belong together, so a test
 * fixture with an edited modulus or a random EC scalar "decodes" and would be reported as a usable key
 * with a fingerprint. These cheap checks (BigInt products, one EC point multiplication) tell a key that
 * can sign from a damaged key block. The reason returned is fixed text: no key material is ever in it.
 */
export function keyInconsistency(key: KeyObject): string | undefined {
  try {
    if (key.asymmetricKeyType === 'rsa') return rsaInconsistency(key);
    if (key.asymmetricKeyType === 'ec') return ecInconsistency(key);
  } catch {
    return 'its key parameters cannot be read back';
  }
  return undefined;
}

/** n = p·q and d·e ≡ 1 (mod p−1) and (mod q−1): what RSA_check_key verifies first. Multi-prime keys are not judged. */
function rsaInconsistency(key: KeyObject): string | undefined {
  const jwk = key.export({ format: 'jwk' });
  if (!jwk.n || !jwk.e || !jwk.d || !jwk.p || !jwk.q) return undefined;
  const [n, e, d, p, q] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q].map(fromBase64Url) as [bigint, bigint, bigint, bigint, bigint];
  if (p < 2n || q < 2n || n !== p * q) return 'its RSA modulus is not the product of its primes';
  if ((d * e) % (p - 1n) !== 1n || (d * e) % (q - 1n) !== 1n) return 'its RSA private exponent does not invert the public exponent';
  return undefined;
}

const ECDH_CURVES: Readonly<Record<string, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1' };

/** The private scalar is in range (ECDH refuses it otherwise) and d·G is the public point the key carries. */
function ecInconsistency(key: KeyObject): string | undefined {
  const jwk = key.export({ format: 'jwk' });
  const curve = jwk.crv === undefined ? undefined : ECDH_CURVES[jwk.crv];
  if (!curve || !jwk.d || !jwk.x || !jwk.y) return undefined;
  const ecdh = createECDH(curve);
  try {
    ecdh.setPrivateKey(Buffer.from(jwk.d, 'base64url'));
  } catch {
    return 'its EC private scalar is out of range for the curve';
  }
  const derived = ecdh.getPublicKey();
  const stated = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return derived.equals(stated) ? undefined : 'its EC public point does not match its private scalar';
}

function fromBase64Url(value: string): bigint {
  const hex = Buffer.from(value, 'base64url').toString('hex');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}
