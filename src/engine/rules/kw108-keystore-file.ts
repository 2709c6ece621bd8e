import { findBase64Keystores, inspectKeystore, KEYSTORE_BASE64_ANCHORS, keystoreFormatByName, type KeystoreVerdict } from '../keys/keystore';
import type { Carrier, RawFinding, TextRange } from '../types';
import { keyFacts, ROTATE_SIGNING_KEY, T5_DOCS } from './helpers/key-advice';
import { KEY_FILE_FIXES } from './helpers/fix-declarations';
import type { Rule } from './rule';

/** PKCS#12 / PFX, JKS, JCEKS and BKS key stores, recognised by their bytes (binary or base64 text). */
export const keystoreFile: Rule = {
  meta: {
    id: 'KW108',
    name: 'keystore-file',
    title: 'PKCS#12 or Java keystore',
    severity: 'error',
    threats: ['T5'],
    kind: 'key',
    summary:
      'A PKCS#12 (.p12/.pfx) or Java keystore holding a private key is in the workspace: anyone who can read the repository can copy it and attack its password offline.',
    docs: `
Key stores bundle a private key with its certificate chain: PKCS#12 / PFX (\`.p12\`, \`.pfx\`), Java
JKS and JCEKS (\`.jks\`, \`.keystore\`, \`.jceks\`) and Bouncy Castle BKS (\`.bks\`). Keyward recognises them
by their bytes, not their names: PKCS#12 by its DER structure (\`SEQUENCE { INTEGER 3, ContentInfo }\`),
JKS by \`FE ED FE ED\`, JCEKS by \`CE CE CE CE\` (BKS, which has no magic, only under a BKS name). A
keystore under any name is found, including base64 text in YAML or CI variables; a \`.p12\` full of
placeholder text is not. Binary findings point at the start of the file.

Keyward also tries a few well-known default passwords (the empty password, \`changeit\` and similar)
against the store's integrity check: a store that opens with one is as exposed as an unencrypted key,
and the message says so (without naming the password). A store whose entries are all trusted
certificates (a truststore) is public data and produces nothing, also when its certificates sit behind
a default password. The fingerprint of the key's public key is reported for JKS and JCEKS stores (from
the key entry's certificate) and for PKCS#12 files that open with a default password.

${T5_DOCS}

**How to fix.** Treat the key inside as leaked: revoke its certificate, issue a new key and certificate
outside the repository, and remove the store from git history. Provide keystores to builds from a
secret store or KMS at run time, or move to keyless signing with Sigstore.
`,
    fixes: KEY_FILE_FIXES,
  },
  gate: { binary: true, anchors: KEYSTORE_BASE64_ANCHORS },
  check(file) {
    const findings: RawFinding[] = [];
    const fromBytes = file.head.length > 0 ? inspectKeystore(file.head, keystoreFormatByName(file.path)) : undefined;
    if (fromBytes !== undefined) {
      findings.push(finding(fromBytes, { start: 0, end: 0 }, 'binary'));
    } else if (file.text !== undefined) {
      for (const found of findBase64Keystores(file.text)) findings.push(finding(found.verdict, found.range, 'base64'));
    }
    return findings;
  },
};

const FORMAT_NAMES: Readonly<Record<KeystoreVerdict['format'], string>> = {
  'PKCS#12': 'PKCS#12 keystore',
  JKS: 'Java keystore (JKS)',
  JCEKS: 'Java keystore (JCEKS)',
  BKS: 'Bouncy Castle keystore (BKS)',
};

function finding(verdict: KeystoreVerdict, range: TextRange, carrier: Carrier): RawFinding {
  const contents =
    verdict.privateKey === 'yes'
      ? `${verdict.keyEntries} private key ${verdict.keyEntries === 1 ? 'entry' : 'entries'}`
      : 'encrypted contents, normally a private key and its certificate';
  const encoded = carrier === 'base64' ? ', base64-encoded' : '';
  const risk = verdict.defaultPassword
    ? 'Anyone who can read this repository can open it and sign as you.'
    : 'Anyone who can read this repository can copy it and attack its password offline, then sign as you.';
  return {
    ruleId: 'KW108',
    range,
    message: `${FORMAT_NAMES[verdict.format]} with ${contents} (${keyFacts(verdict.key, [], verdict.defaultPassword ? 'protected only by a well-known default password' : undefined)}${encoded}). ${risk} ${ROTATE_SIGNING_KEY}`,
    key: verdict.key,
    carrier,
    identity: verdict.identity,
  };
}
