import { PEM_ANCHORS } from '../keys/pem';
import { carrierPhrase, keyDetails } from '../keys/key-messages';
import { pemKeyFindings } from './helpers/pem-findings';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** KW103: a cosign / Sigstore encrypted key (`cosign generate-key-pair` output) whose JSON envelope checks out. */
export const cosignPrivateKey: Rule = {
  meta: {
    id: 'KW103',
    name: 'cosign-private-key',
    title: 'cosign / Sigstore private key',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'A cosign / Sigstore private key (cosign.key) is in the workspace: its password can be guessed offline, after which anyone can sign artifacts as you; keyless signing needs no key at all.',
    docs: `
Threat model **T5, exposed signing keys**: prefer keyless signing; otherwise keep keys in a KMS or HSM; never keep keys in the repository.

**What it finds.** The files \`cosign generate-key-pair\` writes (\`cosign.key\`), labelled \`ENCRYPTED SIGSTORE PRIVATE KEY\` or, by older cosign versions, \`ENCRYPTED COSIGN PRIVATE KEY\`, when the body is cosign's JSON envelope (scrypt KDF parameters, salt, \`nacl/secretbox\` nonce and a ciphertext long enough to hold a key). Also in \`.env\` values, escaped strings and base64 values, such as a Kubernetes \`Secret\` created with \`cosign generate-key-pair k8s://…\`. Nothing is decrypted.

**Why it matters.** The key is only as strong as its password, and the password is often empty, weak, or stored next to it (\`COSIGN_PASSWORD\`). Anyone who can read the repository can attack it offline and then sign images and blobs that your verification policy accepts.

**How to fix.**
1. Rotate: stop trusting the matching \`cosign.pub\` in every verification policy and remove the key pair.
2. Switch to keyless signing: \`cosign sign --yes IMAGE@sha256:…\` in a CI job with an OIDC identity (GitHub Actions \`permissions: id-token: write\`), verified with \`--certificate-identity\` and \`--certificate-oidc-issuer\`.
3. If a long-lived key is unavoidable, create it in a KMS: \`cosign generate-key-pair --kms gcpkms://…\`.
4. Remove the file from the repository (**Stop tracking this file**, **Add to .gitignore**).
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { anchors: PEM_ANCHORS },
  check(file) {
    return pemKeyFindings(
      file,
      'KW103',
      (block) => block.family === 'cosign',
      (block, key) =>
        `cosign / Sigstore private key (${keyDetails(key)})${carrierPhrase(block, file.text)}. ` +
        'Anyone who can read this repository can guess its password offline, without limit, and then sign as you. ' +
        'Rotate the key (remove its cosign.pub from every verification policy) and switch to keyless signing: `cosign sign --yes IMAGE@DIGEST` in a job with an OIDC identity needs no key at all.',
    );
  },
};
