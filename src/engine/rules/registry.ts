import type { Rule } from './rule';
import { privateKeyUnverified } from './kw100-private-key-unverified';
import { privateKey } from './kw101-private-key';
import { encryptedPrivateKey } from './kw102-encrypted-private-key';
import { cosignPrivateKey } from './kw103-cosign-private-key';
import { pgpPrivateKey } from './kw104-pgp-private-key';
import { minisignSignifySecretKey } from './kw105-minisign-signify-secret-key';
import { ageSecretKey } from './kw106-age-secret-key';
import { jwkPrivateKey } from './kw107-jwk-private-key';
import { keystoreFile } from './kw108-keystore-file';
import { puttyPrivateKey } from './kw109-putty-private-key';
import { keyBasedSigning } from './kw201-key-based-signing';
import { generateKeyPair } from './kw202-generate-key-pair';
import { cosignPasswordLiteral } from './kw203-cosign-password-literal';
import { privateKeyInEnv } from './kw204-private-key-in-env';
import { tlogUploadDisabled } from './kw205-tlog-upload-disabled';
import { cosignExperimental } from './kw207-cosign-experimental';
import { signBlobWithoutBundle } from './kw208-sign-blob-without-bundle';
import { literalIdentityToken } from './kw209-literal-identity-token';
import { keyBasedVerification } from './kw301-key-based-verification';
import { verifyWithoutIdentity } from './kw302-verify-without-identity';
import { wildcardIdentityRegexp } from './kw303-wildcard-identity-regexp';
import { wildcardIssuerRegexp } from './kw304-wildcard-issuer-regexp';
import { tlogVerificationDisabled } from './kw305-tlog-verification-disabled';
import { sctVerificationDisabled } from './kw306-sct-verification-disabled';
import { insecureRegistry } from './kw307-insecure-registry';
import { workflowLevelIdToken } from './kw401-workflow-level-id-token';
import { idTokenOnUntrustedTrigger } from './kw402-id-token-on-untrusted-trigger';
import { signingWithoutIdToken } from './kw403-signing-without-id-token';
import { cosignKeySecret } from './kw404-cosign-key-secret';
import { cosignInstallerNotPinned } from './kw405-cosign-installer-not-pinned';
import { gitlabSigningWithoutIdToken } from './kw420-gitlab-signing-without-id-token';
import { gitlabWrongTokenAudience } from './kw421-gitlab-wrong-token-audience';
import { policyKeyAuthority } from './kw501-policy-key-authority';
import { policyKeylessWithoutIdentity } from './kw502-policy-keyless-without-identity';
import { policyIgnoreSct } from './kw503-policy-ignore-sct';
import { policyStaticPass } from './kw504-policy-static-pass';
import { kyvernoKeyAttestor } from './kw510-kyverno-key-attestor';
import { kyvernoKeylessWithoutIdentity } from './kw511-kyverno-keyless-without-identity';
import { kyvernoIgnoreTlog } from './kw512-kyverno-ignore-tlog';
import { kyvernoIgnoreSct } from './kw513-kyverno-ignore-sct';
import { goreleaserKeySigning } from './kw601-goreleaser-key-signing';
import { chainsKeySigner } from './kw604-chains-key-signer';
import { chainsTransparencyDisabled } from './kw605-chains-transparency-disabled';
import { vulnerableSigstoreClient } from './kw701-vulnerable-sigstore-client';
import { actionPinnedByTag } from './kw702-action-pinned-by-tag';
import { appcodeVerifyWithoutIdentity } from './kw801-appcode-verify-without-identity';
import { appcodeWildcardIdentityRegexp } from './kw802-appcode-wildcard-identity-regexp';
import { appcodeTlogVerificationDisabled } from './kw803-appcode-tlog-verification-disabled';
import { appcodeSctVerificationDisabled } from './kw804-appcode-sct-verification-disabled';

/**
 * Every rule Keyward ships, in id order. Ids are stable and never reused. The README rule table and
 * docs/rules.md are generated from this table (`npm run docs`), and a test fails when they are stale.
 */
export const RULES: readonly Rule[] = [
  privateKeyUnverified,
  privateKey,
  encryptedPrivateKey,
  cosignPrivateKey,
  pgpPrivateKey,
  minisignSignifySecretKey,
  ageSecretKey,
  jwkPrivateKey,
  keystoreFile,
  puttyPrivateKey,
  keyBasedSigning,
  generateKeyPair,
  cosignPasswordLiteral,
  privateKeyInEnv,
  tlogUploadDisabled,
  cosignExperimental,
  signBlobWithoutBundle,
  literalIdentityToken,
  keyBasedVerification,
  verifyWithoutIdentity,
  wildcardIdentityRegexp,
  wildcardIssuerRegexp,
  tlogVerificationDisabled,
  sctVerificationDisabled,
  insecureRegistry,
  workflowLevelIdToken,
  idTokenOnUntrustedTrigger,
  signingWithoutIdToken,
  cosignKeySecret,
  cosignInstallerNotPinned,
  gitlabSigningWithoutIdToken,
  gitlabWrongTokenAudience,
  policyKeyAuthority,
  policyKeylessWithoutIdentity,
  policyIgnoreSct,
  policyStaticPass,
  kyvernoKeyAttestor,
  kyvernoKeylessWithoutIdentity,
  kyvernoIgnoreTlog,
  kyvernoIgnoreSct,
  goreleaserKeySigning,
  chainsKeySigner,
  chainsTransparencyDisabled,
  vulnerableSigstoreClient,
  actionPinnedByTag,
  appcodeVerifyWithoutIdentity,
  appcodeWildcardIdentityRegexp,
  appcodeTlogVerificationDisabled,
  appcodeSctVerificationDisabled,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
