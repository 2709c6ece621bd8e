import type { KeyInfo } from '../types';
import { decodeBase64Strict } from './base64';
import { sshPublicKeyFingerprint } from './fingerprint';
import { bitLength, SshReader } from './ssh-wire';
import { invalid, type KeyVerdict } from './verdict-types';

/**
 * `OPENSSH PRIVATE KEY` (PROTOCOL.key in OpenSSH): node:crypto cannot open it, so it is parsed here.
 *
 *   "openssh-key-v1\0" string ciphername, string kdfname, string kdfoptions, uint32 N,
 *   N × string publickey, string private-section (encrypted unless ciphername is "none")
 *
 * The public key blobs are never encrypted, so even an encrypted key has a fingerprint: SHA-256 of the
 * first blob, exactly what `ssh-keygen -lf` prints.
 */

const MAGIC = 'openssh-key-v1\0';
/** OpenSSH itself supports one key per file; a handful allows for other writers. */
const MAX_KEYS = 8;

interface SshKeyType {
  readonly algorithm: string;
  readonly curve?: string;
}

const KEY_TYPES: Readonly<Record<string, SshKeyType>> = {
  'ssh-ed25519': { algorithm: 'ed25519' },
  'ssh-ed448': { algorithm: 'ed448' },
  'ssh-rsa': { algorithm: 'rsa' },
  'ssh-dss': { algorithm: 'dsa' },
  'ecdsa-sha2-nistp256': { algorithm: 'ec', curve: 'P-256' },
  'ecdsa-sha2-nistp384': { algorithm: 'ec', curve: 'P-384' },
  'ecdsa-sha2-nistp521': { algorithm: 'ec', curve: 'P-521' },
  'sk-ssh-ed25519@openssh.com': { algorithm: 'ed25519-sk' },
  'sk-ecdsa-sha2-nistp256@openssh.com': { algorithm: 'ecdsa-sk', curve: 'P-256' },
};

export function judgeOpenSsh(body: string): KeyVerdict {
  const bytes = decodeBase64Strict(body);
  if (!bytes) return invalid('the body is not valid base64');
  if (bytes.length < MAGIC.length || bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    return invalid('it does not start with the openssh-key-v1 magic');
  }
  const reader = new SshReader(bytes, MAGIC.length);
  const cipher = reader.name();
  const kdf = reader.name();
  const kdfOptions = reader.string();
  const count = reader.uint32();
  if (cipher === undefined || kdf === undefined || kdfOptions === undefined || count === undefined) return invalid('its OpenSSH header is truncated');
  if (count < 1 || count > MAX_KEYS) return invalid('its OpenSSH key count is implausible');
  const encrypted = cipher !== 'none';
  if (!encrypted && kdf !== 'none') return invalid('its OpenSSH header names a KDF but no cipher');
  const publicBlob = reader.string();
  for (let i = 1; i < count && publicBlob; i++) if (!reader.string()) return invalid('its OpenSSH public key list is truncated');
  if (!publicBlob) return invalid('its OpenSSH public key is truncated');
  const publicKey = readPublicBlob(publicBlob);
  if (!publicKey) return invalid('its OpenSSH public key is malformed');
  const privateSection = reader.string();
  if (!privateSection || privateSection.length === 0) return invalid('its OpenSSH private section is missing or truncated');
  if (encrypted) {
    if (privateSection.length % 8 !== 0) return invalid('its encrypted OpenSSH private section is not whole cipher blocks');
  } else {
    const inner = new SshReader(privateSection);
    const check1 = inner.uint32();
    const check2 = inner.uint32();
    const innerType = inner.name();
    if (check1 === undefined || check1 !== check2) return invalid('its OpenSSH check integers do not match (corrupted)');
    if (innerType !== publicKey.keyType) return invalid('its OpenSSH private section does not match its public key');
  }
  const key: KeyInfo = {
    format: encrypted ? `OpenSSH encrypted with ${cipher}${kdf === 'none' ? '' : ` (${kdf} KDF)`}` : 'OpenSSH',
    algorithm: publicKey.type.algorithm,
    encrypted,
    publicKeyFingerprint: sshPublicKeyFingerprint(publicBlob),
    ...(publicKey.bits === undefined ? {} : { bits: publicKey.bits }),
    ...(publicKey.type.curve === undefined ? {} : { curve: publicKey.type.curve }),
  };
  return { kind: 'key', key };
}

interface PublicKey {
  readonly keyType: string;
  readonly type: SshKeyType;
  readonly bits?: number;
}

/** The wire-format public key: its type name, then type-specific fields (read only as far as the size). */
function readPublicBlob(blob: Uint8Array): PublicKey | undefined {
  const reader = new SshReader(blob);
  const keyType = reader.name();
  if (keyType === undefined) return undefined;
  const type = KEY_TYPES[keyType] ?? { algorithm: keyType };
  if (keyType === 'ssh-rsa') {
    const exponent = reader.string();
    const modulus = reader.string();
    return exponent && modulus ? { keyType, type, bits: bitLength(modulus) } : undefined;
  }
  if (keyType === 'ssh-dss') {
    const p = reader.string();
    return p ? { keyType, type, bits: bitLength(p) } : undefined;
  }
  // Every other type carries at least one more field (the point / curve name).
  return reader.string() ? { keyType, type } : undefined;
}
