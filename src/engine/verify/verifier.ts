/**
 * Offline verification of one Sigstore bundle, check by check.
 *
 * Built on the steps of @sigstore/verify (certificate chain, SCTs, log inclusion, log body, RFC 3161
 * timestamps) called one by one, so that every check gets its own outcome, plus what the library leaves
 * to its caller: the artifact must match the bundle (message digest or in-toto subject), a signature
 * can be checked against a digest alone, the log entry must name the bundle's signer, an inclusion
 * proof must agree with its signed checkpoint, the bundle may not carry its own root certificate, the
 * leaf must be a code-signing end-entity certificate, and the signer policy. No network: trust comes
 * only from the trusted root (online-refreshed, when asked, by online.ts before this runs).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { loadArtifact, type LoadedArtifact } from './artifact';
import { readBundle } from './bundle-input';
import { signerFromCertificate } from './certificate-claims';
import { CheckList } from './check-list';
import { readDsse } from './dsse-statement';
import { compilePolicy, describePolicy, matches, type CompiledPolicy } from './policy';
import { HASH_NAMES, PrehashedMessageContent } from './prehashed-content';
import { isSelfSigned, leafProfileProblem } from './certificate-profile';
import { codeOf, describeEntry, describeExpected, describeFormat, libraryMessage } from './describe';
import {
  getTLogTimestamp,
  getTSATimestamp,
  toSignedEntity,
  verifyCertificateChain,
  verifySCTs,
  type SignatureContent,
  type SignedEntity,
  type TrustMaterial,
} from './vendor/sigstore-verify';
import { checkTlogEntries, checkTlogInclusion, containsDuplicates } from './tlog-checks';
import { loadTrustedRoot, toTrust } from './trusted-root';
import type { BundleFormat, DsseInfo, SignerInfo, TimestampInfo, VerificationResult, VerifyOptions } from './types';

/**
 * Verifies a bundle. Throws `VerifyError` only for bad caller inputs (missing artifact, invalid policy,
 * bad trusted root); everything about the bundle is reported in the result.
 */
export function verifyBundle(options: VerifyOptions): VerificationResult {
  const policy = compilePolicy(options.policy);
  const artifact = loadArtifact(options.artifact);
  const trusted = loadTrustedRoot(options);
  const trust = toTrust(trusted.root, policy.kind === 'key' ? () => (policy as { key: KeyObject }).key : undefined);
  const checks = new CheckList();
  const base = { artifact: artifact.info, trustedRoot: trusted.source, trustedRootDetail: trusted.detail, policy: describePolicy(policy) } as const;

  const read = readBundle(options.bundle);
  if (!read.ok) {
    checks.fail('bundle-format', read.code, read.reason);
    return finish(checks, policy, { ...base, tlogEntries: [], timestamps: [] });
  }
  const { bundle, format } = read;
  const run = new Run(bundle, format, artifact, policy, trust, checks);
  run.execute();
  return finish(checks, policy, {
    ...base,
    format,
    tlogEntries: bundle.verificationMaterial.tlogEntries.map(describeEntry),
    timestamps: run.timestamps,
    ...(run.signer !== undefined ? { signer: run.signer } : {}),
    ...(run.dsse !== undefined ? { dsse: run.dsse } : {}),
  });
}

/** One verification's state: each step records its check and what later steps need. */
class Run {
  timestamps: TimestampInfo[] = [];
  signer: SignerInfo | undefined;
  dsse: DsseInfo | undefined;
  private trustedTimes: Date[] | undefined;
  private leaf: X509Certificate | undefined;
  /** The leaf exactly as found in the bundle. */
  private leafDer: Buffer | undefined;
  private signingKey: KeyObject | undefined;
  private content: SignatureContent | undefined;
  private entity: SignedEntity | undefined;

  constructor(
    private readonly bundle: Bundle,
    private readonly format: BundleFormat,
    private readonly artifact: LoadedArtifact,
    private readonly policy: CompiledPolicy,
    private readonly trust: TrustMaterial,
    private readonly checks: CheckList,
  ) {}

  execute(): void {
    if (!this.parseMaterial()) return;
    this.checks.pass('bundle-format', describeFormat(this.format));
    this.checkArtifact();
    this.resolveKey();
    this.checkSignature();
    this.checkTimestamps();
    this.checkCertificate();
    this.checkTlogEntries();
    this.checkTlogInclusion();
    this.checkPolicy();
  }

  /** Parses the certificate(s) and timestamps up front, so that a corrupt one is a format failure with a clear reason. */
  private parseMaterial(): boolean {
    const material = this.bundle.verificationMaterial.content;
    if (material.$case !== 'publicKey') {
      const raw = material.$case === 'certificate' ? [material.certificate.rawBytes] : material.x509CertificateChain.certificates.map((c) => c.rawBytes);
      try {
        const parsed = raw.map((der) => X509Certificate.parse(Buffer.from(der)));
        this.leaf = parsed[0];
        this.leafDer = raw[0] === undefined ? undefined : Buffer.from(raw[0]);
        if (this.leaf && this.leafDer) this.signer = signerFromCertificate(this.leaf, this.leafDer);
        if (parsed.slice(1).some((c) => isSelfSigned(c))) {
          this.checks.fail(
            'bundle-format',
            'BUNDLE_CONTAINS_ROOT',
            "the bundle's certificate chain includes a root (self-signed) certificate: a bundle must not bring its own trust anchor, trust comes only from the trusted root",
          );
          return false;
        }
      } catch {
        this.checks.fail('bundle-format', 'BUNDLE_MALFORMED', 'the certificate in the bundle cannot be parsed as X.509');
        return false;
      }
    } else {
      this.signer = { kind: 'public-key', ...(material.publicKey.hint ? { hint: material.publicKey.hint } : {}) };
    }
    try {
      // toSignedEntity parses the RFC 3161 timestamps; the artifact bytes are only used for message
      // signatures, which are swapped for a digest-based check when only a digest is known.
      this.entity = toSignedEntity(this.bundle, this.artifact.bytes ?? Buffer.alloc(0));
      this.content =
        this.artifact.bytes === undefined && this.bundle.content.$case === 'messageSignature'
          ? new PrehashedMessageContent(this.bundle, this.artifact)
          : this.entity.signature;
    } catch {
      this.checks.fail('bundle-format', 'BUNDLE_MALFORMED', 'a certificate or an RFC 3161 timestamp in the bundle cannot be parsed');
      return false;
    }
    return true;
  }

  private checkArtifact(): void {
    const content = this.bundle.content;
    if (content.$case === 'dsseEnvelope') {
      const reading = readDsse(content.dsseEnvelope, this.artifact.info.sha256);
      this.dsse = reading.info;
      if (reading.mismatch) this.checks.fail('artifact', 'ARTIFACT_NOT_IN_STATEMENT', reading.mismatch);
      else
        this.checks.pass(
          'artifact',
          reading.info.matchedSubject !== undefined
            ? `the artifact's SHA-256 matches subject "${reading.info.matchedSubject}" of the in-toto statement`
            : 'the artifact is the signed DSSE payload',
        );
      return;
    }
    const digest = content.messageSignature.messageDigest;
    const algorithm = HASH_NAMES[digest?.algorithm ?? 0] ?? 'unknown';
    const expected = Buffer.from(digest?.digest ?? []);
    let actual: Buffer | undefined;
    if (algorithm === 'sha256') actual = this.artifact.sha256;
    else if (this.artifact.bytes !== undefined && algorithm !== 'unknown') actual = createHash(algorithm).update(this.artifact.bytes).digest();
    if (actual === undefined) {
      this.checks.fail(
        'artifact',
        'DIGEST_ALGORITHM_UNSUPPORTED',
        `the bundle records a ${algorithm} digest, which cannot be compared with a sha256: digest: pass the artifact file`,
      );
    } else if (!actual.equals(expected)) {
      this.checks.fail(
        'artifact',
        'ARTIFACT_DIGEST_MISMATCH',
        `the artifact's ${algorithm} digest differs from the digest recorded in the bundle: this bundle is for a different file, or the file changed after signing`,
      );
    } else {
      this.checks.pass('artifact', `the artifact's ${algorithm} digest (${actual.toString('hex').slice(0, 16)}…) equals the bundle's message digest`);
    }
  }

  /** The key that must have made the signature: the leaf certificate's, or the caller's for key-based bundles. */
  private resolveKey(): void {
    if (this.leaf !== undefined) {
      if (this.policy.kind === 'key') {
        this.checks.fail(
          'public-key',
          'KEY_POLICY_FOR_CERTIFICATE',
          'the bundle is signed with a Fulcio certificate (keyless), not a key: verify it with a certificate identity and OIDC issuer instead of --key',
        );
        return;
      }
      this.signingKey = createPublicKey({ key: this.leaf.publicKey, format: 'der', type: 'spki' });
      this.checks.notApplicable('public-key', 'keyless signature: the key comes from the certificate');
      return;
    }
    this.checks.notApplicable('certificate-chain', 'signed with a key, not a certificate');
    this.checks.notApplicable('sct', 'signed with a key, not a certificate');
    if (this.policy.kind !== 'key') {
      this.checks.fail(
        'public-key',
        'PUBLIC_KEY_REQUIRED',
        "the bundle is signed with a managed key, not a certificate: pass the signer's public key (--key) to verify it",
      );
      return;
    }
    this.signingKey = this.policy.key;
    this.checks.pass('public-key', 'the given public key is used to check the signature');
  }

  private checkSignature(): void {
    if (this.signingKey === undefined || this.content === undefined) {
      this.checks.skip('signature', 'not checked: no signing key');
      return;
    }
    const what =
      this.bundle.content.$case === 'dsseEnvelope' ? 'the DSSE envelope' : this.artifact.bytes === undefined ? 'the artifact digest' : 'the artifact';
    try {
      if (this.content.verifySignature(this.signingKey)) {
        this.checks.pass('signature', `the signature over ${what} is valid for the signing key`);
        return;
      }
      this.checks.fail(
        'signature',
        'SIGNATURE_INVALID',
        `the signature over ${what} does not verify with the signing key: the content changed after signing, or the signature belongs to something else`,
      );
    } catch (error) {
      this.checks.fail('signature', 'SIGNATURE_UNSUPPORTED', (error as Error).message);
    }
  }

  /** Trusted times: integrated times of entries with a signed promise, and RFC 3161 timestamps from trusted TSAs. */
  private checkTimestamps(): void {
    const entity = this.entity;
    if (entity === undefined) return;
    const found: { type: string; logID: Buffer; timestamp: Date }[] = [];
    try {
      for (const ts of entity.timestamps) {
        if (ts.$case === 'timestamp-authority') {
          found.push(getTSATimestamp(ts.timestamp, entity.signature.signature, this.trust.timestampAuthorities));
          this.timestamps.push({ source: 'timestamp-authority', time: ts.timestamp.signingTime.toISOString() });
        } else {
          const result = getTLogTimestamp(ts.tlogEntry);
          if (result) {
            found.push(result);
            this.timestamps.push({ source: 'transparency-log', time: result.timestamp.toISOString() });
          }
        }
      }
    } catch (error) {
      this.checks.fail(
        'timestamps',
        codeOf(error, 'TIMESTAMP_ERROR'),
        `an RFC 3161 timestamp is not signed by a trusted timestamp authority valid at that time, or does not cover this signature (${libraryMessage(error)})`,
      );
      return;
    }
    if (containsDuplicates(found)) {
      this.checks.fail('timestamps', 'TIMESTAMP_ERROR', 'the bundle lists the same timestamp twice');
      return;
    }
    if (found.length === 0) {
      this.checks.fail(
        'timestamps',
        'TIMESTAMP_MISSING',
        'no trusted signing time: the bundle has neither a log entry with a signed integrated time nor an RFC 3161 timestamp (Rekor v2 entries need a timestamp authority)',
      );
      return;
    }
    this.trustedTimes = found.map((f) => f.timestamp);
    this.checks.pass(
      'timestamps',
      this.timestamps.map((t) => `${t.source === 'transparency-log' ? 'log integrated time' : 'RFC 3161 timestamp'} ${t.time}`).join('; '),
    );
  }

  private checkCertificate(): void {
    const leaf = this.leaf;
    if (leaf === undefined || this.checks.outcome('public-key') === 'failed') {
      if (leaf !== undefined) {
        this.checks.skip('certificate-chain', 'not checked: the policy asks for a key');
        this.checks.skip('sct', 'not checked: the policy asks for a key');
      }
      return;
    }
    const profile = leafProfileProblem(leaf);
    if (profile) {
      this.checks.fail('certificate-chain', 'CERTIFICATE_PROFILE', profile);
      this.checks.skip('sct', 'not checked: the certificate is not trusted');
      return;
    }
    if (this.trustedTimes === undefined) {
      this.checks.skip('certificate-chain', "not checked: there is no trusted time to check the certificate's validity at");
      this.checks.skip('sct', 'not checked: the certificate is not trusted');
      return;
    }
    let path: X509Certificate[] = [];
    try {
      for (const time of this.trustedTimes) path = verifyCertificateChain(time, leaf, this.trust.certificateAuthorities);
    } catch (error) {
      this.checks.fail(
        'certificate-chain',
        codeOf(error, 'CERTIFICATE_ERROR'),
        `the signing certificate does not chain to a trusted Fulcio root, or was not valid at the signing time (${libraryMessage(error)})`,
      );
      this.checks.skip('sct', 'not checked: the certificate is not trusted');
      return;
    }
    this.checks.pass(
      'certificate-chain',
      `issued by a trusted Fulcio CA and valid at the signing time (${this.trustedTimes.length} trusted time${this.trustedTimes.length === 1 ? '' : 's'})`,
    );
    try {
      const [cert, issuer] = path;
      const scts = cert && issuer ? verifySCTs(cert, issuer, this.trust.ctlogs) : [];
      if (scts.length === 0)
        this.checks.fail('sct', 'SCT_MISSING', 'the certificate carries no signed certificate timestamp (SCT): it was not logged in certificate transparency');
      else if (containsDuplicates(scts)) this.checks.fail('sct', 'SCT_DUPLICATE', 'the certificate lists the same SCT twice');
      else this.checks.pass('sct', `${scts.length} SCT${scts.length === 1 ? '' : 's'} from a trusted CT log`);
    } catch (error) {
      this.checks.fail(
        'sct',
        codeOf(error, 'CERTIFICATE_ERROR'),
        `the certificate's SCT is not signed by a trusted certificate-transparency log (${libraryMessage(error)})`,
      );
    }
  }

  private checkTlogEntries(): void {
    checkTlogEntries(this.bundle.verificationMaterial.tlogEntries, this.content, { certificate: this.leafDer, key: this.signingKey }, this.checks);
  }

  private checkTlogInclusion(): void {
    checkTlogInclusion(this.bundle.verificationMaterial.tlogEntries, this.trust, this.checks);
  }

  private checkPolicy(): void {
    const signer = this.signer;
    if (this.policy.kind === 'key' || signer?.kind !== 'certificate') {
      this.checks.notApplicable('identity', 'signed with a key: there is no certificate identity');
      this.checks.notApplicable('issuer', 'signed with a key: there is no OIDC issuer');
      return;
    }
    if (this.policy.kind === 'none') {
      this.checks.skip('identity', `NOT checked (no identity policy given): the certificate says ${signer.identity ?? 'nothing'}`);
      this.checks.skip('issuer', `NOT checked (no issuer policy given): the certificate says ${signer.issuer ?? 'nothing'}`);
      return;
    }
    if (this.checks.outcome('certificate-chain') !== 'passed') {
      this.checks.skip('identity', 'not checked: the certificate is not trusted, so what it says about the signer means nothing');
      this.checks.skip('issuer', 'not checked: the certificate is not trusted');
      return;
    }
    const expected = this.policy;
    if (matches(expected.identity, signer.identity)) this.checks.pass('identity', signer.identity ?? '');
    else
      this.checks.fail(
        'identity',
        'IDENTITY_MISMATCH',
        `signed by ${signer.identity ?? 'an unnamed identity'}, not by the expected ${describeExpected(expected.identity)}`,
      );
    if (matches(expected.issuer, signer.issuer)) this.checks.pass('issuer', signer.issuer ?? '');
    else
      this.checks.fail(
        'issuer',
        'ISSUER_MISMATCH',
        `the identity was vouched for by ${signer.issuer ?? 'an unnamed issuer'}, not by the expected ${describeExpected(expected.issuer)}`,
      );
  }
}

function finish(checks: CheckList, policy: CompiledPolicy, partial: Omit<VerificationResult, 'status' | 'summary' | 'checks' | 'failure'>): VerificationResult {
  const failure = checks.firstFailure();
  const list = checks.list();
  const signer = partial.signer;
  const who = signer?.kind === 'certificate' ? `${signer.identity ?? 'an unnamed identity'} (issuer ${signer.issuer ?? 'unknown'})` : 'the given public key';
  if (failure) return { ...partial, status: 'failed', summary: `Verification failed: ${failure.reason}`, failure, checks: list };
  if (policy.kind === 'none') {
    return {
      ...partial,
      status: 'signature-valid-signer-not-checked',
      summary: `Signature valid, signer NOT checked: the certificate names ${who}; give an identity and issuer to verify who signed`,
      checks: list,
    };
  }
  return { ...partial, status: 'verified', summary: `Verified: signed by ${who}`, checks: list };
}
