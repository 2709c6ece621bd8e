/**
 * The two transparency-log checks of a verification (verifier.ts): the entry records this signature,
 * digest and signer, and the entry is provably in the log (inclusion proof with a signed checkpoint
 * that agrees with it, or a signed entry timestamp).
 */
import type { TransparencyLogEntry } from '@sigstore/bundle';
import type { KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { checkpointProofMismatch } from './checkpoint-binding';
import type { CheckList } from './check-list';
import { codeOf, libraryMessage } from './describe';
import { tlogVerifierMismatch } from './tlog-binding';
import { verifyTLogBody, verifyTLogInclusion, type SignatureContent, type TrustMaterial } from './vendor/sigstore-verify';

/** Who signed, as far as it is known: the leaf certificate's DER (keyless) and the signing key. */
export interface KnownSigner {
  readonly certificate: Buffer | undefined;
  readonly key: KeyObject | undefined;
}

export function checkTlogEntries(
  entries: readonly TransparencyLogEntry[],
  content: SignatureContent | undefined,
  signer: KnownSigner,
  checks: CheckList,
): void {
  if (entries.length === 0 || content === undefined) {
    checks.fail('tlog-entry', 'TLOG_MISSING', 'the bundle has no transparency-log entry: there is no public record of this signature');
    return;
  }
  try {
    for (const entry of entries) {
      verifyTLogBody(entry, content);
      if (signer.key !== undefined) {
        const mismatch = tlogVerifierMismatch(entry, { certificate: signer.certificate, key: signer.key });
        if (mismatch) {
          checks.fail('tlog-entry', 'TLOG_BODY_ERROR', `${mismatch}: the log entry is about another signer`);
          return;
        }
      }
    }
  } catch (error) {
    checks.fail(
      'tlog-entry',
      codeOf(error, 'TLOG_BODY_ERROR'),
      `the transparency-log entry does not record this signature, digest or signer (${libraryMessage(error)})`,
    );
    return;
  }
  const kinds = [...new Set(entries.map((e) => `${e.kindVersion?.kind ?? '?'} ${e.kindVersion?.version ?? '?'}`))].join(', ');
  checks.pass('tlog-entry', `the ${kinds} entry records this signature, digest and signer`);
}

export function checkTlogInclusion(entries: readonly TransparencyLogEntry[], trust: TrustMaterial, checks: CheckList): void {
  if (entries.length === 0) {
    checks.fail('tlog-inclusion', 'TLOG_MISSING', 'the bundle has no transparency-log entry');
    return;
  }
  const how: string[] = [];
  try {
    for (const entry of entries) {
      verifyTLogInclusion(entry, trust.tlogs);
      const disagreement = checkpointProofMismatch(entry);
      if (disagreement) {
        checks.fail('tlog-inclusion', 'TLOG_INCLUSION_PROOF_ERROR', `${disagreement}: the proof does not describe the log state the log signed`);
        return;
      }
      how.push(
        `log index ${entry.logIndex}: ${[entry.inclusionProof ? 'inclusion proof with signed checkpoint' : '', entry.inclusionPromise ? 'signed entry timestamp (SET)' : ''].filter(Boolean).join(' and ')}`,
      );
    }
  } catch (error) {
    checks.fail(
      'tlog-inclusion',
      codeOf(error, 'TLOG_ERROR'),
      `the proof that the entry is in the transparency log does not check out against the trusted log keys (${libraryMessage(error)})`,
    );
    return;
  }
  const ids = entries.map((e) => ({ logID: e.logId?.keyId, body: e.canonicalizedBody }));
  if (containsDuplicates(ids)) {
    checks.fail('tlog-inclusion', 'TLOG_ERROR', 'the bundle lists the same log entry twice');
    return;
  }
  checks.pass('tlog-inclusion', how.join('; '));
}

/** Whether a bundle lists one timestamp, SCT or log entry twice (a count that would otherwise be inflated). */
export function containsDuplicates(values: readonly unknown[]): boolean {
  return values.some((v, i) => values.slice(i + 1).some((w) => isDeepStrictEqual(v, w)));
}
