import type { KeyInfo } from '../types';

/** The outcome of checking a private-key body: decoded and structurally valid, a placeholder, or broken. */
export type KeyVerdict =
  | {
      readonly kind: 'key';
      readonly key: KeyInfo;
      /** Set when the key was recognised but whether a passphrase protects it could not be read (`key.encrypted` is then false). */
      readonly encryptionUnknown?: true;
    }
  | { readonly kind: 'placeholder' }
  | {
      readonly kind: 'invalid';
      /** Short and generic, never quoting the body: "not valid base64", "truncated OpenSSH key" … */
      readonly reason: string;
    };

export function invalid(reason: string): KeyVerdict {
  return { kind: 'invalid', reason };
}
