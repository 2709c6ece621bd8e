/**
 * What a DSSE envelope says, and whether it covers the artifact. A DSSE signature covers the envelope's
 * payload, not the artifact: for an in-toto statement the artifact is covered only when its digest is
 * one of the statement's subjects. The library checks the envelope and leaves this binding to the
 * caller; without it a valid attestation "verifies" any unrelated file.
 */
import { createHash } from 'node:crypto';
import type { Envelope } from '@sigstore/bundle';
import type { DsseInfo } from './types';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface DsseReading {
  readonly info: DsseInfo;
  /** Plain-words problem when the artifact is not covered; undefined when it is. */
  readonly mismatch: string | undefined;
}

export function readDsse(envelope: Envelope, artifactSha256Hex: string): DsseReading {
  const payloadType = printable(envelope.payloadType);
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    // Not an attestation: the only thing the signature can vouch for is the payload itself.
    const payloadDigest = sha256Hex(envelope.payload);
    return payloadDigest === artifactSha256Hex
      ? { info: { payloadType, subjects: [] }, mismatch: undefined }
      : { info: { payloadType, subjects: [] }, mismatch: `the DSSE payload (type ${payloadType}) is not an in-toto statement and is not the artifact itself` };
  }
  let statement: unknown;
  try {
    statement = JSON.parse(envelope.payload.toString('utf8'));
  } catch {
    return { info: { payloadType, subjects: [] }, mismatch: 'the in-toto statement in the DSSE envelope is not valid JSON' };
  }
  const statementType = field(statement, '_type');
  const predicateType = field(statement, 'predicateType');
  const rawSubjects = Array.isArray(get(statement, 'subject')) ? (get(statement, 'subject') as unknown[]) : [];
  const subjects = rawSubjects.map((s) => {
    const sha256 = field(get(s, 'digest'), 'sha256')?.toLowerCase();
    return { name: field(s, 'name') ?? '', ...(sha256 !== undefined ? { sha256 } : {}) };
  });
  const matched = subjects.find((s) => s.sha256 === artifactSha256Hex);
  const info: DsseInfo = {
    payloadType,
    ...(statementType !== undefined ? { statementType } : {}),
    ...(predicateType !== undefined ? { predicateType } : {}),
    subjects,
    ...(matched !== undefined ? { matchedSubject: matched.name } : {}),
  };
  if (matched) return { info, mismatch: undefined };
  return {
    info,
    mismatch:
      subjects.length === 0
        ? 'the in-toto statement has no subjects, so it covers no artifact'
        : `the artifact's SHA-256 is not among the statement's ${subjects.length} subject digest${subjects.length === 1 ? '' : 's'}: this attestation is about a different file`,
  };
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function get(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function field(value: unknown, key: string): string | undefined {
  const v = get(value, key);
  return typeof v === 'string' ? printable(v) : undefined;
}

function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}
