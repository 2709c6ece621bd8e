import type { X509Certificate } from '@sigstore/core';

const EXTENDED_KEY_USAGE_OID = '2.5.29.37';
const CODE_SIGNING_EKU = '1.3.6.1.5.5.7.3.3';

/** Fulcio issues end-entity code-signing certificates; a CA or a certificate for another purpose is not a signer. */
export function leafProfileProblem(leaf: X509Certificate): string | undefined {
  if (leaf.isCA || leaf.extBasicConstraints?.isCA) return 'the signing certificate is a CA certificate, not an end-entity signing certificate';
  let eku: string[] = [];
  try {
    // ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId (RFC 5280 4.2.1.12)
    eku = leaf.extension(EXTENDED_KEY_USAGE_OID)?.valueObj.subs[0]?.subs.map((purpose) => purpose.toOID()) ?? [];
  } catch {
    return "the signing certificate's extended key usage cannot be read";
  }
  if (!eku.includes(CODE_SIGNING_EKU)) return 'the signing certificate is not a code-signing certificate (extended key usage codeSigning is missing)';
  return undefined;
}

export function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.subject.equals(cert.issuer) && cert.verify();
  } catch {
    return false;
  }
}
