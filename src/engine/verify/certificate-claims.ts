/**
 * What a Fulcio certificate claims about the signer: SAN (identity), OIDC issuer, and the CI claims
 * Fulcio copies from the OIDC token into extensions under 1.3.6.1.4.1.57264.1 (see Fulcio's
 * docs/oid-info.md). Extensions .1–.6 are the deprecated raw-string forms; .8 and later are
 * DER-encoded UTF8Strings.
 */
import { createHash, X509Certificate as NodeX509 } from 'node:crypto';
import type { X509Certificate } from '@sigstore/core';
import type { FulcioExtension, GitHubActionsClaims, SignerInfo } from './types';

const FULCIO_ARC = '1.3.6.1.4.1.57264.1.';
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

const FULCIO_NAMES: Readonly<Record<number, string>> = {
  1: 'Issuer (deprecated)',
  2: 'GitHub Workflow Trigger (deprecated)',
  3: 'GitHub Workflow SHA (deprecated)',
  4: 'GitHub Workflow Name (deprecated)',
  5: 'GitHub Workflow Repository (deprecated)',
  6: 'GitHub Workflow Ref (deprecated)',
  7: 'OtherName SAN',
  8: 'Issuer',
  9: 'Build Signer URI',
  10: 'Build Signer Digest',
  11: 'Runner Environment',
  12: 'Source Repository URI',
  13: 'Source Repository Digest',
  14: 'Source Repository Ref',
  15: 'Source Repository Identifier',
  16: 'Source Repository Owner URI',
  17: 'Source Repository Owner Identifier',
  18: 'Build Config URI',
  19: 'Build Config Digest',
  20: 'Build Trigger',
  21: 'Run Invocation URI',
  22: 'Source Repository Visibility At Signing',
  23: 'Deployment Environment',
};

/** `der` is the certificate as found in the bundle (re-encoding the parsed certificate is slow). */
export function signerFromCertificate(cert: X509Certificate, der: Buffer): SignerInfo {
  const values = new Map<number, string>();
  const extensions: FulcioExtension[] = [];
  for (const ext of cert.extensions) {
    const oid = ext.subs[0]?.toOID();
    if (oid === undefined || !oid.startsWith(FULCIO_ARC)) continue;
    const arc = Number(oid.slice(FULCIO_ARC.length));
    const raw = ext.subs[ext.subs.length - 1]?.value ?? Buffer.alloc(0);
    const value = arc >= 8 ? derString(raw) : printable(raw.toString('utf8'));
    values.set(arc, value);
    extensions.push({ oid, name: FULCIO_NAMES[arc] ?? 'Fulcio extension', value });
  }
  const issuer = values.get(8) ?? values.get(1);
  const githubActions = issuer === GITHUB_ISSUER ? githubClaims(values) : undefined;
  return {
    kind: 'certificate',
    ...(cert.subjectAltName !== undefined ? { identity: cert.subjectAltName } : {}),
    ...(issuer !== undefined ? { issuer } : {}),
    ...(githubActions !== undefined ? { githubActions } : {}),
    extensions,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    serialNumber: cert.serialNumber.toString('hex'),
    certificateIssuer: distinguishedName(der),
    sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}

function githubClaims(values: ReadonlyMap<number, string>): GitHubActionsClaims | undefined {
  const pick = (...arcs: number[]) => arcs.map((a) => values.get(a)).find((v) => v !== undefined);
  const claims: Record<string, string | undefined> = {
    repository: pick(12, 5),
    repositoryRef: pick(14, 6),
    commitSha: pick(13, 3),
    workflowRef: pick(18, 9),
    workflowSha: pick(19),
    trigger: pick(20, 2),
    runnerEnvironment: pick(11),
    runInvocationUri: pick(21),
    repositoryVisibility: pick(22),
  };
  const present = Object.fromEntries(Object.entries(claims).filter((e): e is [string, string] => e[1] !== undefined));
  return Object.keys(present).length > 0 ? (present as GitHubActionsClaims) : undefined;
}

/** Decodes a DER UTF8String / PrintableString / IA5String; falls back to the raw bytes as text. */
function derString(raw: Buffer): string {
  const tag = raw[0];
  if (raw.length >= 2 && (tag === 0x0c || tag === 0x13 || tag === 0x16)) {
    let length = raw[1] ?? 0;
    let offset = 2;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      length = 0;
      for (let i = 0; i < bytes; i++) length = length * 256 + (raw[2 + i] ?? 0);
      offset = 2 + bytes;
    }
    if (offset + length === raw.length) return printable(raw.subarray(offset).toString('utf8'));
  }
  return printable(raw.toString('utf8'));
}

/** Certificate text is attacker-controlled: no control characters into reports or terminals. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function distinguishedName(der: Buffer): string {
  try {
    return printable(new NodeX509(der).issuer.split('\n').join(', '));
  } catch {
    return 'unknown';
  }
}
