import { findJwkPrivateKeys } from '../keys/jwk';
import type { RawFinding } from '../types';
import { keyFacts, ROTATE_SIGNING_KEY, T5_DOCS } from './helpers/key-advice';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** JSON Web Keys with private members (`d`, or `k` for symmetric keys), alone or inside a JWKS. */
export const jwkPrivateKey: Rule = {
  meta: {
    id: 'KW107',
    name: 'jwk-private-key',
    title: 'JWK with private key material',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'A JSON Web Key with private members (d, or k for a symmetric key) is in the workspace: anyone who can read the repository can sign tokens or artifacts as you.',
    docs: `
A JSON Web Key (RFC 7517) is private when it carries \`d\` (EC, OKP and RSA keys; RSA keys usually also
\`p\`, \`q\`, \`dp\`, \`dq\`, \`qi\`) or, for a symmetric \`"kty": "oct"\` key, \`k\`. Keyward finds such objects
in JSON files, inside JWKS \`"keys": [...]\` arrays, and embedded in other text: YAML values, \`.env\`
files, source code and escaped JSON strings (\`"{\\"kty\\": …}"\`). The range is the JWK object itself.

Each key is validated by deriving its public half from the private member (and through Node's JWK
importer), so placeholders (\`"d": "..."\`, \`"d": "<your key>"\`) and public keys and JWKS produce
nothing. The finding names the key type, curve or size, \`kid\`, and the SHA-256 fingerprint of the
public key (\`SHA256:\` + base64 of the SubjectPublicKeyInfo), so you can match it to a published JWKS.
Symmetric keys have no public half; they are reported with their size.

${T5_DOCS}

**How to fix.** Remove the private members from the file (a published JWKS needs only \`kty\`, \`crv\`,
\`x\`, \`y\`, \`n\`, \`e\`, \`kid\`), rotate the key (publish a new \`kid\`, stop accepting the old one), and
remove it from git history. Load signing keys from a KMS or secret manager at run time, or sign keyless
with Sigstore.
`,
    fixes: KEY_FILE_FIXES,
  },
  // JWKs are JSON: `"kty"` as a member name, or `\"kty\"` inside an escaped string (see keys/jwk.ts).
  gate: { anchors: ['"kty"', '"kty\\'] },
  check(file) {
    if (file.text === undefined || !file.text.includes('kty')) return [];
    return findJwkPrivateKeys(file.text, file.json()).map((found): RawFinding => {
      const extra = found.kid === undefined ? [] : [`kid ${JSON.stringify(found.kid)}`];
      const what = found.symmetric ? 'JWK symmetric secret key' : 'JWK private key';
      const risk = found.symmetric
        ? 'Anyone who can read this repository can forge tokens and MACs that this key authenticates.'
        : 'Anyone who can read this repository can sign (or decrypt) as you.';
      return {
        ruleId: 'KW107',
        range: found.range,
        message: `${what} (${keyFacts(found.key, extra)}). ${risk} ${ROTATE_SIGNING_KEY}`,
        key: found.key,
        carrier: found.carrier,
        identity: found.identity,
      };
    });
  },
};
