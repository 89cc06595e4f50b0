// Imports the engine's tf module FIRST (before tfjs-core anywhere else): the bundled gradients
// must then still share tfjs-core's engine. With the wrong evaluation order, gradients through a
// same-dtype cast (and so tf.moments, batch norm) failed with "reading 'clone' of null".
import * as tf from '../../src/engine/tf.js';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine } from '../../src/engine/index.js';

before(async () => { await initEngine(); });

test('gradients flow through cast, moments and clipByValue', () => {
  const v = tf.variable(tf.tensor2d([[1, 2, 3], [4, 5, 7], [0, -1, 2], [3, 3, 3]]));
  const g1 = tf.grads((x: tf.Tensor) => tf.sum(tf.cast(x, 'float32')))([v])[0]!;
  assert.deepEqual(Array.from(g1.dataSync()), new Array(12).fill(1));
  const g2 = tf.grads((x: tf.Tensor) => tf.sum(tf.moments(x, 0).variance))([v])[0]!;
  // d/dx_i of Σ_cols var = 2(x_i − mean)/n per column.
  const x = v.arraySync() as number[][];
  const expected = x.flatMap((row) => row.map((value, j) => (2 * (value - x.reduce((s, r) => s + r[j]!, 0) / 4)) / 4));
  Array.from(g2.dataSync()).forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) < 1e-5, `${g} vs ${expected[i]}`));
  const g3 = tf.grads((x: tf.Tensor) => tf.sum(tf.clipByValue(x, 0, 3)))([v])[0]!;
  assert.deepEqual(Array.from(g3.dataSync()), [1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1]);
});
