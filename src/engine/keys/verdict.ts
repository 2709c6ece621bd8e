import { createPrivateKey } from 'node:crypto';
import { keyInconsistency } from './consistency';
import { decodeBase64Strict } from './base64';
import { judgeCosign } from './cosign';
import { privateKeyFamily } from './labels';
import { judgeOpenSsh } from './openssh';
import { judgePgp } from './pgp';
import { isPlaceholderBody } from './placeholder';
import { describe, isLegacyEncrypted, isWholeDerSequence, judgeLegacyEncrypted, judgePkcs, openByStructure } from './pkcs';
import { judgeSsh2 } from './ssh2';
import { invalid, type KeyVerdict } from './verdict-types';

export interface ArmorContent {
  readonly label: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  readonly checksum?: string;
}

/**
 * Validates a block by its label's family. A body that does not validate is a placeholder when it
 * cannot be a damaged real key (not base64, very short, a template word, no variety), else invalid.
 */
export function judge(block: ArmorContent): KeyVerdict {
  const verdict = validate(block);
  // Only a private-key block can be a placeholder for a key: a public key or certificate whose random base64
  // happens to spell "your" or "todo" is still just not a private key.
  if (verdict.kind === 'invalid' && privateKeyFamily(block.label) !== undefined && isPlaceholderBody(block.body)) return { kind: 'placeholder' };
  return verdict;
}

function validate({ label, headers, body, checksum }: ArmorContent): KeyVerdict {
  switch (privateKeyFamily(label)) {
    case 'pkcs':
      return judgePkcs(label, headers, body);
    case 'openssh':
      return judgeOpenSsh(body);
    case 'ssh2':
      return judgeSsh2(body);
    case 'cosign':
      return judgeCosign(body);
    case 'pgp':
      return judgePgp(body, checksum);
    case 'unknown':
      return isLegacyEncrypted(headers) ? judgeLegacyEncrypted(undefined, headers, body) : judgeUnknownLabel(label, body);
    case undefined:
      return invalid('not a private key');
  }
}

/** Some tools write keys under their own label (`ED25519 PRIVATE KEY`, `ECDSA PRIVATE KEY` …): open the body as PKCS#8, PKCS#1 or SEC1, whichever it is. */
function judgeUnknownLabel(label: string, body: string): KeyVerdict {
  const der = decodeBase64Strict(body);
  if (!der || der.length === 0) return invalid('the body is not valid base64');
  if (!isWholeDerSequence(der)) return invalid('its label is not a private-key format Keyward can validate');
  try {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const inconsistent = keyInconsistency(key);
    if (inconsistent) return invalid(`it decodes, but ${inconsistent}: not a usable key`);
    return { kind: 'key', key: describe(key, 'PKCS#8 (non-standard label)') };
  } catch {
    // `ECDSA PRIVATE KEY` over a SEC1 body, `ED25519 PRIVATE KEY` over PKCS#1…: read the body by its structure.
    return openByStructure(der, label) ?? invalid('its label is not a private-key format Keyward can validate');
  }
}
