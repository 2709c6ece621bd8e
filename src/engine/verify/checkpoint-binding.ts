/**
 * The inclusion proof must describe the tree the signed checkpoint describes. @sigstore/verify
 * recomputes the Merkle root with the checkpoint's size and compares it with the checkpoint's root
 * hash, and ignores the proof's own `rootHash` and `treeSize`; a bundle can then carry a proof that
 * claims one tree and a checkpoint for another. sigstore-go rejects that, and so does Keyward.
 *
 * Run after the library has verified the checkpoint's signature, so the checkpoint values are trusted.
 */
import type { TransparencyLogEntry } from '@sigstore/bundle';

/** Returns a plain-words problem, or undefined when the entry has no proof or the proof agrees with its checkpoint. */
export function checkpointProofMismatch(entry: TransparencyLogEntry): string | undefined {
  const proof = entry.inclusionProof;
  const envelope = proof?.checkpoint?.envelope;
  if (proof === undefined || envelope === undefined) return undefined;
  // Signed note: the note, a blank line, the signature lines. The note is origin, tree size, root hash (base64).
  const note = envelope.slice(0, envelope.indexOf('\n\n') + 1);
  const [, sizeLine, rootLine] = note.split('\n');
  if (sizeLine === undefined || rootLine === undefined || !/^\d+$/.test(sizeLine) || !/^\d+$/.test(proof.treeSize))
    return 'the inclusion proof or its checkpoint has no valid tree size';
  if (BigInt(sizeLine) !== BigInt(proof.treeSize))
    return `the inclusion proof is for a tree of ${proof.treeSize} entries but its signed checkpoint is for ${sizeLine}`;
  if (!Buffer.from(rootLine, 'base64').equals(Buffer.from(proof.rootHash)))
    return "the inclusion proof's root hash differs from the root hash in its signed checkpoint";
  return undefined;
}
