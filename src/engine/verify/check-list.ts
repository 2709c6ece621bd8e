/**
 * Collects the outcome of every check, in a fixed report order, and picks the first failure in that
 * order as "the" reason (earlier checks are the more basic ones: a malformed bundle explains more than
 * a mismatched identity).
 */
import type { Check, CheckId, CheckOutcome, VerificationFailure } from './types';

export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  'bundle-format': 'Bundle format',
  artifact: 'Artifact matches the bundle',
  'public-key': 'Signing key',
  signature: 'Signature',
  'certificate-chain': 'Certificate chains to a trusted Fulcio root',
  sct: 'Certificate transparency (SCT)',
  'tlog-entry': 'Transparency-log entry matches the bundle',
  'tlog-inclusion': 'Transparency-log inclusion (proof and signed checkpoint, or SET)',
  timestamps: 'Trusted signing time (log integrated time, RFC 3161 timestamp)',
  identity: 'Signer identity (certificate SAN)',
  issuer: 'OIDC issuer',
};

const ORDER = Object.keys(CHECK_TITLES) as CheckId[];

export class CheckList {
  private readonly checks = new Map<CheckId, Check>();

  pass(id: CheckId, detail: string): void {
    this.set(id, 'passed', detail);
  }

  fail(id: CheckId, code: string, detail: string): void {
    this.set(id, 'failed', detail, code);
  }

  skip(id: CheckId, detail: string): void {
    this.set(id, 'skipped', detail);
  }

  notApplicable(id: CheckId, detail: string): void {
    this.set(id, 'not-applicable', detail);
  }

  outcome(id: CheckId): CheckOutcome | undefined {
    return this.checks.get(id)?.outcome;
  }

  /** Every check in report order; any check never reached is reported as skipped. */
  list(): Check[] {
    return ORDER.map((id) => this.checks.get(id) ?? { id, title: CHECK_TITLES[id], outcome: 'skipped', detail: 'not checked: an earlier check failed' });
  }

  firstFailure(): VerificationFailure | undefined {
    const failed = this.list().find((c) => c.outcome === 'failed');
    return failed ? { check: failed.id, code: failed.code ?? 'FAILED', reason: failed.detail } : undefined;
  }

  private set(id: CheckId, outcome: CheckOutcome, detail: string, code?: string): void {
    this.checks.set(id, { id, title: CHECK_TITLES[id], outcome, detail, ...(code !== undefined ? { code } : {}) });
  }
}
