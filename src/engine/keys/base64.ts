/**
 * Strict base64 for key bodies. Buffer.from(…, 'base64') silently skips junk characters, which would
 * let a corrupted or placeholder body "decode"; this checks the alphabet and padding first.
 */

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 (padding optional); undefined when the text is not base64. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!STANDARD.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, '');
  // A final group of one character cannot encode a whole byte.
  if (unpadded.length % 4 === 1) return undefined;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded, 'base64');
}

/** Base64 without padding, the form ssh-keygen and cosign print fingerprints in. */
export function base64Unpadded(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}
