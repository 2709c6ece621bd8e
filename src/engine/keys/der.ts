/**
 * A minimal DER reader: just enough to check the outer structure of key containers that node:crypto
 * cannot open without a passphrase (PKCS#8 EncryptedPrivateKeyInfo). It never allocates copies of
 * the input, and every length is bounds-checked, so a hostile body cannot make it read out of range.
 */

export interface DerNode {
  /** The identifier octet (single-byte tags only: universal SEQUENCE = 0x30, OCTET STRING = 0x04 …). */
  readonly tag: number;
  /** Offset of the first content byte. */
  readonly start: number;
  /** Offset just past the last content byte. */
  readonly end: number;
}

export const DER_INTEGER = 0x02;
export const DER_SEQUENCE = 0x30;
export const DER_OCTET_STRING = 0x04;
export const DER_OID = 0x06;

/** Reads the TLV at `offset`; undefined when it is malformed or runs past `limit`. */
export function readDer(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset] ?? 0;
  // High-tag-number form (low five bits all set) never occurs in the structures we read.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = bytes[offset + 1] ?? 0;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // Indefinite length (0x80) is BER, not DER; more than 4 length bytes is absurd for a key.
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  if (end > limit) return undefined;
  return { tag, start, end };
}

/** The children of a constructed node, or undefined when they do not exactly fill it. */
export function derChildren(bytes: Uint8Array, node: DerNode): DerNode[] | undefined {
  const children: DerNode[] = [];
  let offset = node.start;
  while (offset < node.end) {
    const child = readDer(bytes, offset, node.end);
    if (!child) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Dotted-decimal form of an OBJECT IDENTIFIER node's content. */
export function derOid(bytes: Uint8Array, node: DerNode): string | undefined {
  if (node.tag !== DER_OID || node.end <= node.start) return undefined;
  const parts: number[] = [];
  let value = 0;
  for (let i = node.start; i < node.end; i++) {
    const byte = bytes[i] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
