import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { crc32, encodePng, imageGrid, writePngGrid } from '../../src/data/index.js';
import { filesIn, tempDir } from './helpers.js';

interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  pixels: Uint8Array;
}

/** Minimal PNG decoder for filter-0 images, checking the signature and every chunk's CRC. */
function decodePng(bytes: Uint8Array): DecodedPng {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  const idat: Uint8Array[] = [];
  let header: DataView | null = null;
  const types: string[] = [];
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(view.getUint32(at + 8 + length), crc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    types.push(type);
    if (type === 'IHDR') header = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
  assert.ok(header);
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  const colorType = header.getUint8(9);
  const channels = colorType === 0 ? 1 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  assert.equal(raw.length, height * (stride + 1));
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (stride + 1)], 0, 'filter type 0');
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, bitDepth: header.getUint8(8), colorType, pixels };
}

describe('PNG', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
    assert.equal(crc32(Buffer.from('6789'), crc32(Buffer.from('12345'))), 0xcbf43926);
  });

  it('encodes grayscale pixels that decode back exactly', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 }, (_, i) => (i * 17) % 256);
    const png = decodePng(encodePng({ width: 5, height: 3, channels: 1, pixels }));
    assert.deepEqual([png.width, png.height, png.bitDepth, png.colorType], [5, 3, 8, 0]);
    assert.deepEqual(png.pixels, pixels);
  });

  it('lays out a grid of [0,1] float images with padding, and writes it atomically', async () => {
    // Three 2×2 images; image k is filled with k/2 → bytes 0, 128, 255.
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 4) / 2);
    const grid = imageGrid({ data, shape: [3, 2, 2] }, { columns: 2, padding: 1, background: 9 });
    assert.deepEqual([grid.width, grid.height, grid.channels], [7, 7, 1]);
    const row = (y: number): number[] => [...grid.pixels.subarray(y * 7, y * 7 + 7)];
    assert.deepEqual(row(0), [9, 9, 9, 9, 9, 9, 9]);
    assert.deepEqual(row(1), [9, 0, 0, 9, 128, 128, 9]);
    assert.deepEqual(row(4), [9, 255, 255, 9, 9, 9, 9]);
    const { dir, cleanup } = await tempDir();
    try {
      await writePngGrid(join(dir, 'grid.png'), { data, shape: [3, 2, 2] }, { columns: 2, padding: 1, background: 9 });
      assert.deepEqual(decodePng(await readFile(join(dir, 'grid.png'))).pixels, grid.pixels);
      assert.deepEqual(await filesIn(dir), ['grid.png']);
    } finally {
      await cleanup();
    }
  });

  it('encodes RGB grids from uint8 images (e.g. an IDX array)', () => {
    const data = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]); // two 1×2 RGB images
    const grid = imageGrid({ data, shape: [2, 1, 2, 3] }, { padding: 0 });
    const png = decodePng(encodePng(grid));
    assert.deepEqual([png.width, png.height, png.colorType], [4, 1, 2]);
    assert.deepEqual([...png.pixels], [...data]);
    assert.throws(() => imageGrid({ data, shape: [2, 1, 2, 2] }), /is not \[n, h, w\]/);
    assert.throws(() => imageGrid({ data, shape: [3, 1, 2, 3] }), /has 12 values but shape/);
  });
});
