// Spotify's image CDNs (i.scdn.co, mosaic.scdn.co, image-cdn-*.spotifycdn.com) stood in for on the
// fake: the API answers the real https URLs; the test browser is routed here for them (offline),
// and gets a small PNG whose colours come from the URL, so different covers look different.
import { deflateSync } from 'node:zlib';
import type { Reply } from './http';

/** Where the fake serves a CDN image: `/image-cdn/<host>/<path>`. */
export const IMAGE_CDN_PREFIX = '/image-cdn/';

/** The hosts Spotify serves covers from; the test browser routes https requests for these to the fake. */
export const SPOTIFY_IMAGE_HOSTS = /^https:\/\/(i\.scdn\.co|mosaic\.scdn\.co|image-cdn-[a-z]+\.spotifycdn\.com)\//;

/** The fake's path for a CDN URL, or undefined when the URL is not one of Spotify's image hosts. */
export function imageCdnPath(url: string): string | undefined {
  if (!SPOTIFY_IMAGE_HOSTS.test(url)) return undefined;
  const parsed = new URL(url);
  return `${IMAGE_CDN_PREFIX}${parsed.host}${parsed.pathname}`;
}

export function handleImageCdn(path: string): Reply | undefined {
  if (!path.startsWith(IMAGE_CDN_PREFIX)) return undefined;
  const size = Number(/\/(640|300|60|64|160|320)\//.exec(path)?.[1] ?? 64);
  // Covers are squares; 64 px is plenty for a 16 px row icon on any screen.
  return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000' }, body: coverPng(path, Math.min(size, 64)) };
}

/** A square PNG: two colours from a hash of `key`, split diagonally (a cover, not a flat swatch). */
export function coverPng(key: string, size: number): Buffer {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const hue = hash % 360;
  const [r1, g1, b1] = hsl(hue, 0.65, 0.45);
  const [r2, g2, b2] = hsl((hue + 40) % 360, 0.7, 0.7);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) {
      const light = x + y > size;
      row[1 + x * 3] = light ? r2 : r1;
      row[2 + x * 3] = light ? g2 : g1;
      row[3 + x * 3] = light ? b2 : b1;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
