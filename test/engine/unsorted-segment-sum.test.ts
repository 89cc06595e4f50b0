import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, readyBackends, seeded, wasmVsCpu } from '../helpers/backends.js';

before(readyBackends);

test('unsortedSegmentSum matches the cpu backend (with repeated and out-of-range ids)', async () => {
  const rng = seeded(31);
  for (const [rows, width, segments] of [[10, 3, 4], [50, 1, 7], [33, 17, 33]] as const) {
    const xv = randomValues(rng, rows * width);
    const ids = Int32Array.from({ length: rows }, () => rng.int(segments + 1) - (rng.int(10) === 0 ? 1 : 0));
    const diff = await wasmVsCpu(() => [tf.unsortedSegmentSum(tf.tensor(xv, [rows, width]), tf.tensor1d(ids, 'int32'), segments)]);
    assert.ok(diff <= 1e-6, `rows ${rows}: ${diff}`);
  }
});

test('the gradient of gather (embedding lookups) works on wasm and matches cpu', async () => {
  const rng = seeded(32);
  const table = randomValues(rng, 20 * 6);
  const ids = Int32Array.from({ length: 30 }, () => rng.int(20));
  const diff = await wasmVsCpu(() => tf.grads((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d(ids, 'int32')))))([tf.tensor(table, [20, 6])]));
  assert.ok(diff <= 1e-6, `${diff}`);
});
