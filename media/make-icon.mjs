// Draws media/icon.png (128×128): a shield with a keyhole. Node only, no image libraries:
// the shape is sampled 4×4 per pixel for smooth edges and written as an RGBA PNG with zlib.
// Run: node media/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;
const BACKGROUND = [0x14, 0x20, 0x2e];
const SHIELD = [0x2f, 0xb5, 0x7c];
const KEYHOLE = [0x14, 0x20, 0x2e];

/** Shield outline in unit coordinates (0..1): flat top with rounded shoulders, pointed bottom. */
function inShield(x, y) {
  if (y < 0.12 || y > 0.9) return false;
  const half = y < 0.55 ? 0.36 : 0.36 * Math.cos(((y - 0.55) / 0.35) * (Math.PI / 2));
  const shoulder = y < 0.2 ? Math.sqrt(Math.max(0, 0.08 ** 2 - (0.2 - y) ** 2)) + 0.28 : Infinity;
  return Math.abs(x - 0.5) <= Math.min(half, shoulder);
}

/** Keyhole: a circle over a tapered slot. */
function inKeyhole(x, y) {
  if ((x - 0.5) ** 2 + (y - 0.42) ** 2 <= 0.085 ** 2) return true;
  if (y < 0.42 || y > 0.7) return false;
  const half = 0.035 + ((y - 0.42) / 0.28) * 0.03;
  return Math.abs(x - 0.5) <= half;
}

function colourAt(x, y) {
  if (!inShield(x, y)) return BACKGROUND;
  return inKeyhole(x, y) ? KEYHOLE : SHIELD;
}

// Rounded-square tile: transparent outside a corner radius, so the icon sits well on any gallery theme.
function alphaAt(x, y) {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 255 : 0;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  const row = py * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = (px + (sx + 0.5) / SAMPLES) / SIZE;
        const y = (py + (sy + 0.5) / SAMPLES) / SIZE;
        const a = alphaAt(x, y);
        const c = colourAt(x, y);
        for (let i = 0; i < 3; i++) sum[i] += c[i] * a;
        sum[3] += a;
      }
    }
    const n = SAMPLES * SAMPLES;
    const offset = row + 1 + px * 4;
    const alpha = sum[3] / n;
    for (let i = 0; i < 3; i++) raw[offset + i] = alpha === 0 ? 0 : Math.round(sum[i] / sum[3]);
    raw[offset + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
