import type { Rule } from './rule';
import { privateKeyUnverified } from './kw100-private-key-unverified';
import { privateKey } from './kw101-private-key';
import { encryptedPrivateKey } from './kw102-encrypted-private-key';
import { cosignPrivateKey } from './kw103-cosign-private-key';
import { pgpPrivateKey } from './kw104-pgp-private-key';
import { minisignSignifySecretKey } from './kw105-minisign-signify-secret-key';
import { ageSecretKey } from './kw106-age-secret-key';
import { jwkPrivateKey } from './kw107-jwk-private-key';
import { keystoreFile } from './kw108-keystore-file';
import { puttyPrivateKey } from './kw109-putty-private-key';

/**
 * Every rule Keyward ships, in id order. Ids are stable and never reused. The README rule table and
 * docs/rules.md are generated from this table (`npm run docs`), and a test fails when they are stale.
 */
export const RULES: readonly Rule[] = [
  privateKeyUnverified,
  privateKey,
  encryptedPrivateKey,
  cosignPrivateKey,
  pgpPrivateKey,
  minisignSignifySecretKey,
  ageSecretKey,
  jwkPrivateKey,
  keystoreFile,
  puttyPrivateKey,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
