// Tiny, valid PNG files for fixture attachments: a client that decodes or previews an
// image must get a real one, and generating it beats shipping binary files.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

type Rgb = readonly [number, number, number];

/** Encodes 8-bit RGB pixels (`pixel(x, y)`) as a PNG. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let offset = 0;
  for (let y = 0; y < height; y++) {
    rows[offset++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      rows[offset++] = r;
      rows[offset++] = g;
      rows[offset++] = b;
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const ACCENTS: readonly Rgb[] = [
  [41, 98, 255],
  [0, 150, 136],
  [230, 81, 0],
  [123, 31, 162],
  [198, 40, 40],
  [55, 71, 79],
];

const screenshots = new Map<number, Buffer>();

/**
 * A small "screenshot": a coloured title bar over a light window with grey text lines.
 * Variants differ in colour and layout; each is encoded once per process and shared.
 */
export function screenshotPng(variant: number): Buffer {
  const key = Math.abs(Math.floor(variant)) % ACCENTS.length;
  const cached = screenshots.get(key);
  if (cached) return cached;
  const accent = ACCENTS[key] as Rgb;
  const width = 120;
  const height = 80;
  const png = encodePng(width, height, (x, y) => {
    if (y < 12) return accent;
    const line = Math.floor((y - 18) / 8);
    const inText = y >= 18 && (y - 18) % 8 < 3 && x >= 8 && x < width - 8 - ((line * 17 + key * 11) % 40);
    return inText ? [150, 150, 160] : [248, 248, 250];
  });
  screenshots.set(key, png);
  return png;
}
