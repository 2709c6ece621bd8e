import { createHash } from 'node:crypto';
import { createFileContext } from './file-context';
import { RULES } from './rules/registry';
import { RuleGates, type AnchorHits, type GateInput } from './rules/gate';
import type { FileContext, Rule } from './rules/rule';
import { decodeFile, isBinary } from './text/decode';
import { isSuppressedInline, type FileSuppressions } from './suppress';
import { LineIndex } from './text/line-index';
import { forgetYamlRefusals, yamlRefusal } from './yaml/parse';
import { SEVERITY_RANK, silentLogger, type Finding, type Logger, type RawFinding, type Severity } from './types';
import type { WorkspaceFacts } from './workspace-facts';

export interface FileScanInput {
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  /** Decoded text, or undefined for a binary file. */
  readonly text: string | undefined;
  /** Leading bytes of the file, for magic-byte checks. Empty when only text is known (an editor buffer). */
  readonly head?: Uint8Array;
  /** Whether git tracks the file (undefined: unknown). */
  readonly committed: boolean | undefined;
  /** Workspace facts (git remote, default branch, signing workflows) for fixes that infer signer identities. */
  readonly workspace?: WorkspaceFacts;
}

export interface FileScanOptions {
  readonly rules?: readonly Rule[];
  readonly logger?: Logger;
  /** File-based suppressions (the workspace's `.keywardignore`): findings they match are dropped. */
  readonly suppressions?: FileSuppressions;
}

/** Runs every rule over one file and returns its findings, positioned, fingerprinted and sorted. */
export function scanFile(input: FileScanInput, options: FileScanOptions = {}): Finding[] {
  const gates = gatesOf(options.rules ?? RULES);
  const gateInput: GateInput = { path: input.path, hits: input.text === undefined ? NO_HITS : gates.anchors.inText(input.text), binary: input.text === undefined, text: input.text };
  return runRules(input, gates, gateInput, options);
}

/** A file as read from disk: all its bytes, or only the leading ones (key containers over the size cap). */
export interface FileBytesInput extends Omit<FileScanInput, 'text' | 'head'> {
  readonly bytes: Uint8Array;
  /** false: `bytes` is only the head of a larger file. */
  readonly complete: boolean;
}

/**
 * `scanFile` for raw file bytes, as a workspace scan reads them: the rule gates are checked on the bytes,
 * so a file that no rule can report on (nearly all of them) is never decoded. `binary` tells whether the
 * file was binary, for the caller's "skipped" accounting.
 */
export function scanFileBytes(input: FileBytesInput, options: FileScanOptions = {}): ScannedBytes {
  const gates = gatesOf(options.rules ?? RULES);
  // `bytes` may be a reused read buffer: rules get their own copy of the head.
  const head = (): Uint8Array => input.bytes.slice(0, HEAD_BYTES);
  // Only the head of a key container: what binary rules see of it.
  if (!input.complete) return { findings: scanFile({ ...base(input, head()), text: undefined }, options), binary: true };
  // UTF-16 text does not contain the anchors as bytes: decode it first, then gate on the text.
  if (hasUtf16Bom(input.bytes)) {
    const text = (decodeFile(input.bytes) as { text: string }).text;
    return withYamlRefusal(scanFile({ ...base(input, head()), text }, options), false, text);
  }
  const binary = isBinary(input.bytes);
  const gateInput: GateInput = { path: input.path, hits: binary ? NO_HITS : gates.anchors.inBytes(input.bytes), binary };
  if (gates.select(gateInput).length === 0 && !AUDIT_GATES) return { findings: [], binary };
  const decoded = binary ? undefined : decodeFile(input.bytes);
  const text = decoded?.kind === 'text' ? decoded.text : undefined;
  return withYamlRefusal(runRules({ ...base(input, head()), text }, gates, { ...gateInput, text }, options), binary, text);
}

export interface ScannedBytes {
  readonly findings: Finding[];
  readonly binary: boolean;
  /** Why the file's YAML was not parsed (too deeply nested), so its configuration went unchecked; its keys were still looked for. */
  readonly yamlSkipped?: string;
}

function withYamlRefusal(findings: Finding[], binary: boolean, text: string | undefined): ScannedBytes {
  const refusal = yamlRefusal(text);
  return refusal === undefined ? { findings, binary } : { findings, binary, yamlSkipped: refusal };
}

function base(input: FileBytesInput, head: Uint8Array): Omit<FileScanInput, 'text'> {
  return { path: input.path, committed: input.committed, head, ...(input.workspace ? { workspace: input.workspace } : {}) };
}

/** Bytes of a binary file the rules see (magic numbers, keystore headers). */
export const HEAD_BYTES = 64 * 1024;

const NO_HITS: AnchorHits = new Set();

/**
 * The gate audit, on in the unit tests (the runner sets KEYWARD_AUDIT_RULE_GATES=1): every rule a gate
 * turns away runs anyway, and a finding from one is an error. This checks the gates' soundness on every
 * input the tests scan.
 */
let AUDIT_GATES = process.env['KEYWARD_AUDIT_RULE_GATES'] === '1';

/** Turns the gate audit on or off (tests); returns the previous setting. */
export function auditRuleGates(enabled: boolean): boolean {
  const previous = AUDIT_GATES;
  AUDIT_GATES = enabled;
  return previous;
}

const compiledGates = new WeakMap<readonly Rule[], RuleGates<Rule>>();

function gatesOf(rules: readonly Rule[]): RuleGates<Rule> {
  let gates = compiledGates.get(rules);
  if (!gates) {
    gates = new RuleGates(rules);
    compiledGates.set(rules, gates);
  }
  return gates;
}

function runRules(input: FileScanInput, gates: RuleGates<Rule>, gateInput: GateInput, options: FileScanOptions): Finding[] {
  const logger = options.logger ?? silentLogger;
  forgetYamlRefusals();
  const context = createFileContext(input.path, input.text, input.head ?? new Uint8Array(), input.workspace);
  if (AUDIT_GATES) auditGates(context, gates.rejected(gateInput));
  // Built on the first finding: most files have none.
  let lines: LineIndex | undefined;
  const seen = new Set<string>();
  const directives = new Map<number, readonly string[]>();
  const findings: Finding[] = [];
  for (const rule of gates.select(gateInput)) {
    let raw: RawFinding[];
    try {
      raw = rule.check(context);
    } catch (error) {
      // A rule bug must not hide the other rules' findings. Log the error class only: messages from
      // decoders can quote their input, which may be key material.
      logger.error(`rule ${rule.meta.id} failed on ${input.path}: ${errorClass(error)}`);
      continue;
    }
    for (const finding of raw) {
      const key = `${finding.ruleId}:${finding.range.start}:${finding.range.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines ??= new LineIndex(input.text ?? '');
      if (input.text !== undefined && isSuppressedInline(input.text, lines, finding, directives)) continue;
      const completed = complete(finding, rule, input, lines);
      if (options.suppressions?.isSuppressed(completed)) {
        logger.debug(`${completed.ruleId} in ${completed.path} suppressed by .keywardignore`);
        continue;
      }
      findings.push(completed);
    }
  }
  const refusal = yamlRefusal(input.text);
  if (refusal !== undefined) logger.warn(`${input.path}: ${refusal}`);
  return findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}

function auditGates(context: FileContext, rejected: readonly Rule[]): void {
  for (const rule of rejected) {
    if (rule.check(context).length > 0) throw new Error(`rule gate audit: ${rule.meta.id}'s gate turned away ${context.path}, where the rule reports`);
  }
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

function complete(raw: RawFinding, rule: Rule, input: FileScanInput, lines: LineIndex): Finding {
  return {
    ...raw,
    severity: effectiveSeverity(raw, rule, input.committed),
    path: input.path,
    startPosition: lines.positionAt(raw.range.start),
    endPosition: lines.positionAt(raw.range.end),
    committed: input.committed,
    fingerprint: findingFingerprint(raw.ruleId, input.path, raw.identity),
  };
}

/** A key in a file git does not track has not leaked yet: a warning, not an error. */
function effectiveSeverity(raw: RawFinding, rule: Rule, committed: boolean | undefined): Severity {
  const base = raw.severity ?? rule.meta.severity;
  if (rule.meta.kind === 'key' && committed === false && SEVERITY_RANK[base] < SEVERITY_RANK.warning) return 'warning';
  return base;
}

/** Stable across edits that move the finding; the identity is already non-secret (e.g. a public-key fingerprint). */
export function findingFingerprint(ruleId: string, path: string, identity: string): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${identity}`).digest('hex').slice(0, 32);
}

export function errorClass(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} (${code})` : error.name;
  }
  return typeof error;
}
