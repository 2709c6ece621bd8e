/**
 * cosign's older `--bundle` output (`cosign sign-blob --bundle`, before Sigstore bundles):
 *
 *   { "base64Signature": "…", "cert": "<base64 of the PEM certificate>",
 *     "rekorBundle": { "SignedEntryTimestamp": "…", "Payload": { "body", "integratedTime", "logIndex", "logID" } } }
 *
 * It carries the same evidence as a v0.1 Sigstore bundle (signature, certificate, Rekor entry with its
 * signed entry timestamp), so it is converted to one and verified like any other bundle.
 */

export const V01_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

/** `true` when the JSON looks like cosign's legacy bundle rather than a Sigstore bundle. */
export function isCosignLegacyBundle(json: Record<string, unknown>): boolean {
  return json['mediaType'] === undefined && typeof json['base64Signature'] === 'string';
}

/** Converts to the serialized (JSON) form of a v0.1 Sigstore bundle; throws a plain-words Error when it cannot. */
export function cosignLegacyToBundleJson(json: Record<string, unknown>): Record<string, unknown> {
  const signature = json['base64Signature'];
  if (typeof signature !== 'string' || signature === '') throw new Error('the cosign bundle has no base64Signature');
  const rekor = asObject(json['rekorBundle']);
  const payload = asObject(rekor?.['Payload']);
  const set = rekor?.['SignedEntryTimestamp'];
  if (!payload || typeof set !== 'string') throw new Error('the cosign bundle has no rekorBundle with a Payload and a SignedEntryTimestamp');
  const body = payload['body'];
  const logId = payload['logID'];
  if (typeof body !== 'string' || typeof logId !== 'string' || !/^[0-9a-fA-F]+$/.test(logId))
    throw new Error("the cosign bundle's rekorBundle.Payload lacks body or logID");
  const integratedTime = wholeNumber(payload['integratedTime'], 'integratedTime');
  const logIndex = wholeNumber(payload['logIndex'], 'logIndex');

  const entry = asObject(safeJson(Buffer.from(body, 'base64').toString('utf8')));
  const kind = entry?.['kind'];
  const version = entry?.['apiVersion'];
  if (typeof kind !== 'string' || typeof version !== 'string')
    throw new Error('the Rekor entry in the cosign bundle is not a JSON entry with kind and apiVersion');
  const digestHex = hashedRekordDigest(entry);

  const certificates = json['cert'] === undefined || json['cert'] === '' ? [] : certificatesFrom(json['cert']);
  return {
    mediaType: V01_MEDIA_TYPE,
    verificationMaterial: {
      // A key-signed cosign bundle has no certificate: the key comes from the caller (`--key`).
      ...(certificates.length > 0 ? { x509CertificateChain: { certificates: certificates.map((rawBytes) => ({ rawBytes })) } } : { publicKey: { hint: '' } }),
      tlogEntries: [
        {
          logIndex: String(logIndex),
          logId: { keyId: Buffer.from(logId, 'hex').toString('base64') },
          kindVersion: { kind, version },
          integratedTime: String(integratedTime),
          inclusionPromise: { signedEntryTimestamp: set },
          canonicalizedBody: body,
        },
      ],
    },
    messageSignature: {
      // The digest is only a hint (the signature and the log entry are what is checked); it comes
      // from the log entry, which records the SHA-256 of the signed file.
      messageDigest: { algorithm: 'SHA2_256', digest: digestHex ? Buffer.from(digestHex, 'hex').toString('base64') : '' },
      signature,
    },
  };
}

function hashedRekordDigest(entry: Record<string, unknown> | undefined): string | undefined {
  const spec = asObject(entry?.['spec']);
  const data = asObject(spec?.['data']);
  const hash = asObject(data?.['hash']);
  const value = hash?.['value'];
  return typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value) && hash?.['algorithm'] === 'sha256' ? value : undefined;
}

/** The `cert` field is base64 of PEM text (some tools write the PEM itself); returns base64 DER per certificate. */
function certificatesFrom(value: unknown): string[] {
  if (typeof value !== 'string') throw new Error("the cosign bundle's cert is not a string");
  const pem = value.includes('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
  if (blocks.length === 0) throw new Error("the cosign bundle's cert holds no PEM certificate");
  return blocks;
}

function wholeNumber(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new Error(`the cosign bundle's rekorBundle.Payload.${name} is not a whole number`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
