import type { Finding } from '../types';

/**
 * A baseline: the findings a team accepted when adopting Keyward, so CI fails only on new ones. Findings
 * are matched by `Finding.fingerprint` (rule + path + the finding's non-secret identity, no line numbers),
 * so moving a key inside its file does not make it "new". The file holds fingerprints, rule ids and paths
 * only: nothing derived from the secret beyond the fingerprint, no messages, no positions.
 */
export interface Baseline {
  readonly version: 1;
  readonly createdAt: string;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly ruleId: string;
  readonly path: string;
  readonly fingerprint: string;
}

/** A baseline file that cannot be used; the message names the problem, never quotes the file. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

export function createBaseline(findings: readonly Finding[], now: Date = new Date()): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) byFingerprint.set(f.fingerprint, { ruleId: f.ruleId, path: f.path, fingerprint: f.fingerprint });
  const entries = [...byFingerprint.values()].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, createdAt: now.toISOString(), findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

const FINGERPRINT = /^[0-9a-f]{16,128}$/;

export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError('the baseline is not valid JSON');
  }
  if (!isRecord(data) || data['version'] !== 1) throw new BaselineError('the baseline must be an object with "version": 1');
  const list = data['findings'];
  if (!Array.isArray(list)) throw new BaselineError('the baseline has no "findings" array');
  const findings = list.map((entry: unknown, index): BaselineEntry => {
    if (
      !isRecord(entry) ||
      typeof entry['ruleId'] !== 'string' ||
      typeof entry['path'] !== 'string' ||
      typeof entry['fingerprint'] !== 'string' ||
      !FINGERPRINT.test(entry['fingerprint'])
    ) {
      throw new BaselineError(`baseline entry ${index + 1} needs "ruleId", "path" and a hex "fingerprint"`);
    }
    return { ruleId: entry['ruleId'], path: entry['path'], fingerprint: entry['fingerprint'] };
  });
  return { version: 1, createdAt: typeof data['createdAt'] === 'string' ? data['createdAt'] : '', findings };
}

/** The findings not in the baseline, and how many were left out because they are. */
export function applyBaseline<F extends Finding>(findings: readonly F[], baseline: Baseline): { findings: F[]; baselined: number } {
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
  const fresh = findings.filter((f) => !known.has(f.fingerprint));
  return { findings: fresh, baselined: findings.length - fresh.length };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
