import { PEM_ANCHORS } from '../keys/pem';
import { carrierPhrase, keyDetails, privateKeyNoun, WHAT_TO_DO, WHY_IT_MATTERS } from '../keys/key-messages';
import { pemKeyFindings } from './helpers/pem-findings';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/**
 * KW101: an unencrypted private key that node:crypto (PKCS#1, PKCS#8, SEC1, DSA) or the OpenSSH parser
 * actually opened. cosign and OpenPGP keys have their own rules (KW103, KW104).
 */
export const privateKey: Rule = {
  meta: {
    id: 'KW101',
    name: 'private-key',
    title: 'Unencrypted private key',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary: 'An unencrypted private key (PKCS#1, PKCS#8, SEC1, DSA or OpenSSH) is in the workspace: anyone who can read the repository can sign as its owner.',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** PEM private keys that decode to a real key with \`node:crypto\` (\`RSA PRIVATE KEY\`, \`PRIVATE KEY\`, \`EC PRIVATE KEY\`, \`DSA PRIVATE KEY\`) and OpenSSH keys (\`OPENSSH PRIVATE KEY\`) whose cipher is \`none\`. Labels are not trusted: a body is read by its DER structure (PKCS#8, PKCS#1 or SEC1) whatever the label says, so a SEC1 key under the non-standard \`ECDSA PRIVATE KEY\` or a PKCS#8 key under \`RSA PRIVATE KEY\` is reported with its real container and the label it was under. Keys are found wherever they hide: plain files, indented YAML block scalars and heredocs, quoted \`.env\` values, JSON and source strings with \`\\n\` escapes (a GCP service-account \`private_key\`), and base64 values that decode to PEM (Kubernetes \`Secret\` \`data:\`) or to text holding one anywhere inside, one or two base64 levels down: a Docker \`config.json\` \`auth\` value (\`_json_key:\` plus a service-account JSON) or a Kubernetes \`.dockerconfigjson\` value, with the key's line breaks written as \`\\n\` or \`\\\\n\`.

**Why it matters.** Whoever holds the private key can produce signatures that verify as yours: release artifacts, container images, commits, SSH logins. A key that was ever pushed stays in the history of every clone and fork even after the file is deleted.

**What the finding tells you.** The key type and size, and the fingerprint of its public half: \`SHA256:\` + unpadded base64 of SHA-256 over the SubjectPublicKeyInfo DER (the same value Keyward prints for a matching \`cosign.pub\`), or for OpenSSH keys exactly what \`ssh-keygen -lf\` prints. The key itself is never shown.

**How to fix.**
1. Rotate: revoke the key wherever it is trusted (registries, \`authorized_keys\`, verification policies) and stop using it.
2. Switch to keyless signing (\`cosign sign --yes IMAGE@DIGEST\` in a CI job with an OIDC identity), or move the key into a KMS/HSM (\`--key gcpkms://…\`, \`awskms://…\`).
3. Remove the file from the repository (**Stop tracking this file**, **Add to .gitignore**); rewriting history does not un-leak a pushed key.
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: PEM_ANCHORS },
  check(file) {
    return pemKeyFindings(
      file,
      'KW101',
      (block, key) => !key.encrypted && block.family !== 'cosign' && block.family !== 'pgp',
      (block, key) => `Unencrypted ${privateKeyNoun(key)} (${keyDetails(key)})${carrierPhrase(block, file.text)}. ${WHY_IT_MATTERS} ${WHAT_TO_DO}`,
    );
  },
};
