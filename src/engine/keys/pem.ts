import type { Carrier, TextRange } from '../types';
import { findArmorBlocks, type ArmorBlock } from './armor';
import { EMBEDDED_PEM_ANCHORS, findBase64PemTokens, findEmbeddedBase64PemTokens } from './base64-carrier';
import { pemKind, privateKeyFamily, type PemKind, type PrivateKeyFamily } from './labels';
import { judge } from './verdict';
import type { KeyVerdict } from './verdict-types';

export type { KeyVerdict } from './verdict-types';
export type { PemKind, PrivateKeyFamily } from './labels';

export interface PemBlock {
  /** The armour label, e.g. `RSA PRIVATE KEY`, `ENCRYPTED SIGSTORE PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`. */
  readonly label: string;
  /** RFC 1421 / OpenPGP armour headers (`Proc-Type`, `DEK-Info`, `Version` …). */
  readonly headers: ReadonlyMap<string, string>;
  /** The base64 body with whitespace and any armour checksum line removed. Secret: never log it. */
  readonly body: string;
  /**
   * In the original file text. Text and escaped-string carriers: from the first `-` of the BEGIN marker
   * to the last `-` of the END marker (so the first and last lines are the BEGIN and END lines); base64
   * carrier: the whole encoded value.
   */
  readonly range: TextRange;
  readonly carrier: Carrier;
  /** What the label says this is; only `private-key` blocks can be keys (see labels.ts). */
  readonly kind: PemKind;
  /** For private-key blocks: which validator reads it. */
  readonly family?: PrivateKeyFamily;
  /** An OpenPGP armour checksum (`=XXXX` line, without `=`), when present. */
  readonly checksum?: string;
  /** Validates the body (memoised). Always `invalid` for blocks that are not private keys. */
  verdict(): KeyVerdict;
}

/**
 * Every PEM block contains one of these: the BEGIN marker (plain, indented, or in an escaped string) or
 * its base64 encoding, at the start of a value or anywhere inside one, once or twice encoded (see base64-carrier.ts).
 */
export const PEM_ANCHORS: readonly string[] = ['-----BEGIN', '---- BEGIN', 'LS0tLS1CRUdJTi', 'LS0tLSBCRUdJTi', ...EMBEDDED_PEM_ANCHORS];

/**
 * Finds every PEM-armoured block in `text`, in every carrier: plain or indented text (YAML block
 * scalars, heredocs, comment-prefixed lines, quoted `.env` values), string literals with `\n` escapes,
 * and base64 values that decode to armour (Kubernetes Secret `data:`). Sorted by position.
 */
export function findPemBlocks(text: string): PemBlock[] {
  const armored = findArmorBlocks(text);
  const blocks = armored.map((block) => createBlock(block, block.escaped ? 'escaped-string' : 'text', block.range));
  let next = 0; // armour blocks and tokens are both in text order: one sweep skips the tokens inside blocks
  const tokens = [...findBase64PemTokens(text), ...findEmbeddedBase64PemTokens(text)].sort((a, b) => a.range.start - b.range.start);
  for (const token of tokens) {
    while (next < armored.length && (armored[next]?.range.end ?? 0) <= token.range.start) next++;
    const around = armored[next];
    // A base64 run inside a block already found is part of that block's body, not a second carrier.
    if (around && around.range.start <= token.range.start) continue;
    for (const inner of findArmorBlocks(token.decoded)) blocks.push(createBlock(inner, 'base64', token.range));
  }
  return blocks.sort((a, b) => a.range.start - b.range.start);
}

function createBlock(block: ArmorBlock, carrier: Carrier, range: TextRange): PemBlock {
  let verdict: KeyVerdict | undefined;
  const family = privateKeyFamily(block.label);
  return {
    label: block.label,
    headers: block.headers,
    body: block.body,
    range,
    carrier,
    kind: pemKind(block.label),
    ...(family === undefined ? {} : { family }),
    ...(block.checksum === undefined ? {} : { checksum: block.checksum }),
    verdict() {
      verdict ??= judge(block);
      return verdict;
    },
  };
}
