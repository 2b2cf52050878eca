// Generates the toolbar/store icons: an indigo rounded-square badge with a white shield
// and a keyhole cut through it. Run with `npx tsx scripts/make-icons.ts`.
// Dependency-free on purpose (Node standard library only) so the icons can be rebuilt anywhere.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
// All geometry is in badge coordinates: 0..1 across the badge, x measured from its centre line.
// `shoulder` is where the shield's straight sides start tapering to the tip; slot widths are
// fractions of the keyhole radius.
type Shield = { halfW: number; top: number; shoulder: number; tip: number; corner: number };
type Hole = { y: number; r: number; slotLen: number; slotTop: number; slotBottom: number };
type Design = { corner: number; shield: Shield; hole: Hole };

const BADGE_TOP: Rgb = [0x4a, 0x4f, 0xd8];
const BADGE_BOTTOM: Rgb = [0x34, 0x37, 0xb4];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 8; // 8x8 samples per pixel gives smooth edges even at 16 px

const LARGE: Design = {
  corner: 0.22,
  shield: { halfW: 0.3, top: 0.18, shoulder: 0.5, tip: 0.86, corner: 0.07 },
  hole: { y: 0.43, r: 0.09, slotLen: 0.2, slotTop: 0.5, slotBottom: 0.75 },
};
// Small sizes use a bigger shield and keyhole with edges on whole pixels at 16 px
// (multiples of 1/16) and a straight 2 px slot, so the keyhole stays crisp instead of blurring.
const SMALL: Design = {
  corner: 0.2,
  shield: { halfW: 0.3125, top: 0.125, shoulder: 0.5, tip: 0.91, corner: 0.0625 },
  hole: { y: 0.375, r: 0.125, slotLen: 0.3125, slotTop: 0.5, slotBottom: 0.5 },
};
// [size, transparent inset as a fraction of the icon, design]. The 128 px store icon keeps
// Chrome Web Store's recommended 16 px padding; toolbar sizes use every pixel.
const ICONS: [number, number, Design][] = [
  [16, 0, SMALL],
  [32, 0, SMALL],
  [48, 1 / 48, LARGE],
  [128, 16 / 128, LARGE],
];

// Signed distance to a rounded box centred on the origin (negative inside).
function roundBoxDist(x: number, y: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x) - hw + r;
  const qy = Math.abs(y) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function inShield(x: number, y: number, s: Shield): boolean {
  if (y < s.top || y > s.tip) return false;
  if (y <= s.shoulder) {
    // Extend the box below the shoulder so only the top corners are rounded.
    const bottom = s.shoulder + s.corner;
    return roundBoxDist(x, y - (s.top + bottom) / 2, s.halfW, (bottom - s.top) / 2, s.corner) <= 0;
  }
  // The power curve keeps the lower half full-bodied before it narrows to the point.
  const t = (y - s.shoulder) / (s.tip - s.shoulder);
  return Math.abs(x) <= s.halfW * (1 - t ** 1.7);
}

function inKeyhole(x: number, y: number, h: Hole): boolean {
  const dy = y - h.y;
  if (x * x + dy * dy <= h.r * h.r) return true;
  if (dy < 0 || dy > h.slotLen) return false;
  const t = dy / h.slotLen;
  return Math.abs(x) <= h.r * (h.slotTop + (h.slotBottom - h.slotTop) * t);
}

// Colour at a point in badge coordinates, or null where the icon is transparent.
function sample(u: number, v: number, d: Design): Rgb | null {
  if (roundBoxDist(u - 0.5, v - 0.5, 0.5, 0.5, d.corner) > 0) return null;
  if (inShield(u - 0.5, v, d.shield) && !inKeyhole(u - 0.5, v, d.hole)) return WHITE;
  // A subtle vertical gradient adds depth at large sizes and is invisible at small ones.
  const mix = (i: 0 | 1 | 2): number => BADGE_TOP[i] + (BADGE_BOTTOM[i] - BADGE_TOP[i]) * v;
  return [mix(0), mix(1), mix(2)];
}

function render(size: number, inset: number, d: Design): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const toBadge = (p: number): number => (p / size - inset) / (1 - 2 * inset);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Average colour over covered samples only, so edge pixels don't pick up dark fringes.
      const acc: [number, number, number] = [0, 0, 0];
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const u = toBadge(px + (sx + 0.5) / SUPERSAMPLE);
          const c = sample(u, toBadge(py + (sy + 0.5) / SUPERSAMPLE), d);
          if (!c) continue;
          acc[0] += c[0];
          acc[1] += c[1];
          acc[2] += c[2];
          hits++;
        }
      }
      const rgb = acc.map((sum) => (hits > 0 ? Math.round(sum / hits) : 0));
      out.set([...rgb, Math.round((hits / SUPERSAMPLE ** 2) * 255)], (py * size + px) * 4);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body)); // the CRC covers type + data, not the length
  return Buffer.concat([head, body, crc]);
}

function encodePng(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, standard filtering, no interlace
  // Every scanline starts with filter type 0 (None); deflate does the compressing.
  const stride = size * 4;
  const raw = Buffer.alloc(size * (stride + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
mkdirSync(outDir, { recursive: true });
for (const [size, inset, design] of ICONS) {
  const png = encodePng(size, render(size, inset, design));
  writeFileSync(join(outDir, `icon-${size}.png`), png);
  console.log(`wrote icon-${size}.png (${png.length} bytes)`);
}
