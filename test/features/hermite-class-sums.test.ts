import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, initEngine } from '../../src/engine/index.js';
import * as tf from '../../src/engine/tf.js';
import { hermiteSumFeatures } from '../../src/features/hermite.js';
import { hermiteClassSums } from '../../src/engine/kernels/simd-kernels.js';
import { addHermiteClassSums, hermiteClassSumsOp, hermiteSumDim } from '../../src/features/hermite-class-sums.js';

before(async () => { await initEngine(); });

// The kernel lays features out [class, order, coordinate]; the tf reference [coordinate, order].
function referenceClassSums(x: Float32Array, labels: Int32Array, d: number, order: number, rho: number, classes: number): Float64Array {
  const K = order + 1, n = labels.length;
  const f = tf.tidy(() => hermiteSumFeatures(tf.tensor2d(x, [n, d]), rho, order).dataSync());
  const out = new Float64Array(classes * K * d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) for (let k = 0; k < K; k++) out[labels[i]! * K * d + k * d + p]! += f[i * d * K + p * K + k]!;
  return out;
}

const rng = createRng(5);
const n = 9, d = 7, order = 12, classes = 3, rho = 0.6; // d not a multiple of 4: the scalar tail runs too
const x = Float32Array.from({ length: n * d }, () => 2 * rng.uniform() - 0.5);
const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
const kernel = { dim: d, order, rho };

test('Hermite class sums equal the tf-op reference of the sum-kernel features', () => {
  const sums = new Float32Array(classes * hermiteSumDim(kernel));
  addHermiteClassSums(kernel, x, labels, classes, sums);
  const ref = referenceClassSums(x, labels, d, order, rho, classes);
  for (let j = 0; j < ref.length; j++) assert.ok(Math.abs(sums[j]! - ref[j]!) < 2e-5, `entry ${j}: ${sums[j]} vs ${ref[j]}`);
  const op = tf.tidy(() => hermiteClassSumsOp(kernel, tf.tensor2d(x, [n, d]), labels, classes).dataSync());
  for (let j = 0; j < ref.length; j++) assert.ok(Math.abs(op[j]! - ref[j]!) < 2e-5);
});

test('their gradient w.r.t. the input equals autodiff through the reference', () => {
  const w = tf.randomNormal([classes, hermiteSumDim(kernel)], 0, 1, 'float32', 3);
  const order3 = (t: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(t, [classes, order + 1, d]), [0, 2, 1]), [classes, -1]);
  const viaKernel = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(hermiteClassSumsOp(kernel, v as tf.Tensor2D, labels, classes), w)))(tf.tensor2d(x, [n, d])).dataSync();
  const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32');
  const viaTf = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(y, hermiteSumFeatures(v as tf.Tensor2D, rho, order), true, false), order3(w))))(tf.tensor2d(x, [n, d])).dataSync();
  for (let j = 0; j < viaTf.length; j++) assert.ok(Math.abs(viaKernel[j]! - viaTf[j]!) < 1e-4 * (1 + Math.abs(viaTf[j]!)), `entry ${j}: ${viaKernel[j]} vs ${viaTf[j]}`);
  w.dispose();
});

test('every row added to the release has feature norm at most 1', () => {
  // One row per class: the class sum is that row's feature vector. Near-zero inputs with ρ close to
  // 0 put almost all mass in φ_0 (norm → 1 from below), the case where float rounding could tip it over.
  const rows = 4, dim = 64;
  const xs = Float32Array.from({ length: rows * dim }, (_, i) => (i % 3) * 1e-4);
  for (const r of [1e-4, 0.3, 0.95]) {
    const k = { dim, order: 30, rho: r };
    const sums = new Float32Array(rows * hermiteSumDim(k));
    addHermiteClassSums(k, xs, Int32Array.from([0, 1, 2, 3]), rows, sums);
    for (let c = 0; c < rows; c++) {
      let sq = 0;
      for (let j = 0; j < hermiteSumDim(k); j++) sq += sums[c * hermiteSumDim(k) + j]! ** 2;
      assert.ok(Math.sqrt(sq) <= 1, `ρ ${r}: norm ${Math.sqrt(sq)}`);
    }
  }
});

test('the projection scales a row whose features would exceed norm 1 back onto the unit ball', () => {
  // scale 1 instead of 1/√d makes the unprojected norm ≈ √d = 8.
  const dim = 64, k = { rows: 1, dim, classes: 1, order: 10, rho: 0.5, scale: 1 };
  const xs = Float32Array.from({ length: dim }, (_, i) => i / dim);
  for (const project of [false, true]) {
    const sums = new Float32Array(11 * dim);
    hermiteClassSums(xs, Int32Array.from([0]), k, project, sums);
    const norm = Math.sqrt(sums.reduce((a, v) => a + v * v, 0));
    if (project) assert.ok(norm <= 1 && norm > 0.999, `projected norm ${norm}`);
    else assert.ok(norm > 5, `unprojected norm ${norm}`);
  }
});

test('a row with a non-finite pixel is dropped from the release, and labels outside the classes are refused', () => {
  const k = { dim: 8, order: 5, rho: 0.5 };
  const xs = Float32Array.from({ length: 16 }, (_, i) => (i === 3 ? NaN : i / 16));
  const sums = new Float32Array(2 * hermiteSumDim(k));
  addHermiteClassSums(k, xs, Int32Array.from([0, 1]), 2, sums);
  assert.ok(sums.subarray(0, hermiteSumDim(k)).every((v) => v === 0), 'the NaN row added nothing to its class');
  assert.ok(sums.subarray(hermiteSumDim(k)).some((v) => v !== 0) && sums.every(Number.isFinite));
  assert.throws(() => addHermiteClassSums(k, xs, Int32Array.from([0, 2]), 2, sums), /outside 0\.\.1/);
});
