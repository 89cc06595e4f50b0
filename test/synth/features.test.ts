import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { createRng, initEngine } from '../../src/engine/index.js';
import { createEncoder, parseSchema } from '../../src/data/index.js';
import { drawFrequencies } from '../../src/features/random-fourier.js';
import { embedChunks } from '../../src/synth/mean-embedding.js';
import { explicitTerm } from '../../src/synth/embedding-term.js';
import { blockFeatureDims, fourierColumnMap, numericSlotCount, productKernelMap, sumKernelMap } from '../../src/synth/column-features.js';
import { drawProductSubsets } from '../../src/synth/methods.js';

before(async () => { await initEngine(); });

const schema = parseSchema({
  privkit: 'schema/1', source: 'user', columns: [
    { name: 'age', type: 'integer', bounds: [17, 90], public: true, missing: true },
    { name: 'color', type: 'categorical', categories: ['red', 'green', 'blue'], public: true, missing: true },
    { name: 'income', type: 'numeric', bounds: [0, 1000], public: true, format: { decimals: 1 } },
    { name: 'flag', type: 'categorical', categories: ['y', 'n'], public: true },
  ],
});
const encoder = createEncoder(schema);

/** Arbitrary points of the encoding's box, including soft (generator-like) outputs. */
function randomEncoded(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(n * encoder.width);
  for (let i = 0; i < n; i++) {
    for (const b of encoder.blocks) {
      const at = i * encoder.width + b.offset;
      if (b.type === 'categorical') {
        let total = 0;
        for (let k = 0; k < b.width; k++) { x[at + k] = rng.uniform(); total += x[at + k]!; }
        for (let k = 0; k < b.width; k++) x[at + k]! /= total;
      } else {
        for (let k = 0; k < b.width; k++) x[at + k] = rng.uniform();
      }
    }
  }
  return x;
}

test('every synthesizer feature map has norm ≤ 1 on any point of the encoding (hard and soft rows)', () => {
  const n = 500, x = tf.tensor2d(randomEncoded(n, 1), [n, encoder.width]);
  const opts = { order: 30, lengthScale: 0.2 };
  const maps = [
    sumKernelMap(encoder.blocks, encoder.width, opts),
    productKernelMap(encoder.blocks, encoder.width, { order: 6, lengthScale: 0.2 }, [0, 1, 3]),
    productKernelMap(encoder.blocks, encoder.width, { order: 6, lengthScale: 0.2 }, [0, 2]),
    fourierColumnMap(encoder.blocks, encoder.width, drawFrequencies(numericSlotCount(encoder.blocks), 400, 0.5, createRng(2)), 400),
  ];
  for (const map of maps) {
    const f = map.features(x);
    assert.equal(f.shape[1], map.dim);
    const worst = tf.max(tf.sum(tf.square(f), 1)).dataSync()[0]!;
    assert.ok(worst <= 1 + 1e-4, `${map.name}: max norm² ${worst}`);
  }
});

test('per-class embedding sums equal brute force over the rows', async () => {
  const rows = 300, x = randomEncoded(rows, 3), labels = Int32Array.from({ length: rows }, (_, i) => i % 3);
  const map = sumKernelMap(encoder.blocks, encoder.width, { order: 10, lengthScale: 0.3 });
  async function* chunks() {
    for (let s = 0; s < rows; s += 128) {
      const r = Math.min(128, rows - s);
      yield { x: x.slice(s * encoder.width, (s + r) * encoder.width), labels: labels.slice(s, s + r), rows: r };
    }
  }
  const { sums, classCounts } = await embedChunks(chunks(), [explicitTerm(map)], 3, encoder.width);
  assert.deepEqual(Array.from(classCounts), [100, 100, 100]);
  const f = map.features(tf.tensor2d(x, [rows, encoder.width])).arraySync() as number[][];
  for (let d = 0; d < map.dim; d += 7) {
    for (let c = 0; c < 3; c++) {
      let expected = 0;
      for (let i = c; i < rows; i += 3) expected += f[i]![d]!;
      assert.ok(Math.abs(sums[0]![c * map.dim + d]! - expected) < 1e-3, `dim ${d} class ${c}`);
    }
  }
});

test('product subsets respect the dimension cap and are reproducible', () => {
  const dims = blockFeatureDims(encoder.blocks, { order: 6, lengthScale: 0.2 });
  const a = drawProductSubsets(dims, 3, 10, 100, createRng(4)), b = drawProductSubsets(dims, 3, 10, 100, createRng(4));
  assert.deepEqual(a, b);
  assert.equal(a.length, 10);
  for (const s of a) assert.ok(s.reduce((p, j) => p * dims[j]!, 1) <= 100, JSON.stringify(s));
});

test('the embedding projects any feature row longer than 1 onto the unit ball (sensitivity by construction)', async () => {
  const width = 2;
  const tooLong = { name: 'broken map', dim: 2, features: (x: tf.Tensor2D) => tf.mul(x, 5) as tf.Tensor2D };
  async function* chunks() { yield { x: Float32Array.of(0.6, 0.8, 0.3, 0.4), labels: Int32Array.of(0, 0), rows: 2 }; }
  const { sums } = await embedChunks(chunks(), [explicitTerm(tooLong)], 1, width);
  // Rows become (3, 4) and (1.5, 2): projected to (0.6, 0.8) each, summed to (1.2, 1.6).
  assert.ok(Math.abs(sums[0]![0]! - 1.2) < 1e-5 && Math.abs(sums[0]![1]! - 1.6) < 1e-5, `${Array.from(sums[0]!)}`);
});

test('an explicit map drops rows with non-finite features and refuses labels outside the classes', async () => {
  const map = { name: 'identity', dim: 2, features: (x: tf.Tensor2D) => x };
  async function* chunks() { yield { x: Float32Array.of(0.6, NaN, 0.3, 0.4), labels: Int32Array.of(0, 0), rows: 2 }; }
  const { sums } = await embedChunks(chunks(), [explicitTerm(map)], 1, 2);
  assert.ok(Math.abs(sums[0]![0]! - 0.3) < 1e-6 && Math.abs(sums[0]![1]! - 0.4) < 1e-6, `${Array.from(sums[0]!)}`);
  // The kept rows keep their own labels; a chunk of non-finite rows only adds nothing.
  async function* mixed() {
    yield { x: Float32Array.of(NaN, 0.5, 0.3, 0.4, 0.6, 0), labels: Int32Array.of(0, 1, 1), rows: 3 };
    yield { x: Float32Array.of(Infinity, 0), labels: Int32Array.of(1), rows: 1 };
  }
  const two = (await embedChunks(mixed(), [explicitTerm(map)], 2, 2)).sums[0]!;
  assert.deepEqual(Array.from(two, (v) => Math.round(v * 1e6) / 1e6), [0, 0, 0.9, 0.4]);
  async function* bad() { yield { x: Float32Array.of(0.6, 0.8), labels: Int32Array.of(3), rows: 1 }; }
  await assert.rejects(embedChunks(bad(), [explicitTerm(map)], 2, 2), /outside 0\.\.1/);
});
