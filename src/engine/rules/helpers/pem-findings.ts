import type { FileContext } from '../rule';
import type { KeyInfo, RawFinding } from '../../types';
import { blockIdentity } from '../../keys/key-messages';
import type { PemBlock } from '../../keys/pem';

/**
 * The loop every PEM key rule runs: each private-key block whose verdict is a key and which the rule
 * selects becomes one finding over the block's range, with the key's description and a non-secret
 * identity. Rules differ only in what they select and how they word it.
 */
export function pemKeyFindings(
  file: FileContext,
  ruleId: string,
  select: (block: PemBlock, key: KeyInfo) => boolean,
  message: (block: PemBlock, key: KeyInfo, encryptionUnknown: boolean) => string,
): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const { block, verdict } of file.judgedPrivateKeys().blocks) {
    if (verdict.kind !== 'key' || !select(block, verdict.key)) continue;
    findings.push({
      ruleId,
      range: block.range,
      message: message(block, verdict.key, verdict.encryptionUnknown === true),
      key: verdict.key,
      carrier: block.carrier,
      identity: blockIdentity(block, verdict.key),
    });
  }
  return findings;
}
