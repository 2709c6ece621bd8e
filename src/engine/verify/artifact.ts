/**
 * The artifact under verification: read a file (or take bytes) and hash it, or take a `sha256:` digest
 * as given. With only a digest the bytes are unknown, which matters for message signatures: their
 * signature must then be checked against the digest itself (see prehashed.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { VerifyError } from './errors';
import type { ArtifactInfo, ArtifactInput } from './types';

export interface LoadedArtifact {
  readonly info: ArtifactInfo;
  /** Undefined when only a digest was given. */
  readonly bytes: Buffer | undefined;
  readonly sha256: Buffer;
}

const DIGEST = /^sha256:([0-9a-fA-F]{64})$/;

/** `true` for `sha256:` followed by exactly 64 hex digits (the conformance protocol's digest form). */
export function isSha256Digest(text: string): boolean {
  return DIGEST.test(text);
}

export function loadArtifact(input: ArtifactInput): LoadedArtifact {
  if ('digest' in input) {
    const match = DIGEST.exec(input.digest);
    if (!match?.[1]) throw new VerifyError('INVALID_DIGEST', 'the artifact digest must be "sha256:" followed by 64 hexadecimal digits');
    const hex = match[1].toLowerCase();
    return { info: { kind: 'digest', sha256: hex }, bytes: undefined, sha256: Buffer.from(hex, 'hex') };
  }
  if ('bytes' in input) {
    const bytes = Buffer.from(input.bytes);
    return withDigest({ kind: 'bytes' }, bytes);
  }
  let bytes: Buffer;
  try {
    if (!statSync(input.path).isFile()) throw new VerifyError('ARTIFACT_UNREADABLE', `the artifact is not a file: ${input.path}`);
    bytes = readFileSync(input.path);
  } catch (error) {
    if (error instanceof VerifyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new VerifyError('ARTIFACT_NOT_FOUND', `no such artifact file: ${input.path}`);
    throw new VerifyError('ARTIFACT_UNREADABLE', `cannot read the artifact ${input.path} (${code ?? 'error'})`, { cause: error });
  }
  return withDigest({ kind: 'file', path: input.path }, bytes);
}

function withDigest(info: { kind: 'file'; path: string } | { kind: 'bytes' }, bytes: Buffer): LoadedArtifact {
  const sha256 = createHash('sha256').update(bytes).digest();
  return { info: { ...info, sha256: sha256.toString('hex') }, bytes, sha256 };
}
