/**
 * A real TUF repository built at test time (root, timestamp, snapshot and targets metadata signed with
 * throwaway Ed25519 keys by @tufjs/models), serving one `trusted_root.json` target from a node:http
 * server on 127.0.0.1 that counts the requests it gets. Lets the online trusted-root refresh be tested
 * end to end without the internet.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Metadata, MetadataKind, Signature } from '@tufjs/models';
import { canonicalJson } from './sigstore-fixtures';

interface TufKey {
  readonly id: string;
  readonly json: { keytype: 'ed25519'; scheme: 'ed25519'; keyval: { public: string } };
  readonly privateKey: KeyObject;
}

function tufKey(): TufKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const json = { keytype: 'ed25519' as const, scheme: 'ed25519' as const, keyval: { public: raw.toString('hex') } };
  return { id: createHash('sha256').update(canonicalJson(json)).digest('hex'), json, privateKey };
}

export interface RepoOptions {
  /** The `trusted_root.json` text the repository serves. */
  readonly trustedRoot: string;
  /** Expiry of the timestamp metadata (default: in a week). */
  readonly timestampExpires?: Date;
  /** Break the signature of this role's metadata after signing it. */
  readonly tamper?: 'targets' | 'timestamp';
}

export interface TufRepo {
  /** The initial root.json a client must trust (the "--tuf-root" file). */
  readonly rootJson: string;
  /** Path → body of every file the mirror serves. */
  readonly files: ReadonlyMap<string, Buffer>;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** One key per role, threshold 1, consistent_snapshot off (plain file names). */
export function buildTufRepo(options: RepoOptions): TufRepo {
  const keys = { root: tufKey(), timestamp: tufKey(), snapshot: tufKey(), targets: tufKey() };
  const inAWeek = new Date(Date.now() + WEEK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const common = { spec_version: '1.0.31', version: 1, expires: inAWeek };
  const target = Buffer.from(options.trustedRoot);

  const root = signed(MetadataKind.Root, keys.root, {
    _type: 'root',
    ...common,
    consistent_snapshot: false,
    keys: Object.fromEntries(Object.values(keys).map((k) => [k.id, k.json])),
    roles: Object.fromEntries(Object.entries(keys).map(([role, k]) => [role, { keyids: [k.id], threshold: 1 }])),
  });
  const targets = signed(MetadataKind.Targets, keys.targets, {
    _type: 'targets',
    ...common,
    targets: { 'trusted_root.json': { length: target.length, hashes: { sha256: createHash('sha256').update(target).digest('hex') } } },
  });
  const snapshot = signed(MetadataKind.Snapshot, keys.snapshot, { _type: 'snapshot', ...common, meta: { 'targets.json': { version: 1 } } });
  const timestamp = signed(MetadataKind.Timestamp, keys.timestamp, {
    _type: 'timestamp',
    ...common,
    expires: (options.timestampExpires?.toISOString() ?? inAWeek).replace(/\.\d{3}Z$/, 'Z'),
    meta: { 'snapshot.json': { version: 1 } },
  });
  if (options.tamper === 'targets') breakSignature(targets);
  if (options.tamper === 'timestamp') breakSignature(timestamp);

  const files = new Map<string, Buffer>([
    ['/1.root.json', Buffer.from(JSON.stringify(root))],
    ['/timestamp.json', Buffer.from(JSON.stringify(timestamp))],
    ['/snapshot.json', Buffer.from(JSON.stringify(snapshot))],
    ['/targets.json', Buffer.from(JSON.stringify(targets))],
    ['/targets/trusted_root.json', target],
  ]);
  return { rootJson: JSON.stringify(root), files };
}

type Json = Record<string, unknown>;

function signed(kind: MetadataKind, key: TufKey, body: Json): Json {
  // fromJSON's overloads take one literal kind each; the repository only needs the generic form.
  const metadata = (Metadata.fromJSON as (type: MetadataKind, data: Json) => Metadata<never>)(kind, { signed: body, signatures: [] });
  metadata.sign((data) => new Signature({ keyID: key.id, sig: sign(null, data, key.privateKey).toString('hex') }));
  return metadata.toJSON() as Json;
}

function breakSignature(metadata: Json): void {
  const [first] = metadata['signatures'] as { sig: string }[];
  if (first === undefined) throw new Error('no signature to break');
  first.sig = `${first.sig[0] === '0' ? '1' : '0'}${first.sig.slice(1)}`;
}

export interface TufMirror {
  readonly url: string;
  /** Every path requested so far, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Serves the repository on 127.0.0.1 (a free port); unknown paths are 404, as on a real mirror. */
export async function serveTufRepo(repo: TufRepo): Promise<TufMirror> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const body = repo.files.get(path);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/octet-stream' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
