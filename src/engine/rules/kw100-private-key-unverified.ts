import { PEM_ANCHORS } from '../keys/pem';
import { blockIdentity, carrierPhrase } from '../keys/key-messages';
import type { RawFinding } from '../types';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/**
 * KW100: a complete BEGIN…END private-key block whose body looks like real base64 but does not decode
 * to a key: a truncated, corrupted or partly redacted copy. Placeholders (`...`, `<your key>`, short
 * or template bodies) and headers merely named in prose or code produce nothing.
 */
export const privateKeyUnverified: Rule = {
  meta: {
    id: 'KW100',
    name: 'private-key-unverified',
    title: 'Private-key block that does not decode to a key',
    severity: 'information',
    threats: ['T5'],
    kind: 'key',
    summary: 'A private-key block has a body that looks like key material but does not decode to a key: it may be a truncated or corrupted copy of a real key.',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** A complete private-key block (BEGIN line, body, matching END line) whose body is long, varied base64, like real key material, yet fails validation: \`node:crypto\` cannot open it, the OpenSSH or OpenPGP structure is truncated, the armour checksum does not match, or the cosign envelope is broken. The finding says which check failed, never the content.

**What it does not report.** Placeholders (\`...\`, \`<your key here>\`, \`REDACTED\`, \`xxxx\`, template variables, bodies that are too short or too uniform to be a key), documentation and source code that only name a BEGIN header, public keys and certificates. Keys that do decode are reported by KW101–KW104 instead.

**Why it matters.** A partial copy of a real key can still identify it, and it often means the full key was pasted somewhere nearby or in an earlier commit. It is information only: check where the text came from.

**How to fix.** If it is a copy of a real key, treat that key as exposed: rotate it and switch to keyless signing. If it is an example, replace the body with an obvious placeholder such as \`...\`, which Keyward ignores.
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: PEM_ANCHORS },
  check(file) {
    const findings: RawFinding[] = [];
    for (const { block, verdict } of file.judgedPrivateKeys().blocks) {
      if (verdict.kind !== 'invalid') continue;
      findings.push({
        ruleId: 'KW100',
        range: block.range,
        message:
          `Private-key block (${block.label})${carrierPhrase(block, file.text)} that does not decode to a key: ${verdict.reason}. ` +
          'If it is a truncated or corrupted copy of a real key, treat that key as exposed and rotate it; if it is an example, replace the body with a placeholder such as "...".',
        carrier: block.carrier,
        identity: blockIdentity(block),
      });
    }
    return findings;
  },
};
