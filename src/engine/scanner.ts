import { createHash } from 'node:crypto';
import { createFileContext } from './file-context';
import { RULES } from './rules/registry';
import type { Rule } from './rules/rule';
import { isSuppressedInline, type FileSuppressions } from './suppress';
import { LineIndex } from './text/line-index';
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
  const logger = options.logger ?? silentLogger;
  const context = createFileContext(input.path, input.text, input.head ?? new Uint8Array(), input.workspace);
  const lines = new LineIndex(input.text ?? '');
  const seen = new Set<string>();
  const directives = new Map<number, readonly string[]>();
  const findings: Finding[] = [];
  for (const rule of options.rules ?? RULES) {
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
      if (input.text !== undefined && isSuppressedInline(input.text, lines, finding, directives)) continue;
      const completed = complete(finding, rule, input, lines);
      if (options.suppressions?.isSuppressed(completed)) {
        logger.debug(`${completed.ruleId} in ${completed.path} suppressed by .keywardignore`);
        continue;
      }
      findings.push(completed);
    }
  }
  return findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
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
