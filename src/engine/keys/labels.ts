/**
 * What an armour label says a block is. Only `private-key` blocks are validated and reported; public
 * keys and certificates are returned by findPemBlocks too (other checks can match them by fingerprint)
 * but no key rule ever reports them.
 */

export type PemKind = 'private-key' | 'public-key' | 'certificate' | 'other';

/** Which parser validates a private-key block, and so which rule reports it. */
export type PrivateKeyFamily = 'pkcs' | 'openssh' | 'ssh2' | 'cosign' | 'pgp' | 'unknown';

const PKCS = new Set(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);

export function pemKind(label: string): PemKind {
  if (label.includes('PRIVATE KEY') || label.includes('SECRET KEY')) return 'private-key';
  if (label.includes('PUBLIC KEY')) return 'public-key';
  if (label.includes('CERTIFICATE')) return 'certificate';
  return 'other';
}

export function privateKeyFamily(label: string): PrivateKeyFamily | undefined {
  if (pemKind(label) !== 'private-key') return undefined;
  if (PKCS.has(label)) return 'pkcs';
  if (label === 'OPENSSH PRIVATE KEY') return 'openssh';
  if (label.startsWith('SSH2 ')) return 'ssh2';
  if (label.includes('SIGSTORE') || label.includes('COSIGN')) return 'cosign';
  if (label.startsWith('PGP ')) return 'pgp';
  return 'unknown';
}
