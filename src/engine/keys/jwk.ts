import { createECDH, createPrivateKey, type JsonWebKey } from 'node:crypto';
import { objectsIn, parseJsonAt, type JsonNode, type JsonObjectNode } from '../text/json-spans';
import type { Carrier, KeyInfo, TextRange } from '../types';
import {
  decodeBase64UrlStrict,
  distinctBytes,
  MAX_KEYS_PER_FILE,
  rawPrivateKey,
  rawPublicKeyBytes,
  rawSpkiFingerprint,
  rsaSpkiFingerprint,
  sha256Identity,
  type RawKeyType,
} from './key-bytes';

/**
 * JSON Web Keys (RFC 7517/7518/8037) that carry private members: `d` for EC, OKP and RSA keys, `k` for
 * symmetric (`oct`) keys; also every key inside a JWKS `keys` array. Public JWKs and JWKS produce nothing.
 *
 * Validation derives the public half from the private member itself (EC point multiplication, Ed25519
 * seed expansion, RSA arithmetic), so placeholders (`"d": "..."`, `"<your key>"`)
 * and mismatched halves are rejected, and the fingerprint always belongs to the key that leaked.
 * Node's `createPrivateKey({ format: 'jwk' })` alone is not enough: it accepts `"d": "..."` for EC keys.
 */

export interface JwkPrivateKey {
  /** The object's `{` … `}` span. */
  readonly range: TextRange;
  readonly carrier: Carrier;
  readonly key: KeyInfo;
  /** `kid`, when it is short printable text (it is public). */
  readonly kid?: string;
  readonly symmetric: boolean;
  readonly identity: string;
}

/**
 * Finds private JWKs in a file. `wholeJson` is the file parsed as JSON (FileContext.json()), when it is
 * JSON: then one positional parse of the whole text finds every object exactly. Other files (YAML, .env,
 * source code, escaped strings) are searched around each `"kty"` member.
 */
export function findJwkPrivateKeys(text: string, wholeJson: unknown): JwkPrivateKey[] {
  if (!text.includes('kty')) return [];
  const found = new Map<number, JwkPrivateKey>();
  const coveredUntil = { plain: -1, escaped: -1 };
  if (wholeJson !== undefined && wholeJson !== null && typeof wholeJson === 'object') {
    const root = parseJsonAt(text, 0);
    if (root !== undefined) {
      collect(root, 'json', found);
      coveredUntil.plain = root.end;
    }
  }
  for (const candidate of ktyCandidates(text)) {
    const mode = candidate.escaped ? 'escaped' : 'plain';
    if (candidate.brace < coveredUntil[mode]) continue;
    const node = parseJsonAt(text, candidate.brace, { escaped: candidate.escaped, maxDepth: JWK_MAX_DEPTH });
    if (node === undefined) continue;
    collect(node, candidate.escaped ? 'escaped-string' : 'json', found);
    coveredUntil[mode] = Math.max(coveredUntil[mode], node.end);
  }
  return [...found.values()].sort((a, b) => a.range.start - b.range.start);
}

/**
 * A JWK nests at most an `oth` array of objects (multi-prime RSA). Parsing from a candidate brace stops
 * deeper than that, which keeps input like `{"kty":{"kty":{…` linear.
 */
const JWK_MAX_DEPTH = 4;
/** After `kty` (escapes undone): the closing quote, a colon and the opening quote of a string value. */
const KTY_IS_STRING = /^"\s*:\s*"/;
const ESCAPED_WHITESPACE = /\\[nrt]/g;

/**
 * The innermost `{` before each `"kty"` (or escaped `\"kty\"`), found in one pass with a brace stack.
 * Braces inside strings are not told apart: that only matters for a string with braces inside the JWK
 * itself before `kty`, which real keys do not have. Each brace is returned once, in text order.
 */
function ktyCandidates(text: string): { brace: number; escaped: boolean }[] {
  const stack: number[] = [];
  // Encoded as brace * 2 + (escaped ? 1 : 0): numbers keep the set and the sort cheap on huge inputs.
  const encoded = new Set<number>();
  for (let i = text.indexOf('kty'), scanned = 0; i >= 0; i = text.indexOf('kty', i + 3)) {
    // Bring the brace stack up to this occurrence.
    for (; scanned < i; scanned++) {
      const code = text.charCodeAt(scanned);
      if (code === 0x7b /* { */) stack.push(scanned);
      else if (code === 0x7d /* } */) stack.pop();
    }
    const brace = stack[stack.length - 1];
    if (brace === undefined || text.charCodeAt(i - 1) !== 0x22 /* " */) continue;
    const escaped = text.charCodeAt(i - 2) === 0x5c; /* \ */
    // `kty` is always a string (`"kty": "EC"`); anything else is no JWK and not worth a parse.
    if (
      !KTY_IS_STRING.test(
        text
          .slice(i + 3, i + 3 + 32)
          .replace(ESCAPED_WHITESPACE, ' ')
          .replaceAll('\\"', '"'),
      )
    )
      continue;
    encoded.add(brace * 2 + (escaped ? 1 : 0));
  }
  return Float64Array.from(encoded)
    .sort()
    .reduce<{ brace: number; escaped: boolean }[]>((out, code) => {
      out.push({ brace: Math.floor(code / 2), escaped: code % 2 === 1 });
      return out;
    }, []);
}

function collect(root: JsonNode, carrier: Carrier, found: Map<number, JwkPrivateKey>): void {
  for (const object of objectsIn(root)) {
    if (found.size >= MAX_KEYS_PER_FILE) return;
    if (found.has(object.start)) continue;
    const verdict = verifyJwk(memberStrings(object));
    if (verdict === undefined) continue;
    found.set(object.start, { ...verdict, range: { start: object.start, end: object.end }, carrier });
  }
}

/** String members by name; a repeated name keeps its last value, as JSON.parse does. */
function memberStrings(object: JsonObjectNode): ReadonlyMap<string, string> {
  const strings = new Map<string, string>();
  for (const [name, value] of object.members) {
    if (value.kind === 'string') strings.set(name, value.value);
    else strings.delete(name);
  }
  return strings;
}

type Verdict = Omit<JwkPrivateKey, 'range' | 'carrier'>;

type EcCurve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

const EC_CURVES: Readonly<Record<EcCurve, { readonly ecdh: string; readonly size: number }>> = {
  'P-256': { ecdh: 'prime256v1', size: 32 },
  'P-384': { ecdh: 'secp384r1', size: 48 },
  'P-521': { ecdh: 'secp521r1', size: 66 },
  secp256k1: { ecdh: 'secp256k1', size: 32 },
};

const OKP_CURVES: Readonly<Record<string, RawKeyType>> = { Ed25519: 'ed25519', Ed448: 'ed448', X25519: 'x25519', X448: 'x448' };

/** Checks one JWK's members; undefined unless it holds a real private or secret key. */
export function verifyJwk(members: ReadonlyMap<string, string>): Verdict | undefined {
  const kty = members.get('kty');
  const kid = printableKid(members.get('kid'));
  const withKid = kid === undefined ? {} : { kid };
  let result: { key: KeyInfo; identity: string } | undefined;
  if (kty === 'EC') result = verifyEc(members);
  else if (kty === 'OKP') result = verifyOkp(members);
  else if (kty === 'RSA') result = verifyRsa(members);
  else if (kty === 'oct') result = verifyOct(members);
  return result === undefined ? undefined : { ...result, ...withKid, symmetric: kty === 'oct' };
}

/** Private members must look like key material: strict base64url with both letter cases (`REPLACE_ME` has one). */
function privateBytes(value: string | undefined): Buffer | undefined {
  if (value === undefined || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return undefined;
  return decodeBase64UrlStrict(value);
}

function verifyEc(members: ReadonlyMap<string, string>): { key: KeyInfo; identity: string } | undefined {
  const crv = members.get('crv') ?? '';
  if (!Object.hasOwn(EC_CURVES, crv)) return undefined;
  const curve = EC_CURVES[crv as EcCurve];
  const d = privateBytes(members.get('d'));
  if (curve === undefined || d === undefined || d.length !== curve.size || distinctBytes(d) < 8) return undefined;
  let point: Buffer;
  try {
    const ecdh = createECDH(curve.ecdh);
    ecdh.setPrivateKey(d);
    point = ecdh.getPublicKey();
  } catch {
    return undefined; // zero or out of range for the curve
  }
  const x = point.subarray(1, 1 + curve.size).toString('base64url');
  const y = point.subarray(1 + curve.size).toString('base64url');
  if (!importsAsPrivateKey({ kty: 'EC', crv, x, y, d: d.toString('base64url') })) return undefined;
  const fingerprint = rawSpkiFingerprint(crv as EcCurve, point);
  return { key: { format: 'JWK', algorithm: 'ec', curve: crv, encrypted: false, publicKeyFingerprint: fingerprint }, identity: fingerprint };
}

function verifyOkp(members: ReadonlyMap<string, string>): { key: KeyInfo; identity: string } | undefined {
  const crv = members.get('crv') ?? '';
  const type = Object.hasOwn(OKP_CURVES, crv) ? OKP_CURVES[crv] : undefined;
  const d = privateBytes(members.get('d'));
  if (type === undefined || d === undefined || distinctBytes(d) < 8) return undefined;
  // rawPrivateKey goes through Node's JWK importer and derives the public half from d.
  const privateKey = rawPrivateKey(type, d);
  if (privateKey === undefined) return undefined;
  const fingerprint = rawSpkiFingerprint(type, rawPublicKeyBytes(privateKey));
  return { key: { format: 'JWK', algorithm: type, encrypted: false, publicKeyFingerprint: fingerprint }, identity: fingerprint };
}

const RSA_CRT = ['p', 'q', 'dp', 'dq', 'qi'] as const;

/**
 * RSA: with the CRT members (what every library writes) the key is checked by arithmetic that costs
 * microseconds: n = p·q and e·d ≡ 1 (mod p−1) and (mod q−1). A key with only `d` gets the defining
 * round trip (2^e)^d ≡ 2 (mod n), which is slow for big moduli and so limited to 4096 bits.
 */
function verifyRsa(members: ReadonlyMap<string, string>): { key: KeyInfo; identity: string } | undefined {
  const nBytes = decodeBase64UrlStrict(members.get('n') ?? '');
  const eBytes = decodeBase64UrlStrict(members.get('e') ?? '');
  const dBytes = privateBytes(members.get('d'));
  if (nBytes === undefined || eBytes === undefined || dBytes === undefined || eBytes.length === 0 || eBytes.length > 8) return undefined;
  const n = toBigInt(nBytes);
  const e = toBigInt(eBytes);
  const d = toBigInt(dBytes);
  const bits = n.toString(2).length;
  if (bits < 512 || bits > 16384 || d <= 1n || d >= n) return undefined;
  if (RSA_CRT.every((name) => members.has(name))) {
    const p = toBigInt(decodeBase64UrlStrict(members.get('p') ?? '') ?? Buffer.alloc(0));
    const q = toBigInt(decodeBase64UrlStrict(members.get('q') ?? '') ?? Buffer.alloc(0));
    if (p <= 1n || q <= 1n || p * q !== n || (e * d) % (p - 1n) !== 1n || (e * d) % (q - 1n) !== 1n) return undefined;
    const jwk = Object.fromEntries(['kty', 'n', 'e', 'd', ...RSA_CRT].map((name) => [name, members.get(name)]));
    if (!importsAsPrivateKey(jwk)) return undefined;
  } else if (bits > 4096 || modPow(modPow(2n, e, n), d, n) !== 2n) {
    return undefined;
  }
  const fingerprint = rsaSpkiFingerprint(nBytes, eBytes);
  return { key: { format: 'JWK', algorithm: 'rsa', bits, encrypted: false, publicKeyFingerprint: fingerprint }, identity: fingerprint };
}

/** Symmetric keys: at least 128 bits that look random. No public half, so the identity is a hash. */
function verifyOct(members: ReadonlyMap<string, string>): { key: KeyInfo; identity: string } | undefined {
  const k = privateBytes(members.get('k'));
  if (k === undefined || k.length < 16 || distinctBytes(k) < 8) return undefined;
  return { key: { format: 'JWK', algorithm: 'symmetric', bits: k.length * 8, encrypted: false }, identity: sha256Identity(k) };
}

/** The check Node itself applies when such a key is used (`createPrivateKey({ format: 'jwk' })`). */
function importsAsPrivateKey(jwk: JsonWebKey): boolean {
  try {
    createPrivateKey({ key: jwk, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

function printableKid(kid: string | undefined): string | undefined {
  return kid !== undefined && kid.length > 0 && kid.length <= 80 && /^[\x20-\x7e]+$/.test(kid) ? kid : undefined;
}

function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
