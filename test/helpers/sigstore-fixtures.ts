/**
 * Test-time Sigstore material: a throwaway Fulcio-like CA, leaf certificates with SAN, issuer and
 * GitHub Actions extensions and a real SCT, a Rekor-like log (signed entry timestamps, Merkle inclusion
 * proofs, signed checkpoints), a local trusted_root.json, and bundles (v0.1/v0.3, message signature and
 * DSSE, keyless and key-based, cosign legacy). Every key is generated when the tests run; nothing
 * secret is committed. Each builder takes overrides so a test can break exactly one thing.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// ---------------------------------------------------------------- DER encoding (just what X.509 needs)

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const octet = (value: Buffer) => tlv(0x04, value);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const bitString = (value: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), value]));

function integer(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] ?? 0) | 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function name(org: string, cn: string): Buffer {
  return seq(set(seq(oid('2.5.4.10'), utf8(org))), set(seq(oid('2.5.4.3'), utf8(cn))));
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return critical ? seq(oid(id), bool(true), octet(value)) : seq(oid(id), octet(value));
}

// ---------------------------------------------------------------- keys and certificates

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function ecKey(curve: 'P-256' | 'P-384' = 'P-256'): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: curve });
}

export function spki(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
export const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface Ca {
  readonly key: KeyPair;
  readonly cert: Buffer;
  readonly name: Buffer;
}

export function makeCa(options: { notBefore?: Date; notAfter?: Date; cn?: string } = {}): Ca {
  const key = ecKey();
  const subject = name('keyward.test', options.cn ?? 'keyward-test-root');
  const ski = createHash('sha1').update(spki(key.publicKey)).digest();
  const extensions = [
    extension('2.5.29.15', bitString(Buffer.from([0x06]), 1), true), // keyCertSign, cRLSign
    extension('2.5.29.19', seq(bool(true), integer(1n)), true),
    extension('2.5.29.14', octet(ski)),
  ];
  const cert = certificate({
    serial: 1n,
    issuer: subject,
    subject,
    notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    publicKey: key.publicKey,
    extensions,
    signer: key.privateKey,
  });
  return { key, cert, name: subject };
}

export interface LeafOptions {
  readonly identity?: string;
  readonly issuer?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly githubClaims?: boolean;
  /** Sign the SCT with this CT log key; `null` leaves the SCT extension out. */
  readonly ctLog?: KeyPair | null;
  readonly codeSigning?: boolean;
  readonly key?: KeyPair;
}

export interface Leaf {
  readonly key: KeyPair;
  readonly cert: Buffer;
}

export const TEST_IDENTITY = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';

export function makeLeaf(ca: Ca, options: LeafOptions & { ctLog: KeyPair | null }): Leaf {
  const key = options.key ?? ecKey();
  const issuerUrl = options.issuer ?? GITHUB_ISSUER;
  const fulcio = (arc: number, value: string) => extension(`1.3.6.1.4.1.57264.1.${arc}`, utf8(value));
  const extensions = [
    extension('2.5.29.15', bitString(Buffer.from([0x80]), 7), true), // digitalSignature
    extension('2.5.29.37', seq(oid(options.codeSigning === false ? '1.3.6.1.5.5.7.3.1' : CODE_SIGNING))),
    extension('2.5.29.14', octet(createHash('sha1').update(spki(key.publicKey)).digest())),
    extension('2.5.29.35', seq(tlv(0x80, createHash('sha1').update(spki(ca.key.publicKey)).digest()))),
    extension('2.5.29.17', seq(tlv(0x86, Buffer.from(options.identity ?? TEST_IDENTITY))), true),
    extension('1.3.6.1.4.1.57264.1.1', Buffer.from(issuerUrl)),
    fulcio(8, issuerUrl),
    ...(options.githubClaims === false
      ? []
      : [
          fulcio(11, 'github-hosted'),
          fulcio(12, 'https://github.com/acme/app'),
          fulcio(13, 'c0ffee0000000000000000000000000000000000'),
          fulcio(14, 'refs/tags/v1.0.0'),
          fulcio(18, 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0'),
          fulcio(20, 'push'),
          fulcio(21, 'https://github.com/acme/app/actions/runs/1/attempts/1'),
        ]),
  ];
  const base = {
    serial: BigInt(`0x${createHash('sha256').update(spki(key.publicKey)).digest('hex').slice(0, 30)}`),
    issuer: ca.name,
    subject: seq(),
    notBefore: options.notBefore ?? new Date('2025-06-01T12:00:00Z'),
    notAfter: options.notAfter ?? new Date('2025-06-01T12:10:00Z'),
    publicKey: key.publicKey,
    signer: ca.key.privateKey,
  };
  if (options.ctLog !== null) {
    // The SCT signs the TBS certificate *without* the SCT extension (a precertificate, RFC 6962).
    const preTbs = tbsCertificate({ ...base, extensions });
    const sct = signedCertificateTimestamp(options.ctLog, spki(ca.key.publicKey), preTbs, base.notBefore);
    extensions.push(extension('1.3.6.1.4.1.11129.2.4.2', sct));
  }
  return { key, cert: certificate({ ...base, extensions }) };
}

interface CertFields {
  readonly serial: bigint;
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly extensions: readonly Buffer[];
  readonly signer: KeyObject;
}

function tbsCertificate(f: CertFields): Buffer {
  return seq(
    explicit(0, integer(2n)),
    integer(f.serial),
    ECDSA_SHA256,
    f.issuer,
    seq(time(f.notBefore), time(f.notAfter)),
    f.subject,
    spki(f.publicKey),
    explicit(3, seq(...f.extensions)),
  );
}

function certificate(f: CertFields): Buffer {
  const tbs = tbsCertificate(f);
  return seq(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, f.signer)));
}

function signedCertificateTimestamp(ctLog: KeyPair, issuerSpki: Buffer, preTbs: Buffer, at: Date): Buffer {
  const logId = createHash('sha256').update(spki(ctLog.publicKey)).digest();
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(at.getTime()));
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
  const issuerKeyHash = createHash('sha256').update(issuerSpki).digest();
  const signed = Buffer.concat([Buffer.from([0, 0]), timestamp, u16(1), issuerKeyHash, u24(preTbs.length), preTbs, u16(0)]);
  const signature = sign('sha256', signed, ctLog.privateKey);
  const sct = Buffer.concat([Buffer.from([0]), logId, timestamp, u16(0), Buffer.from([4, 3]), u16(signature.length), signature]);
  const list = Buffer.concat([u16(sct.length), sct]);
  return octet(Buffer.concat([u16(list.length), list]));
}

export function pem(der: Buffer, label: 'CERTIFICATE' | 'PUBLIC KEY'): string {
  const body =
    der
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

// ---------------------------------------------------------------- transparency log

export const LOG_ORIGIN = 'rekor.keyward.test';

export function logId(key: KeyPair): Buffer {
  return createHash('sha256').update(spki(key.publicKey)).digest();
}

/** Sorted keys, no whitespace: the canonical JSON Rekor signs. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface EntryOptions {
  readonly log: KeyPair;
  readonly body: Record<string, unknown>;
  readonly integratedTime?: number;
  readonly logIndex?: number;
  /** Sign the SET with this key instead of the log's. */
  readonly setKey?: KeyPair;
  /** Sign the checkpoint with this key instead of the log's. */
  readonly checkpointKey?: KeyPair;
  readonly withSet?: boolean;
  readonly withProof?: boolean;
  readonly corruptProof?: boolean;
}

/** A tlog entry in bundle JSON form: a two-leaf Merkle tree (this entry and a sibling), SET and checkpoint. */
export function tlogEntry(o: EntryOptions): Record<string, unknown> {
  const body = Buffer.from(canonicalJson(o.body));
  const id = logId(o.log);
  const integratedTime = o.integratedTime ?? Math.floor(new Date('2025-06-01T12:01:00Z').getTime() / 1000);
  const logIndex = o.logIndex ?? 42;
  const entry: Record<string, unknown> = {
    logIndex: String(logIndex),
    logId: { keyId: id.toString('base64') },
    kindVersion: { kind: o.body['kind'], version: o.body['apiVersion'] },
    integratedTime: String(integratedTime),
    canonicalizedBody: body.toString('base64'),
  };
  if (o.withSet !== false) {
    const payload = canonicalJson({ body: body.toString('base64'), integratedTime, logIndex, logID: id.toString('hex') });
    entry['inclusionPromise'] = { signedEntryTimestamp: sign('sha256', Buffer.from(payload), (o.setKey ?? o.log).privateKey).toString('base64') };
  }
  if (o.withProof !== false) {
    const leaf = createHash('sha256')
      .update(Buffer.from([0]))
      .update(body)
      .digest();
    const sibling = createHash('sha256')
      .update(Buffer.from([0]))
      .update('another entry')
      .digest();
    const root = createHash('sha256')
      .update(Buffer.from([1]))
      .update(leaf)
      .update(sibling)
      .digest();
    const proofHash = o.corruptProof ? Buffer.from(sibling.map((b, i) => (i === 0 ? b ^ 1 : b))) : sibling;
    const note = `${LOG_ORIGIN}\n2\n${root.toString('base64')}\n`;
    const sig = sign('sha256', Buffer.from(note), (o.checkpointKey ?? o.log).privateKey);
    const envelope = `${note}\n\u2014 ${LOG_ORIGIN} ${Buffer.concat([id.subarray(0, 4), sig]).toString('base64')}\n`;
    entry['inclusionProof'] = {
      logIndex: '0',
      rootHash: root.toString('base64'),
      treeSize: '2',
      hashes: [proofHash.toString('base64')],
      checkpoint: { envelope },
    };
  }
  return entry;
}

export function hashedRekordBody(digest: Buffer, signature: Buffer, verifierPem: string): Record<string, unknown> {
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
      signature: { content: signature.toString('base64'), publicKey: { content: Buffer.from(verifierPem).toString('base64') } },
    },
  };
}

// ---------------------------------------------------------------- trusted root

export interface World {
  readonly ca: Ca;
  readonly ctLog: KeyPair;
  readonly log: KeyPair;
}

/** A CA, a CT log and a transparency log: the services one Sigstore deployment runs. */
export function makeWorld(): World {
  return { ca: makeCa(), ctLog: ecKey(), log: ecKey() };
}

export function trustedRoot(world: World, overrides: { omitTlogStart?: boolean; ca?: Ca } = {}): string {
  const keyEntry = (key: KeyPair, baseUrl: string, start: string | undefined) => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: spki(key.publicKey).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: start === undefined ? {} : { start } },
    logId: { keyId: logId(key).toString('base64') },
  });
  const ca = overrides.ca ?? world.ca;
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [keyEntry(world.log, `https://${LOG_ORIGIN}`, overrides.omitTlogStart ? undefined : '2020-01-01T00:00:00Z')],
    certificateAuthorities: [
      {
        subject: { organization: 'keyward.test', commonName: 'keyward-test-root' },
        uri: 'https://fulcio.keyward.test',
        certChain: { certificates: [{ rawBytes: ca.cert.toString('base64') }] },
        validFor: { start: '2020-01-01T00:00:00Z' },
      },
    ],
    ctlogs: [keyEntry(world.ctLog, 'https://ctfe.keyward.test', '2020-01-01T00:00:00Z')],
    timestampAuthorities: [],
  });
}

// ---------------------------------------------------------------- bundles

export const V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

export interface MessageBundleOptions {
  readonly artifact: Buffer;
  readonly leaf?: LeafOptions;
  /** Sign these bytes instead of the artifact (a signature that does not match). */
  readonly signedBytes?: Buffer;
  /** Record this digest in the bundle instead of the artifact's. */
  readonly messageDigest?: Buffer;
  readonly entry?: Partial<EntryOptions>;
  /** Put a different certificate into the log entry than into the bundle. */
  readonly entryVerifierPem?: string;
  readonly noTlog?: boolean;
  readonly mediaType?: string;
  /** Put the CA root after the leaf (v0.1 chain form). */
  readonly chainWithRoot?: boolean;
}

export interface BuiltBundle {
  readonly json: string;
  readonly leaf: Leaf;
}

export function messageBundle(world: World, o: MessageBundleOptions): BuiltBundle {
  const leaf = makeLeaf(world.ca, { ctLog: world.ctLog, ...o.leaf });
  const digest = createHash('sha256').update(o.artifact).digest();
  const signature = sign('sha256', o.signedBytes ?? o.artifact, leaf.key.privateKey);
  const certPem = pem(leaf.cert, 'CERTIFICATE');
  const entries = o.noTlog ? [] : [tlogEntry({ log: world.log, body: hashedRekordBody(digest, signature, o.entryVerifierPem ?? certPem), ...o.entry })];
  const mediaType = o.mediaType ?? V03;
  const chain = o.chainWithRoot || mediaType === V01;
  return {
    leaf,
    json: JSON.stringify({
      mediaType,
      verificationMaterial: {
        ...(chain
          ? {
              x509CertificateChain: { certificates: [leaf.cert, ...(o.chainWithRoot ? [world.ca.cert] : [])].map((c) => ({ rawBytes: c.toString('base64') })) },
            }
          : { certificate: { rawBytes: leaf.cert.toString('base64') } }),
        tlogEntries: entries,
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: (o.messageDigest ?? digest).toString('base64') },
        signature: signature.toString('base64'),
      },
    }),
  };
}

/** An in-toto statement about `subjects`, signed in a DSSE envelope and logged as a dsse 0.0.1 entry. */
export function dsseBundle(world: World, o: { subjects: { name: string; content: Buffer }[]; predicateType?: string }): BuiltBundle {
  const leaf = makeLeaf(world.ca, { ctLog: world.ctLog });
  const payloadType = 'application/vnd.in-toto+json';
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: o.subjects.map((s) => ({ name: s.name, digest: { sha256: createHash('sha256').update(s.content).digest('hex') } })),
    predicateType: o.predicateType ?? 'https://slsa.dev/provenance/v1',
    predicate: { buildDefinition: { buildType: 'https://keyward.test/build/v1' } },
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${payload.length} `), payload]);
  const signature = sign('sha256', pae, leaf.key.privateKey);
  const envelope = { payload: payload.toString('base64'), payloadType, signatures: [{ sig: signature.toString('base64'), keyid: '' }] };
  const body = {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: createHash('sha256').update(JSON.stringify(envelope)).digest('hex') },
      payloadHash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
      signatures: [{ signature: signature.toString('base64'), verifier: Buffer.from(pem(leaf.cert, 'CERTIFICATE')).toString('base64') }],
    },
  };
  return {
    leaf,
    json: JSON.stringify({
      mediaType: V03,
      verificationMaterial: { certificate: { rawBytes: leaf.cert.toString('base64') }, tlogEntries: [tlogEntry({ log: world.log, body })] },
      dsseEnvelope: envelope,
    }),
  };
}

/** A bundle signed with a managed key (no certificate): verified with `--key`. */
export function keyBundle(world: World, o: { artifact: Buffer; key: KeyPair }): string {
  const digest = createHash('sha256').update(o.artifact).digest();
  const signature = sign('sha256', o.artifact, o.key.privateKey);
  const entry = tlogEntry({
    log: world.log,
    body: hashedRekordBody(digest, signature, pem(spki(o.key.publicKey), 'PUBLIC KEY')),
    integratedTime: Math.floor(Date.now() / 1000) - 60,
  });
  return JSON.stringify({
    mediaType: V03,
    verificationMaterial: { publicKey: { hint: 'test-key' }, tlogEntries: [entry] },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: digest.toString('base64') }, signature: signature.toString('base64') },
  });
}

/** cosign's legacy `sign-blob --bundle` output for the same evidence as a v0.1 bundle. */
export function cosignLegacyBundle(world: World, o: { artifact: Buffer }): BuiltBundle {
  const leaf = makeLeaf(world.ca, { ctLog: world.ctLog });
  const digest = createHash('sha256').update(o.artifact).digest();
  const signature = sign('sha256', o.artifact, leaf.key.privateKey);
  const certPem = pem(leaf.cert, 'CERTIFICATE');
  const entry = tlogEntry({ log: world.log, body: hashedRekordBody(digest, signature, certPem), withProof: false });
  return {
    leaf,
    json: JSON.stringify({
      base64Signature: signature.toString('base64'),
      cert: Buffer.from(certPem).toString('base64'),
      rekorBundle: {
        SignedEntryTimestamp: (entry['inclusionPromise'] as { signedEntryTimestamp: string }).signedEntryTimestamp,
        Payload: {
          body: entry['canonicalizedBody'],
          integratedTime: Number(entry['integratedTime']),
          logIndex: Number(entry['logIndex']),
          logID: logId(world.log).toString('hex'),
        },
      },
    }),
  };
}
