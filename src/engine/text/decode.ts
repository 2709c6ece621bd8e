/** Bytes looked at to decide whether a file is binary (as git does). */
export const BINARY_SNIFF_BYTES = 8000;

export type DecodedFile = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

/**
 * Decodes file bytes the way VS Code shows them: UTF-8 (BOM removed) or UTF-16 with a BOM.
 * A NUL byte in the first 8000 bytes of a file without a UTF-16 BOM means binary.
 */
export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  }
  if (isBinary(bytes)) return { kind: 'binary' };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes.subarray(start)) };
}

export function isBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  return Buffer.from(bytes.buffer, bytes.byteOffset, limit).indexOf(0) !== -1;
}
