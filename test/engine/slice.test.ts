// The heap-view Slice and SplitV kernels (src/engine/kernels/slice.ts) against the cpu backend.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, readyBackends, seeded, wasmVsCpu } from '../helpers/backends.js';

before(readyBackends);

test('slice matches the cpu backend for ranks 1-4, inner and outer boxes, -1 sizes and empty slices', async () => {
  const rng = seeded(41);
  const cases: [number[], number[], number[]][] = [
    [[17], [3], [9]],
    [[6, 9], [1, 2], [4, 5]],
    [[6, 9], [0, 4], [-1, -1]],
    [[6, 9], [2, 0], [3, 9]],
    [[4, 5, 6], [1, 0, 2], [2, 5, 3]],
    [[3, 4, 5, 6], [1, 1, 0, 3], [2, 2, 5, 2]],
    [[3, 4, 5, 6], [0, 2, 1, 0], [3, 1, 3, 6]],
    [[5, 4], [2, 1], [0, 3]],
  ];
  for (const [shape, begin, size] of cases) {
    const values = randomValues(rng, shape.reduce((a, b) => a * b, 1));
    const diff = await wasmVsCpu(() => [tf.slice(tf.tensor(values, shape), begin, size)]);
    assert.equal(diff, 0, `shape ${shape} begin ${begin} size ${size}`);
  }
  // int32 and bool too (indices, labels, masks).
  const ints = await wasmVsCpu(() => [tf.cast(tf.slice(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32'), [0, 1], [2, 2]), 'float32')]);
  assert.equal(ints, 0);
  const bools = await wasmVsCpu(() => [tf.cast(tf.slice(tf.tensor3d([true, false, true, true, false, false, true, false], [2, 2, 2], 'bool'), [1, 0, 0], [1, 2, 2]), 'float32')]);
  assert.equal(bools, 0);
  // Shapes survive (not only the flattened values).
  assert.deepEqual(tf.slice(tf.zeros([3, 4, 5]), [1, 0, 0], [2, -1, 5]).shape, [2, 4, 5]);
});

test('split (SplitV) and the gradient of concat match the cpu backend', async () => {
  const rng = seeded(42);
  const x = randomValues(rng, 7 * 30);
  assert.equal(await wasmVsCpu(() => tf.split(tf.tensor(x, [7, 30]), [12, 11, 7], 1)), 0);
  assert.equal(await wasmVsCpu(() => tf.split(tf.tensor(x, [7, 30]), [3, 4], 0)), 0);
  assert.equal(await wasmVsCpu(() => tf.split(tf.tensor(x, [7, 5, 6]), 3, 2)), 0);
  assert.equal(await wasmVsCpu(() => tf.split(tf.tensor(x, [7, 30]), [10, -1, 5], 1)), 0);
  assert.deepEqual(tf.split(tf.zeros([7, 30]), [10, -1, 5], 1).map((t) => t.shape), [[7, 10], [7, 15], [7, 5]]);
  const parts = [randomValues(rng, 4 * 3), randomValues(rng, 4 * 5), randomValues(rng, 4 * 2)];
  const w = randomValues(rng, 4 * 10);
  const diff = await wasmVsCpu(() => tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(tf.concat([a, b, c], 1), tf.tensor(w, [4, 10]))))(
    [tf.tensor(parts[0]!, [4, 3]), tf.tensor(parts[1]!, [4, 5]), tf.tensor(parts[2]!, [4, 2])]));
  assert.equal(diff, 0);
});
