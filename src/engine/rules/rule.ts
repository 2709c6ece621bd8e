import type { RawFinding, RuleMeta } from '../types';
import type { PemBlock } from '../keys/pem';
import type { WorkspaceFacts } from '../workspace-facts';
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
  /** The file parsed as JSON when its text is JSON, else undefined. */
  json(): unknown;
  /** What the host knows about the workspace (git remote, default branch, signing workflows), for fixes that infer identities. */
  readonly workspace?: WorkspaceFacts;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Which files the rule can report on at all: the others are never decoded for it. Every shipped rule has one. */
  readonly gate?: RuleGate;
  check(file: FileContext): RawFinding[];
}
