/**
 * The Sigstore bundle verifier's data model: what a caller passes in and the structured result it gets
 * back. Plain data only, so that the CLI, the editor and the conformance entry point render the same
 * result. Nothing here imports the sigstore libraries: callers can import these types without loading
 * the (lazily loaded) verifier bundle.
 */

/** The signed artifact: a file, its bytes, or only its SHA-256 digest (`sha256:<64 hex>`). */
export type ArtifactInput = { readonly path: string } | { readonly bytes: Uint8Array } | { readonly digest: string };

/**
 * Who must have signed. Exact identity (certificate SAN) and OIDC issuer; or anchored regular
 * expressions for both; or a PEM public key for key-based (non-keyless) bundles. No policy at all means
 * the signature is checked but the signer is not: the result is then never "verified".
 */
export type VerifyPolicy =
  | { readonly identity: string; readonly issuer: string }
  | { readonly identityRegExp: string; readonly issuerRegExp: string }
  | { readonly publicKeyPem: string };

export interface VerifyOptions {
  /** The bundle's JSON text (Sigstore bundle v0.1–v0.3, or cosign's legacy `--bundle` output). */
  readonly bundle: Uint8Array | string;
  readonly artifact: ArtifactInput;
  readonly policy?: VerifyPolicy | undefined;
  /** A `trusted_root.json` text (private deployments, tests). Default: the embedded public-good root. */
  readonly trustedRoot?: string | undefined;
  /** Use the public-good staging root instead of production (only when no `trustedRoot` is given). */
  readonly staging?: boolean | undefined;
}

/**
 * Opt-in online trust (`verifyBundleOnline`): the trusted root is fetched through TUF instead of taken
 * from the package. The only option that makes Keyward touch the network.
 */
export interface OnlineTrustOptions {
  /** Folder for the TUF metadata cache (created when missing; one sub-folder per mirror). */
  readonly cacheDir: string;
  /** The TUF repository. Default: the public-good production mirror (staging with `staging`). */
  readonly mirrorUrl?: string | undefined;
  /** The mirror's initial root.json file, for mirrors whose root is not embedded (staging, private deployments). */
  readonly tufRootPath?: string | undefined;
  /** Reuse a refresh younger than this without any request. Default: one day (as sigstore-go). */
  readonly cacheMaxAgeMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
  /** The clock (tests). */
  readonly now?: (() => Date) | undefined;
}

/** `custom`: a trusted_root.json the caller gave; `TUF refresh`: fetched online through TUF (opt-in). */
export type TrustedRootSource = 'production (embedded)' | 'staging (embedded)' | 'custom' | 'TUF refresh';

export type VerificationStatus = 'verified' | 'signature-valid-signer-not-checked' | 'failed';

/** The checks, in the order they are reported. */
export type CheckId =
  | 'bundle-format'
  | 'artifact'
  | 'signature'
  | 'certificate-chain'
  | 'sct'
  | 'public-key'
  | 'tlog-entry'
  | 'tlog-inclusion'
  | 'timestamps'
  | 'identity'
  | 'issuer';

/** `skipped`: not run because an earlier check it depends on failed, or (identity) no policy was given. */
export type CheckOutcome = 'passed' | 'failed' | 'skipped' | 'not-applicable';

export interface Check {
  readonly id: CheckId;
  readonly title: string;
  readonly outcome: CheckOutcome;
  /** One line in plain words: what was checked and what came out (or why it failed). */
  readonly detail: string;
  /** On failure: a stable code (`TLOG_INCLUSION_PROOF_ERROR`, `IDENTITY_MISMATCH` …). */
  readonly code?: string;
}

export type BundleKind = 'sigstore-bundle' | 'cosign-legacy-bundle';

export interface BundleFormat {
  readonly kind: BundleKind;
  /** The media type as written (for cosign legacy bundles: the media type of the converted bundle). */
  readonly mediaType: string;
  readonly version: 'v0.1' | 'v0.2' | 'v0.3';
  readonly content: 'message-signature' | 'dsse';
  readonly verificationMaterial: 'certificate' | 'certificate-chain' | 'public-key';
}

/** GitHub Actions claims from the Fulcio certificate extensions (OIDs 1.3.6.1.4.1.57264.1.*). */
export interface GitHubActionsClaims {
  readonly repository?: string;
  readonly repositoryRef?: string;
  readonly commitSha?: string;
  readonly workflowRef?: string;
  readonly workflowSha?: string;
  readonly trigger?: string;
  readonly runnerEnvironment?: string;
  readonly runInvocationUri?: string;
  readonly repositoryVisibility?: string;
}

/** A named Fulcio extension found in the certificate (every 1.3.6.1.4.1.57264.1.* extension present). */
export interface FulcioExtension {
  readonly oid: string;
  readonly name: string;
  readonly value: string;
}

export type SignerInfo =
  | {
      readonly kind: 'certificate';
      /** The certificate's SAN (URI or e-mail): the signer identity. */
      readonly identity?: string;
      readonly issuer?: string;
      readonly githubActions?: GitHubActionsClaims;
      readonly extensions: readonly FulcioExtension[];
      readonly notBefore: string;
      readonly notAfter: string;
      readonly serialNumber: string;
      readonly certificateIssuer: string;
      readonly sha256Fingerprint: string;
    }
  | { readonly kind: 'public-key'; readonly hint?: string };

export interface TlogEntryInfo {
  readonly logIndex: string;
  /** Hex of the log id (SHA-256 of the log's public key). */
  readonly logId: string;
  readonly kind: string;
  readonly kindVersion: string;
  /** ISO time, when the entry has one (Rekor v1). */
  readonly integratedTime?: string;
  readonly inclusionProof: boolean;
  readonly inclusionPromise: boolean;
}

export interface TimestampInfo {
  readonly source: 'transparency-log' | 'timestamp-authority';
  readonly time: string;
}

export interface DsseInfo {
  readonly payloadType: string;
  /** For in-toto statements. */
  readonly statementType?: string;
  readonly predicateType?: string;
  readonly subjects: readonly { readonly name: string; readonly sha256?: string }[];
  /** The name of the subject whose digest matches the artifact, if any. */
  readonly matchedSubject?: string;
}

export interface ArtifactInfo {
  readonly kind: 'file' | 'bytes' | 'digest';
  readonly path?: string;
  /** Lower-case hex. */
  readonly sha256: string;
}

export interface VerificationFailure {
  readonly check: CheckId;
  readonly code: string;
  /** Plain words: what failed and what it means. */
  readonly reason: string;
}

export interface VerificationResult {
  readonly status: VerificationStatus;
  /** One line for people: "Verified: signed by … (issuer …)". */
  readonly summary: string;
  readonly failure?: VerificationFailure;
  readonly checks: readonly Check[];
  /** Absent when the bundle could not be read at all. */
  readonly format?: BundleFormat;
  readonly artifact: ArtifactInfo;
  readonly signer?: SignerInfo;
  readonly tlogEntries: readonly TlogEntryInfo[];
  readonly timestamps: readonly TimestampInfo[];
  readonly dsse?: DsseInfo;
  readonly trustedRoot: TrustedRootSource;
  /** Where the trusted root came from, in one line for people: embedded, the given file, or the TUF refresh and its time. */
  readonly trustedRootDetail?: string;
  /** What the signer was checked against, in words ("identity … and issuer …", "the given public key", "nothing"). */
  readonly policy: string;
}
