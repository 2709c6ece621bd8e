/**
 * A bounds-checked reader for the SSH wire encoding (RFC 4251 §5): uint32, string, mpint. Every read
 * returns undefined instead of running past the end, so truncated keys are reported, never thrown on.
 */
export class SshReader {
  private offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly limit = bytes.length,
  ) {
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.limit - this.offset;
  }

  uint32(): number | undefined {
    if (this.offset + 4 > this.limit) return undefined;
    const b = this.bytes;
    const value = (((b[this.offset] ?? 0) << 24) >>> 0) + ((b[this.offset + 1] ?? 0) << 16) + ((b[this.offset + 2] ?? 0) << 8) + (b[this.offset + 3] ?? 0);
    this.offset += 4;
    return value;
  }

  /** A length-prefixed byte string (a view, not a copy). */
  string(): Uint8Array | undefined {
    const length = this.uint32();
    if (length === undefined || length > this.remaining) return undefined;
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** A length-prefixed string of printable ASCII (algorithm and cipher names), at most `max` long. */
  name(max = 64): string | undefined {
    const value = this.string();
    if (value === undefined || value.length > max) return undefined;
    for (const byte of value) if (byte < 0x20 || byte > 0x7e) return undefined;
    return Buffer.from(value).toString('latin1');
  }
}

/** Bit length of a big-endian unsigned integer (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] ?? 0));
}
