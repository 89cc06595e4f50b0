import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseIdx, readIdx, writeIdx, type IdxArray } from '../../src/data/index.js';
import { filesIn, fixture, rejectsUser, seededRandom, tempDir, throwsUser } from './helpers.js';

describe('IDX', () => {
  it('reads a hand-made ubyte fixture, plain and gzipped', async () => {
    const plain = await readIdx(fixture('tiny-ubyte.idx'));
    assert.equal(plain.dtype, 'ubyte');
    assert.deepEqual(plain.shape, [2, 2, 3]);
    assert.ok(plain.data instanceof Uint8Array);
    assert.deepEqual([...plain.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
    assert.deepEqual(await readIdx(fixture('tiny-ubyte.idx.gz')), plain);
  });

  it('reads big-endian int16', async () => {
    const a = await readIdx(fixture('tiny-int16.idx'));
    assert.equal(a.dtype, 'int16');
    assert.deepEqual(a.shape, [2]);
    assert.deepEqual([...a.data], [-2, 256]);
  });

  it('round-trips every dtype, gzipped or not, and encodes the header big-endian', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const rand = seededRandom(5);
      const arrays: IdxArray[] = [
        { dtype: 'ubyte', shape: [3, 4, 5], data: Uint8Array.from({ length: 60 }, () => Math.floor(rand() * 256)) },
        { dtype: 'int8', shape: [7], data: Int8Array.from([-128, -1, 0, 1, 127, 5, -5]) },
        { dtype: 'int16', shape: [2, 3], data: Int16Array.from([-32768, 32767, 0, 1, -1, 300]) },
        { dtype: 'int32', shape: [4], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1, 0, 123456789]) },
        { dtype: 'float32', shape: [2, 2], data: Float32Array.from([0.5, -1.25, 3.4e38, 1e-7]) },
        { dtype: 'float64', shape: [3], data: Float64Array.from([Math.PI, -0, 1e-300]) },
        { dtype: 'ubyte', shape: [], data: Uint8Array.of(42) },
      ];
      for (const [k, array] of arrays.entries()) {
        for (const name of [`a${k}.idx`, `a${k}.idx.gz`]) {
          await writeIdx(join(dir, name), array);
          const back = await readIdx(join(dir, name));
          assert.deepEqual(back, array);
          assert.equal(back.data.constructor, array.data.constructor);
        }
      }
      const bytes = await readFile(join(dir, 'a2.idx'));
      assert.deepEqual([...bytes.subarray(0, 16)], [0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0x80, 0x00, 0x7f, 0xff]);
      assert.deepEqual((await readFile(join(dir, 'a0.idx.gz'))).subarray(0, 2), Buffer.from([0x1f, 0x8b]));
      assert.equal((await filesIn(dir)).length, arrays.length * 2, 'no temp files left');
      assert.deepEqual(parseIdx(encodeIdx(arrays[3]!)), arrays[3]);
    } finally {
      await cleanup();
    }
  });

  it('rejects malformed files with a UserError', async () => {
    const good = await readFile(fixture('tiny-ubyte.idx'));
    throwsUser(() => parseIdx(good.subarray(0, good.length - 1), 'cut.idx'), /^cut\.idx has 27 bytes but its header \(ubyte, shape \[2, 2, 3\]\) needs 28;/);
    throwsUser(() => parseIdx(Buffer.concat([good, Buffer.of(0)]), 'long.idx'), /has 29 bytes but its header .* needs 28;/);
    throwsUser(() => parseIdx(Buffer.from('PK\x03\x04 not idx'), 'zip.idx'), /^zip\.idx does not start with the IDX magic number 00 00;/);
    throwsUser(() => parseIdx(Buffer.of(0, 0, 0x07, 1, 0, 0, 0, 1, 9), 'x.idx'), /unknown IDX type code 0x07;/);
    throwsUser(() => parseIdx(Buffer.of(0, 0, 8, 3, 0, 0), 'x.idx'), /ends inside its header/);
    throwsUser(() => parseIdx(gzipSync(good).subarray(0, 12), 'x.idx.gz'), /^x\.idx\.gz looks gzipped but cannot be decompressed/);
    await rejectsUser(readIdx('/no/such/train-images-idx3-ubyte'), /does not exist;/);
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(join(dir, 'empty.idx'), '');
      await rejectsUser(readIdx(join(dir, 'empty.idx')), /empty\.idx is empty;/);
      await rejectsUser(writeIdx(join(dir, 'no', 'x.idx'), { dtype: 'ubyte', shape: [1], data: Uint8Array.of(1) }), /does not exist; create it first/);
      await assert.rejects(writeIdx(join(dir, 'bad.idx'), { dtype: 'ubyte', shape: [2], data: Uint8Array.of(1) }), /shape \[2\] holds 2 values but data has 1/);
      assert.deepEqual(await filesIn(dir), ['empty.idx']);
    } finally {
      await cleanup();
    }
  });
});
