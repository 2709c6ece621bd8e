/**
 * Property-based tests for the bundle JSON input of the offline verifier. Random JSON, random text and
 * mutations of real bundles (the demo's public-good sample and one generated here) must come back as
 * a `failed` result naming the failing check, or as a typed `VerifyError` about the caller's inputs:
 * never a crash, never an untyped exception, and never "verified" unless the mutation left the bundle
 * meaning the same thing.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'node:test';
import { isVerifyError, verifyBundle } from '../../../src/engine/verify';
import type { VerifyOptions } from '../../../src/engine/verify/types';
import { anyText, checkProperty, errorName, fc, mutated } from '../../helpers/fuzz';
import { GITHUB_ISSUER, makeWorld, messageBundle, TEST_IDENTITY, trustedRoot } from '../../helpers/sigstore-fixtures';
import { REPO_ROOT } from '../../helpers/verify-cli-build';

const sampleDir = join(REPO_ROOT, 'demo', 'sample-bundle');
const sample = {
  bundle: readFileSync(join(sampleDir, 'a.txt.sigstore.json'), 'utf8'),
  options: {
    artifact: { bytes: readFileSync(join(sampleDir, 'a.txt')) },
    policy: {
      identity:
        'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
      issuer: GITHUB_ISSUER,
    },
  },
};
const world = makeWorld();
const artifact = Buffer.from('fuzzed artifact\n');
const generated = {
  bundle: messageBundle(world, { artifact }).json,
  options: { artifact: { bytes: artifact }, policy: { identity: TEST_IDENTITY, issuer: GITHUB_ISSUER }, trustedRoot: trustedRoot(world) },
};
type Case = { readonly bundle: string; readonly options: Omit<VerifyOptions, 'bundle'> };
const cases: readonly Case[] = [sample, generated];

/** Runs the verifier; returns 'failed', 'verified' … or 'VerifyError'; anything else fails the property. */
function outcome(bundle: string, options: Omit<VerifyOptions, 'bundle'>): string {
  try {
    const result = verifyBundle({ ...options, bundle });
    assert.ok(['failed', 'verified', 'signature-valid-signer-not-checked'].includes(result.status), 'a known status');
    if (result.status === 'failed') assert.ok(result.failure !== undefined && result.failure.reason.length > 0, 'a failed result names its reason');
    return result.status;
  } catch (error) {
    if (isVerifyError(error)) return 'VerifyError';
    throw new Error(`verifyBundle threw ${errorName(error)} (not a VerifyError)`);
  }
}

/**
 * Fields that no signature covers and that the verifier does not need, so changing them may still
 * verify: the message digest's algorithm label (the artifact itself is hashed and checked against the
 * signature and the log entry). The inclusion proof's own tree size and root hash are not in this list:
 * Keyward requires them to equal the signed checkpoint's (checkpoint-binding.ts), so changing them fails.
 */
const UNSIGNED_FIELDS = ['messageSignature.messageDigest.algorithm'] as const;

function isUnsignedField(path: readonly (string | number)[]): boolean {
  const dotted = path.join('.');
  return UNSIGNED_FIELDS.some((field) => dotted === field);
}

/** proto3 JSON: a field set to its default value means the same as a missing field. */
const isProtoDefault = (value: unknown): boolean => value === null || value === '' || value === 0 || value === '0' || value === false;

/**
 * What a bundle means to the verifier, the way the protobuf JSON reader sees it: unsigned fields and
 * default values removed, 64-bit integers as strings or numbers alike, and bytes fields read as lenient
 * base64 (stray characters skipped).
 */
function meaning(text: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return Symbol('not JSON');
  }
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return `${value.length > 0 && /^\d+$/.test(value) ? value : ''}|${Buffer.from(value, 'base64').toString('base64')}`;
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key, item]) => !isUnsignedField([...path, key]) && !isProtoDefault(item))
          .map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };
  return walk(doc, []);
}

/** Every path to a value inside a JSON document. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

/** A copy of `doc` with the value at `path` replaced (or deleted when `replacement` is undefined). */
function withValue(doc: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: unknown = structuredClone(doc);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

test('the fuzz seeds are real: both bundles verify unmutated', () => {
  for (const { bundle, options } of cases) assert.equal(outcome(bundle, options), 'verified');
});

test('fuzz: random text and random JSON as a bundle fail (or raise a VerifyError), never crash', () => {
  checkProperty(
    fc.property(fc.constantFrom(...cases), fc.oneof(anyText, fc.json({ maxDepth: 8 })), ({ options }, bundle) => {
      assert.notEqual(outcome(bundle, options), 'verified');
    }),
    150,
  );
});

test('fuzz: text mutations of real bundles fail unless the bundle still means the same', () => {
  const arbitrary = fc.constantFrom(...cases).chain((c) => mutated(c.bundle).map((bundle) => ({ c, bundle })));
  checkProperty(
    fc.property(arbitrary, ({ c, bundle }) => {
      const result = outcome(bundle, c.options);
      if (result !== 'failed' && result !== 'VerifyError') {
        assert.ok(isDeepStrictEqual(meaning(bundle), meaning(c.bundle)), `a changed bundle was reported ${result}`);
      }
    }),
    150,
  );
});

test('fuzz: structural mutations (a value replaced or removed anywhere in the bundle) fail unless the field is unsigned', () => {
  const arbitrary = fc.constantFrom(...cases).chain((c) => {
    const doc = JSON.parse(c.bundle) as unknown;
    return fc
      .tuple(
        fc.constantFrom(...pathsOf(doc)),
        fc.option(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', 0, -1, 1e308, '0', 'AAAA', null, [], {})), { nil: undefined }),
      )
      .map(([path, replacement]) => ({ c, path, bundle: JSON.stringify(withValue(doc, path, replacement)) ?? 'null' }));
  });
  checkProperty(
    fc.property(arbitrary, ({ c, path, bundle }) => {
      const result = outcome(bundle, c.options);
      if (result !== 'failed' && result !== 'VerifyError') {
        assert.ok(isUnsignedField(path) || isDeepStrictEqual(meaning(bundle), meaning(c.bundle)), `changing ${path.join('.')} was reported ${result}`);
      }
    }),
    150,
  );
});
