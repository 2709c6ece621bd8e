// A small seeded PRNG (sfc32) so the generated workspace is the same on every machine for a given seed.
// Not for anything secret: planted keys come from node:crypto.

export function createRandom(seed) {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed;
  let c = 0xb7e15162 ^ (seed * 31);
  let d = 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    /** A size around `mean` with a long tail (log-normal), clamped to [min, max]. */
    size: (mean, min, max, sigma = 0.9) => {
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return Math.max(min, Math.min(max, Math.round(mean * Math.exp(sigma * z - (sigma * sigma) / 2))));
    },
    /** A lower-case identifier of 3–10 letters. */
    word: () => {
      let s = '';
      for (let i = 0, n = 3 + Math.floor(next() * 8); i < n; i++) s += String.fromCharCode(97 + Math.floor(next() * 26));
      return s;
    },
    /** Fisher–Yates, in place. */
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    /** Pseudo-random bytes (fast; for binary filler only). */
    bytes: (length) => {
      const words = new Uint32Array(Math.ceil(length / 4));
      for (let i = 0; i < words.length; i++) words[i] = next() * 4294967296;
      return Buffer.from(words.buffer, 0, length);
    },
  };
  return random;
}
