import type { KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import type { LoadedArtifact } from './artifact';
import { verifyPrehashed } from './prehashed';
import type { SignatureContent } from './vendor/sigstore-verify';

export const HASH_NAMES: Readonly<Record<number, string>> = { 0: 'sha256', 1: 'sha256', 2: 'sha384', 3: 'sha512' };

/** A message signature checked against the artifact digest instead of its bytes. */
export class PrehashedMessageContent implements SignatureContent {
  readonly signature: Buffer;
  private readonly messageDigest: Buffer;
  private readonly hashAlgorithm: string;

  constructor(
    bundle: Bundle,
    private readonly artifact: LoadedArtifact,
  ) {
    if (bundle.content.$case !== 'messageSignature') throw new Error('not a message signature');
    const message = bundle.content.messageSignature;
    this.signature = Buffer.from(message.signature);
    this.messageDigest = Buffer.from(message.messageDigest?.digest ?? []);
    this.hashAlgorithm = HASH_NAMES[message.messageDigest?.algorithm ?? 0] ?? 'unknown';
  }

  compareSignature(signature: Buffer): boolean {
    return this.signature.equals(signature);
  }

  compareDigest(digest: Buffer): boolean {
    return this.messageDigest.equals(digest);
  }

  compareSignedDigest(digest: Buffer): boolean {
    return this.compareDigest(digest);
  }

  /** Checked against the caller's digest (the artifact check compares it with the bundle's). */
  verifySignature(key: KeyObject): boolean {
    const outcome = verifyPrehashed(key, this.artifact.sha256, 'sha256', this.signature);
    if ('unsupported' in outcome) throw new Error(outcome.unsupported);
    return outcome.ok;
  }
}
