import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/engine/tf.js';
import { initEngine, createRng } from '../../src/engine/index.js';
import { drawFrequencies, fourierFeatures } from '../../src/features/random-fourier.js';

before(async () => { await initEngine(); });

test('random Fourier features have norm exactly 1 and approximate the Gaussian kernel', () => {
  const rng = createRng(9);
  const n = 50, d = 5, D = 20000, ell = 0.8;
  const omega = tf.tensor2d(drawFrequencies(d, D, ell, rng), [d, D / 2]);
  const xv = Float32Array.from({ length: n * d }, () => rng.uniform());
  const yv = Float32Array.from({ length: n * d }, () => rng.uniform());
  const fx = fourierFeatures(tf.tensor2d(xv, [n, d]), omega), fy = fourierFeatures(tf.tensor2d(yv, [n, d]), omega);
  for (const v of tf.sum(tf.square(fx), 1).dataSync()) assert.ok(Math.abs(v - 1) < 1e-5, `norm² ${v}`);
  const dots = tf.sum(tf.mul(fx, fy), 1).dataSync();
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < d; j++) sq += (xv[i * d + j]! - yv[i * d + j]!) ** 2;
    worst = Math.max(worst, Math.abs(dots[i]! - Math.exp(-sq / (2 * ell * ell))));
  }
  // Monte Carlo error of D/2 = 10,000 frequencies is ~1/√10000 = 0.01 per entry; 5 standard errors.
  assert.ok(worst < 0.05, `max kernel error ${worst}`);
});

test('the same seed draws the same frequencies', () => {
  assert.deepEqual(drawFrequencies(3, 8, 1, createRng(1)), drawFrequencies(3, 8, 1, createRng(1)));
  assert.throws(() => drawFrequencies(3, 7, 1, createRng(1)), /even/);
});

test('with the stored transposed frequencies the features and their input gradient are unchanged', () => {
  const omega = tf.tensor2d(drawFrequencies(6, 40, 0.7, createRng(8)), [6, 20]);
  const omegaT = tf.transpose(omega);
  const x = tf.randomNormal([5, 6], 0, 1, 'float32', 4) as tf.Tensor2D;
  const w = tf.randomNormal([5, 40], 0, 1, 'float32', 5);
  const loss = (t?: tf.Tensor2D) => (v: tf.Tensor) => tf.sum(tf.mul(fourierFeatures(v as tf.Tensor2D, omega, t), w));
  const plain = tf.grad(loss())(x).dataSync(), stored = tf.grad(loss(omegaT))(x).dataSync();
  for (let i = 0; i < plain.length; i++) assert.ok(Math.abs(plain[i]! - stored[i]!) < 1e-5, `${i}: ${plain[i]} vs ${stored[i]}`);
  tf.dispose([omega, omegaT, x, w]);
});
