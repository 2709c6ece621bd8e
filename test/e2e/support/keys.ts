// Generates the private keys an e2e workspace needs, at run time, with node:crypto. Real keys (not
// placeholders) are needed because Keyward validates key bodies; none is ever committed to this repository,
// and none is printed: callers get paths and fingerprints only.
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type KeyKind = 'ec-p256-pkcs8' | 'ec-p256-sec1' | 'rsa-2048-pkcs1' | 'ed25519-pkcs8';

export interface KeySpec {
  /** Path relative to the workspace root, with forward slashes. */
  readonly path: string;
  readonly kind: KeyKind;
}

export interface GeneratedKey {
  readonly spec: KeySpec;
  readonly absPath: string;
  /** 0-based line of the `-----BEGIN` marker in the written file. */
  readonly beginLine: number;
  /** SHA-256 of the public key's SPKI DER, hex: safe to log, identifies the key. */
  readonly publicFingerprint: string;
}

export function generatePrivateKeyPem(kind: KeyKind): string {
  switch (kind) {
    case 'ec-p256-pkcs8':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    case 'ec-p256-sec1':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    case 'rsa-2048-pkcs1':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    case 'ed25519-pkcs8':
      return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}

export function publicFingerprint(privatePem: string): string {
  const spki = createPublicKey(privatePem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

/** Writes each key under `root` (creating folders) and describes what was written. */
export function writeGeneratedKeys(root: string, specs: readonly KeySpec[]): GeneratedKey[] {
  return specs.map((spec) => {
    const absPath = path.join(root, ...spec.path.split('/'));
    const pem = generatePrivateKeyPem(spec.kind);
    mkdirSync(path.dirname(absPath), { recursive: true });
    writeFileSync(absPath, pem, { mode: 0o600 });
    const beginLine = pem.split('\n').findIndex((line) => line.startsWith('-----BEGIN '));
    return { spec, absPath, beginLine, publicFingerprint: publicFingerprint(pem) };
  });
}
