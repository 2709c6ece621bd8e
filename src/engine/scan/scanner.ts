import { mergeRootCauses } from '../findings/root-causes';
import { createHash } from 'node:crypto';
import { createFileContext } from './file-context';
import { FindingCaps, type FindingLimits } from '../findings/finding-caps';
import { RULES } from '../rules/registry';
import { declarationsOf } from '../rules/helpers/fix-declarations';
import { RuleGates, type AnchorHits, type GateInput } from '../rules/gate';
import type { FileContext, Rule } from '../rules/rule';
import { decodeFile, isBinary } from '../text/decode';
import {
  fileSuppression,
  honoursSuppression,
  inlineSuppression,
  type FileSuppressions,
  type InlineDirectiveMemo,
  type SuppressionSplit,
} from '../findings/suppress';
import { LineIndex } from '../text/line-index';
import { SEVERITY_RANK, silentLogger, type Finding, type FindingsNotShown, type Logger, type RawFinding, type RuleFailure, type Severity } from '../types';
import { forgetYamlRefusals, yamlRefusal } from '../yaml/parse';
import { InertJobs } from '../workflows/inert-jobs';
import { withInertJob } from '../workflows/job-blocks';
import type { WorkspaceFacts } from '../facts/workspace-facts';

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
  /** File-based suppressions (the workspace's `.keywardignore`): findings they match are suppressed. */
  readonly suppressions?: FileSuppressions;
  /** true: the repository's own suppressions do not hide key findings (see suppress.ts `honoursSuppression`). */
  readonly untrusted?: boolean;
  /** The findings caps (tests); default MAX_FINDINGS_PER_RULE and MAX_FINDINGS_PER_FILE. */
  readonly limits?: FindingLimits;
  /**
   * The editor's re-check: a workflow's jobs that no rule reads are masked before the rules run, remembering
   * per job text which jobs those are (workflows/inert-jobs.ts). Same findings; faster when one job changed.
   */
  readonly skipInertJobs?: boolean;
}

/**
 * One file's findings, and what they leave out: findings a suppression hid (each with its `suppression`),
 * findings past the caps, and rules that failed. The other lists are present only when not empty (most
 * files), so outcomes stay small between threads and callers compare plain results.
 */
export interface FileScanReport {
  readonly findings: Finding[];
  readonly suppressed?: Finding[];
  readonly truncated?: FindingsNotShown[];
  readonly internalErrors?: RuleFailure[];
  /** Why the file's YAML was not parsed (too deeply nested), so its configuration went unchecked; its keys were still looked for. */
  readonly yamlSkipped?: string;
}

/** Runs every rule over one file and returns its reported findings, positioned, fingerprinted and sorted. */
export function scanFile(input: FileScanInput, options: FileScanOptions = {}): Finding[] {
  return scanFileReport(input, options).findings;
}

/** `scanFile`, also returning the findings a suppression hid (each with its `suppression`). */
export function scanFileWithSuppressed(input: FileScanInput, options: FileScanOptions = {}): SuppressionSplit {
  const report = scanFileReport(input, options);
  return { findings: report.findings, suppressed: report.suppressed ?? [] };
}

/** `scanFile`, with the findings suppressions hid, the findings the caps left out and the rules that failed. */
export function scanFileReport(input: FileScanInput, options: FileScanOptions = {}): FileScanReport {
  const rules = options.rules ?? RULES;
  const gates = gatesOf(rules);
  const gateInput = textGateInput(input, gates);
  if (AUDIT_GATES) auditInertJobs(input, rules, gates, options);
  const masked = options.skipInertJobs === true && input.text !== undefined ? inertJobsOf(rules, gates)?.mask(input.path, input.text) : undefined;
  if (masked !== undefined) {
    const fast = runRules(input, gates, gateInput, options, masked);
    // Masked text the nesting guard refused: the refusal must be the whole file's, so the file is read whole.
    if (yamlRefusal(masked) === undefined) return fast;
  }
  return runRules(input, gates, gateInput, options);
}

function textGateInput(input: FileScanInput, gates: RuleGates<Rule>): GateInput {
  return { path: input.path, hits: input.text === undefined ? NO_HITS : gates.anchors.inText(input.text), binary: input.text === undefined, text: input.text };
}

/**
 * With the gate audit (tests): a workflow scanned with its inert jobs masked has the same report as
 * scanned whole; checked on the input and on the input with one more inert job inserted after its first
 * job, so that every workflow a test scans also checks masking next to its own jobs.
 */
function auditInertJobs(input: FileScanInput, rules: readonly Rule[], gates: RuleGates<Rule>, options: FileScanOptions): void {
  const memory = inertJobsOf(rules, gates);
  if (!memory || input.text === undefined) return;
  const quiet = { ...options, logger: silentLogger };
  for (const text of [input.text, withInertJob(input.text)]) {
    const masked = text === undefined ? undefined : memory.mask(input.path, text);
    if (masked === undefined) continue;
    const variant = { ...input, text };
    const fast = runRules(variant, gates, textGateInput(variant, gates), quiet, masked);
    if (yamlRefusal(masked) !== undefined) continue;
    const full = runRules(variant, gates, textGateInput(variant, gates), quiet);
    if (JSON.stringify(fast) !== JSON.stringify(full)) throw new Error(`inert-job audit: masking the inert jobs of ${input.path} changed its report`);
  }
}

const inertJobsByRules = new WeakMap<readonly Rule[], InertJobs | null>();

/** The inert-job memory of a rule list; null when a rule has no gate (it may read anything). */
function inertJobsOf(rules: readonly Rule[], gates: RuleGates<Rule>): InertJobs | undefined {
  let memory = inertJobsByRules.get(rules);
  if (memory === undefined) {
    const requires = rules.flatMap((rule) => (rule.gate?.requires ? [rule.gate.requires] : []));
    const mentionsRuleInput = (text: string): boolean => gates.anchors.inText(text).size > 0 || requires.some((pattern) => pattern.test(text));
    memory = rules.every((rule) => rule.gate !== undefined) ? new InertJobs({ mentionsRuleInput }) : null;
    inertJobsByRules.set(rules, memory);
  }
  return memory ?? undefined;
}

/** The text the rules read in the editor's re-check of `path`: its inert jobs masked, or undefined when none is (tests). */
export function textWithInertJobsMasked(path: string, text: string, rules: readonly Rule[] = RULES): string | undefined {
  return inertJobsOf(rules, gatesOf(rules))?.mask(path, text);
}

/** How many job texts the inert-job memory of `rules` parsed so far (operation-count tests). */
export function inertJobParses(rules: readonly Rule[] = RULES): number {
  return inertJobsByRules.get(rules)?.parses ?? 0;
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
export function scanFileBytes(input: FileBytesInput, options: FileScanOptions = {}): FileScanReport & { binary: boolean } {
  const gates = gatesOf(options.rules ?? RULES);
  // `bytes` may be a reused read buffer: rules get their own copy of the head.
  const head = (): Uint8Array => input.bytes.slice(0, HEAD_BYTES);
  // Only the head of a key container: what binary rules see of it.
  if (!input.complete) return { ...scanFileReport({ ...base(input, head()), text: undefined }, options), binary: true };
  // UTF-16 text does not contain the anchors as bytes: decode it first, then gate on the text.
  if (hasUtf16Bom(input.bytes)) {
    const text = (decodeFile(input.bytes) as { text: string }).text;
    return withYamlRefusal(scanFileReport({ ...base(input, head()), text }, options), false, text);
  }
  const binary = isBinary(input.bytes);
  const gateInput: GateInput = { path: input.path, hits: binary ? NO_HITS : gates.anchors.inBytes(input.bytes), binary };
  if (!AUDIT_GATES && !gates.admitsAny(gateInput)) return { findings: [], binary };
  const decoded = binary ? undefined : decodeFile(input.bytes);
  const text = decoded?.kind === 'text' ? decoded.text : undefined;
  return withYamlRefusal(runRules({ ...base(input, head()), text }, gates, { ...gateInput, text }, options), binary, text);
}

/** `yamlSkipped`: why the file's YAML was not parsed (too deeply nested), so its configuration went unchecked. */
function withYamlRefusal(report: FileScanReport, binary: boolean, text: string | undefined): FileScanReport & { binary: boolean } {
  const refusal = yamlRefusal(text);
  return refusal === undefined ? { ...report, binary } : { ...report, binary, yamlSkipped: refusal };
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

/** `ruleText`: what the rules read when it is not the file's text (inert jobs masked); positions and suppressions stay the file's. */
function runRules(input: FileScanInput, gates: RuleGates<Rule>, gateInput: GateInput, options: FileScanOptions, ruleText = input.text): FileScanReport {
  const logger = options.logger ?? silentLogger;
  forgetYamlRefusals();
  const context = createFileContext(input.path, ruleText, input.head ?? new Uint8Array(), input.workspace);
  if (AUDIT_GATES) auditGates(context, gates.rejected(gateInput));
  // Built on the first finding: most files have none.
  let lines: LineIndex | undefined;
  const seen = new Set<string>();
  const directives: InlineDirectiveMemo = new Map();
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const caps = new FindingCaps(input.path, options.limits);
  const internalErrors: RuleFailure[] = [];
  for (const rule of gates.select(gateInput)) {
    let raw: RawFinding[];
    const incompleteBefore = context.incompleteReads;
    try {
      raw = rule.check(context);
    } catch (error) {
      // A rule bug must not hide the other rules' findings, nor pass for a clean file: the failure is part
      // of the result. Only the error class is kept: messages from decoders can quote their input, which
      // may be key material.
      internalErrors.push({ path: input.path, ruleId: rule.meta.id, errorClass: errorClass(error) });
      logger.error(`rule ${rule.meta.id} failed on ${input.path}: ${errorClass(error)}`);
      continue;
    }
    if (context.incompleteReads !== incompleteBefore) caps.markIncomplete(rule.meta.id);
    for (const reported of raw) {
      const finding = withRuleId(reported, rule);
      if (AUDIT_GATES) auditFixDeclarations(finding, rule);
      const key = `${finding.ruleId}:${finding.range.start}:${finding.range.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines ??= new LineIndex(input.text ?? '');
      const completed = complete(finding, rule, input, lines);
      const suppression =
        (input.text === undefined ? undefined : inlineSuppression(lines, finding, directives)) ??
        (options.suppressions ? fileSuppression(options.suppressions, completed) : undefined);
      if (!suppression) {
        if (caps.admit(completed.ruleId)) findings.push(completed);
      } else if (honoursSuppression(rule.meta.kind, options.untrusted === true)) {
        logger.debug(`${completed.ruleId} in ${completed.path} suppressed (${suppression.source})`);
        suppressed.push({ ...completed, suppression });
      } else {
        // Untrusted: the repository's own suppression does not hide its key; the finding says it was there.
        logger.debug(`${completed.ruleId} in ${completed.path}: repository suppression (${suppression.source}) not honoured in an untrusted workspace`);
        if (caps.admit(completed.ruleId)) findings.push({ ...completed, suppression });
      }
    }
  }
  const refusal = yamlRefusal(input.text);
  if (refusal !== undefined) logger.warn(`${input.path}: ${refusal}`);
  const truncated = caps.notShown();
  const order = (a: Finding, b: Finding): number => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId);
  return {
    findings: mergeRootCauses(findings.sort(order)),
    ...(suppressed.length > 0 ? { suppressed: suppressed.sort(order) } : {}),
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(internalErrors.length > 0 ? { internalErrors } : {}),
  };
}

function auditGates(context: FileContext, rejected: readonly Rule[]): void {
  for (const rule of rejected) {
    if (rule.check(context).length > 0) throw new Error(`rule gate audit: ${rule.meta.id}'s gate turned away ${context.path}, where the rule reports`);
  }
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** The rule's id is its meta's: stamped here, so rules need not restate it, and checked (tests) where they do. */
function withRuleId(raw: RawFinding, rule: Rule): RawFinding & { readonly ruleId: string } {
  if (raw.ruleId === rule.meta.id) return raw as RawFinding & { readonly ruleId: string };
  if (raw.ruleId !== undefined && AUDIT_GATES) throw new Error(`rule audit: ${rule.meta.id} reported a finding as ${raw.ruleId}`);
  return { ...raw, ruleId: rule.meta.id };
}

/** With the gate audit (tests): every fix a rule emits matches exactly one fix its meta declares. */
function auditFixDeclarations(raw: RawFinding, rule: Rule): void {
  for (const fix of raw.fixes ?? []) {
    const matches = declarationsOf(rule.meta, fix).length;
    if (matches !== 1) throw new Error(`rule audit: ${rule.meta.id}'s fix "${fix.title}" (${fix.safety}) matches ${matches} of the fixes its meta declares`);
  }
}

function complete(raw: RawFinding & { readonly ruleId: string }, rule: Rule, input: FileScanInput, lines: LineIndex): Finding {
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
