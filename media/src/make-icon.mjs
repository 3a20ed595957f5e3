// Draws media/icon.png (128×128): a small search tree on a dark tile, the winning leaf green
// with a check mark. Shapes are signed-distance functions, supersampled for smooth edges.
// Run: node media/src/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUB = 4;

const BG = [27, 35, 48];
const EDGE = [122, 140, 168];
const NODE = [94, 129, 244];
const DIM = [70, 82, 104];
const WIN = [52, 199, 120];
const WHITE = [255, 255, 255];

const roundedRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, w) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - w / 2;
};

const root = [64, 26];
const mid = [[34, 62], [94, 62]];
const leaves = [[20, 100], [48, 100], [80, 100], [108, 100]];
const winner = 2;

// Layers drawn in order; the last one covering a point wins.
const layers = [
  { color: BG, d: (x, y) => roundedRect(x, y, 64, 64, 62, 62, 22) },
  ...mid.map(([mx, my]) => ({ color: EDGE, d: (x, y) => segment(x, y, root[0], root[1], mx, my, 4) })),
  ...leaves.map(([lx, ly], i) => {
    const [mx, my] = mid[i < 2 ? 0 : 1];
    return { color: i === winner ? WIN : EDGE, d: (x, y) => segment(x, y, mx, my, lx, ly, i === winner ? 5 : 4) };
  }),
  { color: NODE, d: (x, y) => circle(x, y, root[0], root[1], 12) },
  ...mid.map(([mx, my]) => ({ color: NODE, d: (x, y) => circle(x, y, mx, my, 10) })),
  ...leaves.map(([lx, ly], i) => ({ color: i === winner ? WIN : DIM, d: (x, y) => circle(x, y, lx, ly, i === winner ? 13 : 8) })),
  { color: WHITE, d: (x, y) => Math.min(segment(x, y, 74, 100, 78.5, 105, 3.6), segment(x, y, 78.5, 105, 87, 95, 3.6)) },
];

function pixel(px, py) {
  let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < SUB; sy++) {
    for (let sx = 0; sx < SUB; sx++) {
      const x = px + (sx + 0.5) / SUB;
      const y = py + (sy + 0.5) / SUB;
      let color = null;
      for (const layer of layers) if (layer.d(x, y) <= 0) color = layer.color;
      if (color) {
        r += color[0];
        g += color[1];
        b += color[2];
        a += 255;
      }
    }
  }
  const n = SUB * SUB;
  const alpha = a / n;
  // Colours are averaged over covered samples only (straight alpha).
  const covered = a / 255 || 1;
  return [Math.round(r / covered), Math.round(g / covered), Math.round(b / covered), Math.round(alpha)];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) {
    const [r, g, b, a] = pixel(x, y);
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = r;
    raw[o + 1] = g;
    raw[o + 2] = b;
    raw[o + 3] = a;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
