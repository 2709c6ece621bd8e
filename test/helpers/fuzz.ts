/**
 * Shared settings and input generators for the property-based (fuzz) tests.
 *
 * Every property runs a fixed number of times from a fixed seed, so a failure reproduces on any
 * machine: fast-check prints the seed and the shrunk counterexample path. `KEYWARD_FUZZ_SEED` and
 * `KEYWARD_FUZZ_RUNS` override both for a longer local hunt; the defaults keep `npm test` quick.
 *
 * Counterexamples may contain (mutated) generated key material, so properties report only the
 * error class and never echo inputs: `reporter` below replaces fast-check's default report.
 */
import fc from 'fast-check';

export { fc };

// fast-check's default size keeps generated strings and arrays tiny; parsers need inputs of a few
// hundred characters to reach their deeper states.
fc.configureGlobal({ baseSize: 'medium' });

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const FUZZ_SEED = envNumber('KEYWARD_FUZZ_SEED', 0x4b657977);
const DEFAULT_RUNS = envNumber('KEYWARD_FUZZ_RUNS', 200);

/**
 * Runs a property with the fixed seed. On failure the thrown message names the seed, the path and the
 * error, but not the input (which may be key material).
 */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, runs = DEFAULT_RUNS): void {
  const details = fc.check(property, { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true });
  if (!details.failed) return;
  const error = details.errorInstance;
  const what = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : 'the property returned false';
  throw new Error(`property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}): ${what}`);
}

/** One edit applied to a string: the mutations a truncated, corrupted or hand-edited file shows. */
type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'swap-case'; readonly at: number; readonly length: number };

/** Characters that matter to the parsers: armour dashes, base64, quotes, escapes, line ends, JSON/YAML/shell syntax. */
const INTERESTING = [
  '-',
  '=',
  '+',
  '/',
  '\n',
  '\r\n',
  '\r',
  '"',
  "'",
  '\\',
  '\\n',
  ':',
  '{',
  '}',
  '[',
  ']',
  ',',
  ' ',
  '\t',
  '$',
  '`',
  '(',
  ')',
  '|',
  ';',
  '&',
  '#',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'é',
  '-----',
  'BEGIN ',
  'END ',
  'A',
  '0',
];

const fragment = fc.oneof(fc.constantFrom(...INTERESTING), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));

/** A position anywhere in the text, as a fraction of its length (scaled by POSITION_SCALE). */
const POSITION_SCALE = 0x10000;
const position = fc.integer({ min: 0, max: POSITION_SCALE - 1 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: position, text: fragment }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 128 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: fragment }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('swap-case' as const), at: position, length: fc.integer({ min: 1, max: 32 }) }), weight: 1 },
);

function applyMutation(text: string, m: Mutation): string {
  const at = Math.floor((m.at / POSITION_SCALE) * (text.length + 1));
  switch (m.kind) {
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'swap-case': {
      const part = text.slice(at, at + m.length);
      const swapped = [...part].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
      return text.slice(0, at) + swapped + text.slice(at + m.length);
    }
  }
}

/** `seed` with one to eight random edits: realistic near-misses of a valid input. */
export function mutated(seed: string): fc.Arbitrary<string> {
  return fc.array(mutation, { minLength: 1, maxLength: 8 }).map((edits) => edits.reduce(applyMutation, seed));
}

/** One of several seeds, mutated. */
export function mutatedOneOf(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(...seeds.map((seed) => mutated(seed)));
}

/** Arbitrary text: unicode, binary-ish, and strings built from the parsers' own syntax characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...INTERESTING), { maxLength: 200 }).map((parts) => parts.join('')),
);

/** Bytes for decoders that read binary (DER, keystores, SSH wire format). */
export const anyBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes));

/** `byte` flipped at random positions: a corrupted file. */
export function mutatedBytes(seed: Uint8Array): fc.Arbitrary<Buffer> {
  return fc
    .array(fc.record({ at: position, value: fc.integer({ min: 0, max: 255 }), cut: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }), {
      minLength: 1,
      maxLength: 8,
    })
    .map((edits) => {
      let bytes = Buffer.from(seed);
      for (const edit of edits) {
        if (bytes.length === 0) break;
        const at = Math.floor((edit.at / POSITION_SCALE) * bytes.length);
        if (edit.cut) bytes = bytes.subarray(0, at);
        else bytes[at] = edit.value;
      }
      return Buffer.from(bytes);
    });
}

/** The error class of a thrown value, for messages that must not quote inputs. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}
