import type { Carrier, KeyInfo, TextRange } from '../types';

/** The outcome of checking a private-key body: decoded and structurally valid, a placeholder, or broken. */
export type KeyVerdict =
  | { readonly kind: 'key'; readonly key: KeyInfo }
  | { readonly kind: 'placeholder' }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface PemBlock {
  /** The armour label, e.g. `RSA PRIVATE KEY`, `ENCRYPTED SIGSTORE PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`. */
  readonly label: string;
  /** RFC 1421 / OpenPGP armour headers (`Proc-Type`, `DEK-Info`, `Version` …). */
  readonly headers: ReadonlyMap<string, string>;
  /** The base64 body with whitespace and any armour checksum line removed. Secret: never log it. */
  readonly body: string;
  /** In the original file text: from the start of the BEGIN line to the end of the END line (or the carrying string/value). */
  readonly range: TextRange;
  readonly carrier: Carrier;
  /** Validates the body (memoised). */
  verdict(): KeyVerdict;
}

/** Finds every PEM-armoured block in `text`. Placeholder implementation until the key parsers land. */
export function findPemBlocks(_text: string): PemBlock[] {
  return [];
}
