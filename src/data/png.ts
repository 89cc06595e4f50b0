/**
 * PNG output for image grids (e.g. a sheet of synthetic MNIST digits): 8-bit grayscale or RGB,
 * deflated with zlib, CRCs computed by `crc32.ts`. Writes are atomic.
 */
import { deflateSync } from 'node:zlib';
import { writeFileAtomic } from './atomic-write.js';
import { crc32 } from './crc32.js';

/** A raster ready to encode: `pixels` row-major, channels interleaved, 0..255. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly pixels: Uint8Array;
}

/**
 * A batch of images, channels last: shape [n, h, w], [n, h, w, 1], [n, h, w, 3], or [h, w] for one
 * image. An `IdxArray` (e.g. MNIST) fits as is.
 */
export interface ImageBatch {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

export interface GridOptions {
  /** Images per row of the grid (default ⌈√n⌉). */
  readonly columns?: number;
  /** Pixels between images and around the edge (default 2). */
  readonly padding?: number;
  /** Gray level 0..255 of the padding (default 0). */
  readonly background?: number;
  /**
   * How to read values: 'byte' = 0..255, 'unit' = [0, 1] (clipped, ×255, rounded). Default: 'byte'
   * for Uint8Array/Uint8ClampedArray data, 'unit' otherwise.
   */
  readonly scale?: 'byte' | 'unit';
}

function batchDims(shape: readonly number[]): { n: number; h: number; w: number; c: 1 | 3 } {
  const s = shape.length === 2 ? [1, shape[0]!, shape[1]!] : [...shape];
  if (s.length === 3) s.push(1);
  const [n, h, w, c] = s as [number, number, number, number];
  if (s.length !== 4 || (c !== 1 && c !== 3) || !(n > 0 && h > 0 && w > 0)) {
    throw new Error(`image batch shape [${shape.join(', ')}] is not [n, h, w], [n, h, w, 1|3] or [h, w]`);
  }
  return { n, h, w, c };
}

/** Lays the images of `batch` out in a grid, row by row. */
export function imageGrid(batch: ImageBatch, options: GridOptions = {}): RasterImage {
  const { n, h, w, c } = batchDims(batch.shape);
  if (batch.data.length !== n * h * w * c) throw new Error(`image batch has ${batch.data.length} values but shape [${batch.shape.join(', ')}] needs ${n * h * w * c}`);
  const cols = Math.max(1, Math.min(n, options.columns ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.ceil(n / cols);
  const pad = options.padding ?? 2;
  const width = cols * w + (cols + 1) * pad;
  const height = rows * h + (rows + 1) * pad;
  const pixels = new Uint8Array(width * height * c).fill(options.background ?? 0);
  const bytes = options.scale ? options.scale === 'byte' : batch.data instanceof Uint8Array || batch.data instanceof Uint8ClampedArray;
  const toByte = bytes
    ? (x: number): number => (x <= 0 ? 0 : x >= 255 ? 255 : Math.round(x))
    : (x: number): number => (x <= 0 || Number.isNaN(x) ? 0 : x >= 1 ? 255 : Math.round(x * 255));
  for (let k = 0; k < n; k++) {
    const x0 = pad + (k % cols) * (w + pad);
    const y0 = pad + Math.floor(k / cols) * (h + pad);
    for (let y = 0; y < h; y++) {
      const src = ((k * h + y) * w) * c;
      const dst = ((y0 + y) * width + x0) * c;
      for (let i = 0; i < w * c; i++) pixels[dst + i] = toByte(batch.data[src + i]!);
    }
  }
  return { width, height, channels: c, pixels };
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Encodes an 8-bit grayscale (1 channel) or RGB (3 channels) PNG. */
export function encodePng(image: RasterImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  if (pixels.length !== width * height * channels) throw new Error(`encodePng: ${pixels.length} pixel values for ${width}×${height}×${channels}`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: grayscale or truecolour
  // bytes 10..12: compression 0 (deflate), filter method 0, no interlace
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1); // filter type 0
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function writePng(path: string, image: RasterImage): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}

/** Writes `batch` as a PNG grid of images (see `GridOptions`). */
export async function writePngGrid(path: string, batch: ImageBatch, options: GridOptions = {}): Promise<void> {
  await writePng(path, imageGrid(batch, options));
}
