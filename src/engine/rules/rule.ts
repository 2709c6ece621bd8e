import type { RawFinding, RuleMeta } from '../types';
import type { KeyVerdict, PemBlock } from '../keys/pem';
import type { WorkspaceFacts } from '../facts/workspace-facts';
import type { RuleGate } from './gate';

/**
 * What a rule sees of one file. Expensive views (PEM blocks, parsed JSON) are computed once per file,
 * on first use, and shared by every rule.
 */
export interface FileContext {
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  /** Decoded text (BOM removed), or undefined for binary files. */
  readonly text: string | undefined;
  /** The first bytes of the file (at least 64 KiB when available): for magic-byte checks on binaries. */
  readonly head: Uint8Array;
  /** Every PEM-armoured block in the file, in every carrier (plain, escaped strings, base64 values). */
  pemBlocks(): readonly PemBlock[];
  /**
   * The private-key blocks of pemBlocks() with their verdicts, in text order. Judging (decoding a key,
   * deriving its public half) is what a file full of keys costs, so blocks are judged only until more of
   * them were keys or broken keys than one file can report (MAX_FINDINGS_PER_FILE); `complete` is false
   * when later blocks were left unjudged. Placeholders are not counted: they cannot push a key out of sight.
   */
  judgedPrivateKeys(): JudgedPrivateKeys;
  /** The file parsed as JSON when its text is JSON, else undefined. */
  json(): unknown;
  /** What the host knows about the workspace (git remote, default branch, signing workflows), for fixes that infer identities. */
  readonly workspace?: WorkspaceFacts;
}

export interface JudgedPrivateKeys {
  readonly blocks: readonly { readonly block: PemBlock; readonly verdict: KeyVerdict }[];
  readonly complete: boolean;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Which files the rule can report on at all: the others are never decoded for it. Every shipped rule has one. */
  readonly gate?: RuleGate;
  check(file: FileContext): RawFinding[];
}
