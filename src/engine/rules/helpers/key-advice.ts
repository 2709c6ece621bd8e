import { algorithmName } from '../../keys/key-messages';
import type { KeyInfo } from '../../types';

/**
 * Message parts shared by the non-PEM key rules (KW105–KW109), so every finding reads the same way:
 * what it is, why it matters, what to do. Nothing here ever receives secret material.
 */

/**
 * `Ed25519, not encrypted, public key SHA256:…`-style facts, from the non-secret KeyInfo (the PEM rules'
 * `keyDetails` in keys/key-messages.ts names the container format instead).
 */
export function keyFacts(key: KeyInfo, extra: readonly string[] = [], protection?: string): string {
  const parts: string[] = [];
  const algorithm = key.algorithm === undefined ? undefined : algorithmName(key.algorithm);
  if (algorithm !== undefined) parts.push([algorithm, key.curve, key.bits === undefined ? undefined : `${key.bits}-bit`].filter(Boolean).join(' '));
  parts.push(protection ?? (key.encrypted ? 'password-encrypted' : 'not encrypted'));
  parts.push(...extra);
  if (key.publicKeyFingerprint !== undefined) parts.push(`public key ${key.publicKeyFingerprint}`);
  return parts.join(', ');
}

/** Why it matters, for a key that signs (or, for SSH keys, `log in and sign as you`). */
export function signingRisk(encrypted: boolean, capability = 'sign as you'): string {
  return encrypted
    ? `The password protects it only until someone guesses it: anyone who can read this repository can copy the key and attack the password offline, then ${capability}.`
    : `Anyone who can read this repository can ${capability}.`;
}

/** What to do with a leaked signing key (threat T5). */
export const ROTATE_SIGNING_KEY =
  'Rotate it: stop trusting this key, create a new one outside the repository (better: in a KMS or HSM), and remove the file from git history; where you can, switch to keyless signing (Sigstore).';

/** The threat-model paragraph every key rule's docs carry. */
export const T5_DOCS =
  '**Threat T5, exposed signing keys:** prefer keyless signing; otherwise keep keys in a KMS or HSM, never keys in the repository. A key that was ever committed must be treated as leaked, even after the file is deleted: it stays in the git history and in every clone.';
