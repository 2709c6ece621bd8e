/**
 * GnuPG key files built at test time from node:crypto keys, byte by byte (RFC 4880 / RFC 9580 packets,
 * libgcrypt S-expressions): binary keyrings (`secring.gpg`, `gpg --export-secret-keys`) and gpg-agent
 * `private-keys-v1.d/<keygrip>.key` files. The layouts were checked against what GnuPG 2.2.40 writes.
 * Everything returned is secret material for the tests: never print it.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { pgpMpint, pgpPacket, uint32 } from './keys';

export type SecretForm = 'plain' | 'protected' | 'stub';

interface RsaParts {
  readonly n: Buffer;
  readonly e: Buffer;
  readonly d: Buffer;
  readonly p: Buffer;
  readonly q: Buffer;
  readonly u: Buffer;
}

function rsaParts(bits: number): RsaParts {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ format: 'jwk' });
  const [n, e, d, p, q, qi] = [jwk.n, jwk.e, jwk.d, jwk.p, jwk.q, jwk.qi].map((v) => Buffer.from(String(v), 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  // OpenPGP and libgcrypt want p < q and u = p⁻¹ mod q: JWK's q, p and qi are exactly that.
  return { n, e, d, p: q, q: p, u: qi };
}

/** The body of a v4 RSA key packet's public part. */
function rsaPublicPart(parts: RsaParts): Buffer {
  return Buffer.concat([Buffer.from([4]), uint32(Math.floor(Date.now() / 1000)), Buffer.from([1]), pgpMpint(parts.n), pgpMpint(parts.e)]);
}

function secretPart(parts: RsaParts, form: SecretForm): Buffer {
  if (form === 'stub') return Buffer.from([255, 0, 101, 0, 0x47, 0x4e, 0x55, 1]); // GNU dummy S2K: no secret
  if (form === 'protected') {
    // usage 254, AES-128, iterated+salted S2K with SHA-1, salt, count, IV, then sealed MPIs (random here).
    return Buffer.concat([Buffer.from([254, 7, 3, 2]), randomBytes(8), Buffer.from([0xff]), randomBytes(16), randomBytes(parts.n.length * 2 + 20)]);
  }
  const mpis = Buffer.concat([parts.d, parts.p, parts.q, parts.u].map(pgpMpint));
  let sum = 0;
  for (const byte of mpis) sum = (sum + byte) & 0xffff;
  return Buffer.concat([Buffer.from([0]), mpis, Buffer.from([sum >> 8, sum & 0xff])]);
}

export function v4Fingerprint(publicPart: Buffer): string {
  return createHash('sha1')
    .update(Buffer.from([0x99, publicPart.length >> 8, publicPart.length & 0xff]))
    .update(publicPart)
    .digest('hex')
    .toUpperCase();
}

export interface KeyringKeySpec {
  readonly primary: SecretForm;
  readonly subkey?: SecretForm;
}

export interface GeneratedKeyring {
  readonly bytes: Buffer;
  /** The primary keys' v4 fingerprints, in file order. */
  readonly fingerprints: readonly string[];
  /** The same keys as a public keyring (`pubring.gpg`, `gpg --export`). */
  readonly publicBytes: Buffer;
}

/**
 * A binary keyring: for each key a Secret-Key packet (tag 5), a User ID, a stand-in signature packet,
 * and optionally a Secret-Subkey packet (tag 7), as `gpg --export-secret-keys` and GnuPG 1's
 * `secring.gpg` lay them out.
 */
export function generateBinaryKeyring(
  keys: readonly KeyringKeySpec[],
  options: { readonly packetFormat?: 'old' | 'new'; readonly bits?: number } = {},
): GeneratedKeyring {
  const format = options.packetFormat ?? 'old';
  const packets: Buffer[] = [];
  const publicPackets: Buffer[] = [];
  const fingerprints: string[] = [];
  for (const spec of keys) {
    const primary = rsaParts(options.bits ?? 1024);
    const publicPart = rsaPublicPart(primary);
    fingerprints.push(v4Fingerprint(publicPart));
    const userId = pgpPacket(13, Buffer.from('Keyward Test <test@example.invalid>'), format);
    // Signature packets are opaque to the reader: a v4 header and random bytes stand in for one.
    const signature = pgpPacket(2, Buffer.concat([Buffer.from([4, 0x13, 1, 8, 0, 0]), randomBytes(130)]), format);
    packets.push(pgpPacket(5, Buffer.concat([publicPart, secretPart(primary, spec.primary)]), format), userId, signature);
    publicPackets.push(pgpPacket(6, publicPart, format), userId, signature);
    if (spec.subkey) {
      const sub = rsaParts(options.bits ?? 1024);
      const subPublic = rsaPublicPart(sub);
      packets.push(pgpPacket(7, Buffer.concat([subPublic, secretPart(sub, spec.subkey)]), format), signature);
      publicPackets.push(pgpPacket(14, subPublic, format), signature);
    }
  }
  return { bytes: Buffer.concat(packets), fingerprints, publicBytes: Buffer.concat(publicPackets) };
}

// ---------------------------------------------------------------------------------------------------
// gpg-agent key files

export interface GeneratedAgentKey {
  /** The file contents (canonical S-expressions are binary). */
  readonly bytes: Buffer;
  /** The keygrip gpg shows (`gpg -K --with-keygrip`), which is also the file name. */
  readonly keygrip: string;
}

type Atom = Buffer | string;
type Expression = Atom | readonly Expression[];

function canonical(expression: Expression): Buffer {
  if (Array.isArray(expression)) return Buffer.concat([Buffer.from('('), ...expression.map(canonical), Buffer.from(')')]);
  const atom = Buffer.isBuffer(expression) ? expression : Buffer.from(expression as string, 'latin1');
  return Buffer.concat([Buffer.from(`${atom.length}:`), atom]);
}

/** GnuPG's advanced notation: tokens bare, binary values as `#HEX#` wrapped at 70 columns with a leading space. */
function advanced(expression: Expression): string {
  if (Array.isArray(expression)) return `(${expression.map(advanced).join(' ')})`;
  if (typeof expression === 'string') return /^[A-Za-z][A-Za-z0-9\-./_:*+=]*$/.test(expression) ? expression : JSON.stringify(expression);
  const hex = (expression as Buffer).toString('hex').toUpperCase();
  return `#${(hex.match(/.{1,68}/g) ?? ['']).join('\n ')}#`;
}

/** An MPI as libgcrypt stores it: unsigned, with a leading zero byte when the top bit is set. */
function mpi(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const trimmed = value.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

export function generateAgentKey(
  options: { readonly algorithm?: 'rsa' | 'ed25519'; readonly protected?: boolean; readonly form?: 'canonical' | 'extended'; readonly shadowed?: boolean } = {},
): GeneratedAgentKey {
  let publicParams: Expression[];
  let secretParams: Expression[];
  let keygrip: string;
  if ((options.algorithm ?? 'rsa') === 'rsa') {
    const parts = rsaParts(1024);
    publicParams = ['rsa', ['n', mpi(parts.n)], ['e', mpi(parts.e)]];
    secretParams = [
      ['d', mpi(parts.d)],
      ['p', mpi(parts.p)],
      ['q', mpi(parts.q)],
      ['u', mpi(parts.u)],
    ];
    keygrip = createHash('sha1').update(mpi(parts.n)).digest('hex').toUpperCase();
  } else {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    publicParams = ['ecc', ['curve', 'Ed25519'], ['flags', 'eddsa'], ['q', Buffer.concat([Buffer.from([0x40]), Buffer.from(String(jwk.x), 'base64url')])]];
    secretParams = [['d', Buffer.from(String(jwk.d), 'base64url')]];
    // The ECC keygrip hashes the curve parameters too; gpg names the file by it, which is what Keyward reads.
    keygrip = randomBytes(20).toString('hex').toUpperCase();
  }
  let expression: Expression;
  if (options.shadowed) {
    expression = ['shadowed-private-key', [...publicParams, ['shadowed', 't1-v1', ['D2760001240103040000000000000000']]]];
  } else if (options.protected) {
    const sealed = randomBytes(secretParams.length * 96);
    const protection = ['protected', 'openpgp-s2k3-sha1-aes-cbc', [['sha1', randomBytes(8), '20971520'], randomBytes(16)], sealed];
    expression = ['protected-private-key', [...publicParams, protection, ['protected-at', '20261207T041154']]];
  } else {
    expression = ['private-key', [...publicParams, ...secretParams]];
  }
  if (options.form === 'extended') {
    return { bytes: Buffer.from(`Created: 20261207T041153\nKey: ${advanced(expression)}\n`, 'latin1'), keygrip };
  }
  return { bytes: canonical(expression), keygrip };
}
